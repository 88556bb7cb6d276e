// The pipeline board: drag and drop, the card menu loaded on demand, focus kept on the
// card after a move or reject, collapsible columns, a scroll cue, knock-out reasons on
// tap. Every action also works without JavaScript (the card's "Move or reject…" link is
// a page of its own); this turns them into the same requests through htmx.
(function () {
  "use strict";

  var dragged = null;
  var pendingFocus = null;  // {id, next, prev, column} of the card being acted on

  function columnOf(element) {
    return element && element.closest ? element.closest(".board-column[data-stage-id]") : null;
  }

  function cardId(card) { return card.id.replace(/^card-/, ""); }

  // Cards carry neither `draggable` nor their stage (bytes on a board of 200 cards).
  function prepareCards() {
    document.querySelectorAll(".board-column[data-stage-id] .card:not(.card-ended)").forEach(function (card) {
      card.draggable = true;
      card.dataset.stage = columnOf(card).dataset.stageId;
    });
  }

  function siblingCard(card, forward) {
    var other = forward ? card.nextElementSibling : card.previousElementSibling;
    while (other && !other.classList.contains("card")) {
      other = forward ? other.nextElementSibling : other.previousElementSibling;
    }
    return other ? other.id : null;
  }

  function remember(card) {
    var column = columnOf(card);
    pendingFocus = {
      id: card.id,
      next: siblingCard(card, true),
      prev: siblingCard(card, false),
      column: column ? column.id : null
    };
  }

  function focusCard(card) {
    var target = card.querySelector(".card-act") || card.querySelector("a, button") || card;
    if (target === card) { card.setAttribute("tabindex", "-1"); }
    target.focus();
    card.scrollIntoView({block: "nearest", inline: "nearest"});
  }

  // After the answer's out-of-band swaps: the card itself (now in its new column), else
  // the next (or previous) card of the column it left, else that column.
  function restoreFocus() {
    if (!pendingFocus) { return; }
    var wanted = pendingFocus;
    pendingFocus = null;
    var ids = [wanted.id, wanted.next, wanted.prev];
    for (var i = 0; i < ids.length; i++) {
      var card = ids[i] && document.getElementById(ids[i]);
      if (card) { focusCard(card); return; }
    }
    var column = wanted.column && document.getElementById(wanted.column);
    var toggle = column && column.querySelector(".column-toggle");
    if (toggle) { toggle.focus(); }
  }

  // --- drag and drop ---------------------------------------------------------------------

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".card[draggable=true]") : null;
    if (card && !card.dataset.stage) { prepareCards(); }
    if (!card) { return; }
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", cardId(card));
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
    remember(card);
    window.htmx.ajax("POST", body.dataset.moveUrl, {
      source: card,
      swap: "none",
      values: {
        application: cardId(card),
        version: card.dataset.version,
        from_stage: card.dataset.stage,
        to_stage: column.dataset.stageId
      }
    });
  });

  // --- the card menu, on demand ------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".card .card-act") : null;
    var body = document.getElementById("board-body");
    if (!link || !body || !window.htmx) { return; }
    event.preventDefault();
    var card = link.closest(".card");
    // The menu acts on the card as this board shows it: a move from a stale board is
    // refused with who moved it, as a drag would be.
    var url = body.dataset.menuUrl + cardId(card) + "&part=menu&version=" + encodeURIComponent(card.dataset.version) +
      "&from_stage=" + encodeURIComponent(card.dataset.stage || "");
    // The menu's stage list has `autofocus`: htmx focuses it once the menu is processed
    // (its links live), so a quick Tab-Enter never reaches a link htmx has not wired yet.
    window.htmx.ajax("GET", url, {source: link, target: link, swap: "outerHTML"});
  });

  // Escape closes an open menu and gives focus back to the card.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menu = event.target.closest ? event.target.closest(".card .card-menu") : null;
    if (!menu) { return; }
    var card = menu.closest(".card");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "card-act";
    button.textContent = "Move or reject…";
    menu.replaceWith(button);
    focusCard(card);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches(".card form, .card")) {
      remember(elt.closest(".card"));
    }
  });

  // A poll that brings changes redraws the whole board: keep focus on the card that had it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "board-body" || pendingFocus) { return; }
    var active = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".board .card") : null;
    if (active) { remember(active); }
  });

  document.addEventListener("htmx:afterRequest", function () {
    dedupeCards();
    prepareCards();
    applyCollapsed();
    restoreFocus();
    updateScrollCue();
  });

  // "Load more" can bring a card already shown (the one just moved past the first page).
  function dedupeCards() {
    var seen = {};
    document.querySelectorAll(".board .card[id]").forEach(function (card) {
      if (seen[card.id]) { card.remove(); } else { seen[card.id] = true; }
    });
  }

  // --- knock-out reasons on tap and focus (hover and focus work by CSS alone) -----------------

  document.addEventListener("click", function (event) {
    var badge = event.target.closest ? event.target.closest(".card .ko") : null;
    if (!badge) { return; }
    badge.setAttribute("aria-expanded", badge.getAttribute("aria-expanded") === "true" ? "false" : "true");
  });

  // --- collapsible columns, remembered per posting in this browser ----------------------------

  function collapsedKey() {
    var board = document.querySelector(".board[data-posting]");
    return board ? "board-collapsed:" + board.dataset.posting : null;
  }

  function collapsedSet() {
    var key = collapsedKey();
    try { return key ? JSON.parse(window.localStorage.getItem(key) || "[]") : []; } catch (e) { return []; }
  }

  function applyCollapsed() {
    var collapsed = collapsedSet();
    document.querySelectorAll(".board-column[data-stage-id]").forEach(function (column) {
      var shut = collapsed.indexOf(column.dataset.stageId) >= 0;
      column.classList.toggle("collapsed", shut);
      var toggle = column.querySelector(".column-toggle");
      if (toggle) { toggle.setAttribute("aria-expanded", shut ? "false" : "true"); }
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest(".column-toggle") : null;
    if (!toggle) { return; }
    var column = columnOf(toggle);
    var key = collapsedKey();
    var collapsed = collapsedSet().filter(function (id) { return id !== column.dataset.stageId; });
    if (!column.classList.contains("collapsed")) { collapsed.push(column.dataset.stageId); }
    try { window.localStorage.setItem(key, JSON.stringify(collapsed)); } catch (e) { /* private mode */ }
    applyCollapsed();
    updateScrollCue();
  });

  // --- a visible cue when columns are off the right edge ------------------------------------

  function updateScrollCue() {
    var board = document.querySelector(".board");
    var cue = document.querySelector(".board-scroll-cue");
    if (!board || !cue) { return; }
    var more = board.scrollWidth - board.clientWidth - board.scrollLeft > 4;
    cue.hidden = !more;
    board.classList.toggle("more-right", more);
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("[data-board-scroll]")) { return; }
    var board = document.querySelector(".board");
    if (board) { board.scrollBy({left: board.clientWidth * 0.8, behavior: "smooth"}); }
  });

  document.addEventListener("scroll", function (event) {
    if (event.target.classList && event.target.classList.contains("board")) { updateScrollCue(); }
  }, true);
  window.addEventListener("resize", updateScrollCue);
  document.addEventListener("htmx:afterSettle", function () { prepareCards(); applyCollapsed(); updateScrollCue(); });
  document.addEventListener("DOMContentLoaded", function () { prepareCards(); applyCollapsed(); updateScrollCue(); });
})();
