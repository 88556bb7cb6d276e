// Careers pages: small enhancements. Everything works without this file.
(function () {
  "use strict";

  function showFileError(input, message) {
    var existing = input.parentNode.querySelector(".client-error");
    if (existing) { existing.remove(); }
    input.removeAttribute("aria-invalid");
    if (!message) { return; }
    var list = document.createElement("ul");
    list.className = "errorlist client-error";
    var item = document.createElement("li");
    item.textContent = message;
    list.appendChild(item);
    input.setAttribute("aria-invalid", "true");
    input.insertAdjacentElement("afterend", list);
  }

  function fileTooLarge(input) {
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var file = input.files && input.files[0];
    return Boolean(limit && file && file.size > limit);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.hasAttribute("data-max-bytes")) { return; }
    // Saying "too large" now saves the person a long upload and keeps what they typed.
    showFileError(input, fileTooLarge(input) ? input.getAttribute("data-too-large") : "");
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== "apply-form") { return; }
    var input = form.querySelector("input[type=file][data-max-bytes]");
    if (input && fileTooLarge(input)) {
      event.preventDefault();
      showFileError(input, input.getAttribute("data-too-large"));
      input.focus();
      return;
    }
    // One click, one application: a second click while the upload runs does nothing.
    var button = form.querySelector("button[type=submit]");
    if (button) {
      if (button.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
      button.setAttribute("aria-busy", "true");
      button.textContent = "Sending…";
    }
  });
})();
