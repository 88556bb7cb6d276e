// Small progressive enhancements. Pages work without this file; htmx does the rest.
(function () {
  "use strict";
  // Tell the server which partial is being asked for is htmx's job; here we only keep
  // flash messages from piling up after HTMX swaps.
  document.addEventListener("htmx:afterSwap", function () {
    var box = document.getElementById("messages");
    if (box && box.children.length > 3) { box.removeChild(box.firstElementChild); }
  });
  // Input the server refuses (a 400 marked X-Input-Refused) comes with a message for the
  // message area; htmx does not swap 4xx answers unless told to.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 400 && xhr.getResponseHeader("X-Input-Refused")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // A "Print" button (candidate and decision pages): print.css decides what paper shows.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
