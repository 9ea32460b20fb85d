// The before/after comparison on a site page (docs/map.md). Hand-written rather than a
// slider package: the native range input is already keyboard-accessible and labelled,
// and clipping one image over the other is all that is left to do. Without this script
// the two images stand side by side.
(function () {
  "use strict";
  document.querySelectorAll("[data-compare]").forEach(function (box) {
    var range = box.querySelector("input[type=range]");
    var before = box.querySelector(".compare-before");
    if (!range || !before) {
      return;
    }
    box.classList.add("compare-live");
    range.hidden = false;
    range.parentNode.hidden = false;
    function draw() {
      // The "before" image covers the left part, up to the handle.
      before.style.clipPath = "inset(0 " + (100 - Number(range.value)) + "% 0 0)";
      range.setAttribute("aria-valuetext", range.value + "%");
    }
    range.addEventListener("input", draw);
    draw();
  });
})();
