// Interviews: small progressive enhancements; every form also works without this file.
(function () {
  "use strict";
  // Round form: show the address for in-person rounds and the link for online ones.
  function syncMode(root) {
    root.querySelectorAll("select[name=mode]").forEach(function (select) {
      var form = select.form;
      if (!form) { return; }
      form.querySelectorAll("[data-mode]").forEach(function (label) {
        label.hidden = label.getAttribute("data-mode") !== select.value;
      });
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "mode") { syncMode(document); }
  });
  document.addEventListener("DOMContentLoaded", function () { syncMode(document); });
  document.addEventListener("htmx:afterSwap", function (event) { syncMode(event.target); });
})();
