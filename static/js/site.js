// Progressive enhancement only: every page reads fully without this file.
// 长者模式 (larger text, higher contrast, wider spacing) persists in localStorage.
(function () {
  var KEY = "nanguan-elder-mode";
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("elder", on);
    var button = document.getElementById("elder-toggle");
    if (button) {
      // A toggle button keeps its name; its state is aria-pressed (and the pressed style).
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("elder-toggle");
    if (!button) return;
    button.hidden = false;
    apply(stored());
    button.addEventListener("click", function () {
      var on = !root.classList.contains("elder");
      try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
      apply(on);
    });
  });
})();
