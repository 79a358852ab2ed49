// A table wider than the screen scrolls sideways inside its box (.table-wrap). Such a box is made
// reachable by keyboard, as a named region (WCAG 2.1.1), so that the arrow keys scroll it; a box
// that fits again (a wider window) is left out of the tab order.
(function () {
  function name(wrap) {
    var table = wrap.querySelector("table");
    if (!table) { return ["aria-label", "Table"]; }
    var ids = table.getAttribute("aria-labelledby") || table.getAttribute("aria-describedby");
    if (ids) { return ["aria-labelledby", ids]; }
    var caption = table.caption && table.caption.textContent.trim();
    var before = wrap.previousElementSibling;
    var heading = before && /^H[1-6]$/.test(before.tagName) && before.textContent.trim();
    return ["aria-label", caption || heading || "Table"];
  }
  function update() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var named = name(wrap);
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute(named[0], named[1]);
        wrap.dataset.scrolls = named[0];
      } else if (!scrolls && wrap.dataset.scrolls) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute(wrap.dataset.scrolls);
        delete wrap.dataset.scrolls;
      }
    });
  }
  var pending = false;
  function soon() {
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; update(); }); }
  }
  update();
  window.addEventListener("resize", soon);
  // Panels a page refreshes in place (the survey response rates) bring new tables.
  new MutationObserver(soon).observe(document.querySelector("main") || document.body,
                                     { childList: true, subtree: true });
})();
