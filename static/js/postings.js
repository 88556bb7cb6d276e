// Posting forms: add formset rows and show only the question fields that apply.
// Everything works without this file; it only saves clicks and hides noise.
(function () {
  "use strict";

  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-template");
    var rows = document.getElementById(prefix + "-rows");
    if (!total || !template || !rows) { return; }
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("tbody");
    holder.innerHTML = html;
    while (holder.firstElementChild) { rows.appendChild(holder.firstElementChild); }
    total.value = String(index + 1);
    var input = rows.lastElementChild && rows.lastElementChild.querySelector("input[type=text]");
    if (input) { input.focus(); }
  }

  function syncQuestion(box) {
    var kind = box.querySelector("select[name$='kind']");
    var rule = box.querySelector("select[name$='rule']");
    box.querySelectorAll("[data-for-kinds]").forEach(function (el) {
      el.hidden = !kind || el.getAttribute("data-for-kinds").split(" ").indexOf(kind.value) === -1;
    });
    box.querySelectorAll("[data-for-rules]").forEach(function (el) {
      el.hidden = !rule || el.getAttribute("data-for-rules") !== rule.value;
    });
  }

  function syncAll(root) {
    (root || document).querySelectorAll("[data-question-form]").forEach(syncQuestion);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (button) {
      event.preventDefault();
      addRow(button.getAttribute("data-add-row"));
    }
  });
  document.addEventListener("change", function (event) {
    var box = event.target.closest("[data-question-form]");
    if (box) { syncQuestion(box); }
  });
  document.addEventListener("DOMContentLoaded", function () { syncAll(); });
  document.addEventListener("htmx:afterSettle", function (event) { syncAll(event.target); });
})();
