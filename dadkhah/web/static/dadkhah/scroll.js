// A table wider than a narrow screen scrolls inside its own box (app.css) rather than the
// page sideways. A keyboard user must reach such a box to scroll it (WCAG 2.1.1), so a box
// that overflows takes focus, and gives it up again once it fits (a wider window).
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!wide && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
