// Drag and drop for the pipeline board. The keyboard menu on each card does the same
// without JavaScript; this only turns a drop into the same POST through htmx.
(function () {
  "use strict";

  var dragged = null;

  function columnOf(element) {
    return element && element.closest ? element.closest(".board-column[data-stage-id]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".card[draggable=true]") : null;
    if (!card) { return; }
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.application);
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
    document.querySelectorAll(".board-column.drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) { return; }
    event.preventDefault();  // allows the drop
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) { column.classList.remove("drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    if (!card || !column) { return; }
    event.preventDefault();
    column.classList.remove("drop-target");
    if (column.dataset.stageId === card.dataset.stage) { return; }
    var body = document.getElementById("board-body");
    if (!body || !window.htmx) { return; }
    card.classList.add("moving");
    window.htmx.ajax("POST", body.dataset.moveUrl, {
      source: card,
      swap: "none",
      values: {
        application: card.dataset.application,
        version: card.dataset.version,
        from_stage: card.dataset.stage,
        to_stage: column.dataset.stageId
      }
    });
  });
})();
