// @mentions in the note box. While "@name" is typed, the server (htmx, through the hidden
// #mention-query input) answers with the colleagues who may see the candidate; they are
// offered in a listbox under the box. Up and Down choose, Enter or Tab insert the mention,
// Escape closes. The text box keeps the focus (aria-activedescendant names the choice).
// Without this file, mentions are simply typed out (@e-mail or @"Full Name").
(function () {
  "use strict";

  var MAX_QUERY = 60;
  // The mention whose list was closed: a picked one stays closed, one closed with Escape
  // until its text changes. {start, text, picked}
  var dismissed = null;

  function isDismissed(mention) {
    return dismissed !== null && mention.start === dismissed.start &&
      (dismissed.picked || mention.text === dismissed.text);
  }

  function partsOf(area) {
    var box = area && area.closest("[data-mentions]");
    if (!box) { return null; }
    return {
      area: area,
      list: box.querySelector("[role=listbox]"),
      status: box.querySelector("[data-mention-status]"),
      query: document.getElementById(box.getAttribute("data-mentions"))
    };
  }

  // The mention being typed just before the caret: {start, text}, or null.
  function mentionAt(area) {
    var caret = area.selectionStart;
    if (caret !== area.selectionEnd) { return null; }
    var before = area.value.slice(Math.max(0, caret - MAX_QUERY - 1), caret);
    for (var i = before.length - 1; i >= 0; i--) {
      var ch = before.charAt(i);
      if (ch === "\n") { return null; }
      if (ch !== "@") { continue; }
      var start = caret - before.length + i;
      var previous = start > 0 ? area.value.charAt(start - 1) : " ";
      if (!/\s/.test(previous)) { continue; } // inside an e-mail address: look further back
      var text = before.slice(i + 1);
      if (/"[^"]*"/.test(text) || /\s{2}/.test(text) || text.split(" ").length > 3) { return null; }
      return { start: start, text: text };
    }
    return null;
  }

  function options(parts) { return Array.prototype.slice.call(parts.list.querySelectorAll("[role=option]")); }

  function activeIndex(parts) {
    return options(parts).findIndex(function (option) { return option.getAttribute("aria-selected") === "true"; });
  }

  function setActive(parts, index) {
    var all = options(parts);
    all.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (all[index]) {
      parts.area.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      parts.area.removeAttribute("aria-activedescendant");
    }
  }

  function isOpen(parts) { return !parts.list.hidden; }

  function close(parts) {
    parts.list.hidden = true;
    parts.area.removeAttribute("aria-activedescendant");
  }

  function prepare(area) {
    if (area.hasAttribute("aria-controls")) { return; }
    var parts = partsOf(area);
    // A textarea takes no combobox role: it stays a text box that controls the list.
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", parts.list.id);
  }

  function update(parts) {
    var mention = mentionAt(parts.area);
    if (!mention || isDismissed(mention)) { close(parts); return; }
    dismissed = null;
    parts.query.value = mention.text;
    window.htmx.trigger(parts.query, "mention-query");
  }

  function pick(parts, option) {
    var mention = mentionAt(parts.area);
    if (!mention || !option) { close(parts); return; }
    var area = parts.area;
    var token = option.getAttribute("data-token") + " ";
    var caret = area.selectionStart;
    area.value = area.value.slice(0, mention.start) + token + area.value.slice(caret);
    var end = mention.start + token.length;
    area.setSelectionRange(end, end);
    dismissed = { start: mention.start, text: "", picked: true };
    close(parts);
    parts.status.textContent = "Mentioned " + option.firstChild.textContent.trim() + ".";
    area.focus();
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-mentions] textarea")) { prepare(event.target); }
  });

  document.addEventListener("input", function (event) {
    var parts = event.target.matches("[data-mentions] textarea") && partsOf(event.target);
    if (parts) { update(parts); }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-mentions] [role=option]");
    if (option) {
      pick(partsOf(option.closest("[data-mentions]").querySelector("textarea")), option);
      return;
    }
    var parts = event.target.matches("[data-mentions] textarea") && partsOf(event.target);
    if (parts) { update(parts); } // the caret moved
  });

  // Choosing with the mouse must not take the focus (and the caret) from the text box.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("[data-mentions] [role=listbox]")) { event.preventDefault(); }
  });

  document.addEventListener("focusout", function (event) {
    var parts = event.target.matches("[data-mentions] textarea") && partsOf(event.target);
    if (parts) { close(parts); }
  });

  document.addEventListener("keydown", function (event) {
    var parts = event.target.matches("[data-mentions] textarea") && partsOf(event.target);
    if (!parts || !isOpen(parts)) { return; }
    var count = options(parts).length;
    var index = activeIndex(parts);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive(parts, (index + step + count) % count);
    } else if (event.key === "Enter" || (event.key === "Tab" && !event.shiftKey)) {
      pick(parts, options(parts)[Math.max(index, 0)]);
    } else if (event.key === "Escape") {
      var mention = mentionAt(parts.area);
      dismissed = mention ? { start: mention.start, text: mention.text, picked: false } : null;
      close(parts);
      parts.status.textContent = "Suggestions closed.";
    } else {
      return;
    }
    event.preventDefault();
  });

  // The server's answer: open the list on its first option, or close it when nobody matches.
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.target;
    if (!list.matches || !list.matches("[data-mentions] [role=listbox]")) { return; }
    var parts = partsOf(list.closest("[data-mentions]").querySelector("textarea"));
    var mention = document.activeElement === parts.area && mentionAt(parts.area);
    var count = options(parts).length;
    if (!mention || isDismissed(mention) || count === 0) {
      close(parts);
      if (mention && count === 0) { parts.status.textContent = "No colleague who may see this candidate matches."; }
      return;
    }
    list.hidden = false;
    setActive(parts, 0);
    parts.status.textContent = count + (count === 1 ? " colleague" : " colleagues") +
      " to mention. Up and Down to choose, Enter to insert, Escape to close.";
  });
})();
