// Applications list: "select all" and showing only the inputs the chosen bulk action
// needs. The page works without this file (all inputs are then simply visible).
(function () {
  "use strict";

  function syncBulkInputs(root) {
    var select = root.querySelector("[data-bulk-action]");
    if (!select) { return; }
    root.querySelectorAll("[data-bulk-for]").forEach(function (el) {
      var wanted = el.getAttribute("data-bulk-for").split(" ");
      el.hidden = wanted.indexOf(select.value) === -1;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-select-all]")) {
      var form = target.closest("form");
      form.querySelectorAll('input[type=checkbox][name="selected"]').forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.matches("[data-bulk-action]")) {
      syncBulkInputs(target.closest("form"));
    }
  });

  function init() { syncBulkInputs(document); }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSwap", init);
})();
