// Small progressive enhancements. Pages work without this file; htmx does the rest.
(function () {
  "use strict";
  // Tell the server which partial is being asked for is htmx's job; here we only keep
  // flash messages from piling up after HTMX swaps.
  document.addEventListener("htmx:afterSwap", function () {
    var box = document.getElementById("messages");
    if (box && box.children.length > 3) { box.removeChild(box.firstElementChild); }
  });
})();
