// The coding page: a selection in the source's text fills the form's character offsets, counted
// in code points (a character outside the Basic Multilingual Plane, an emoji, counts once, as
// the server counts). The codebook: each code's colour swatch. No inline script (CSP).
(function () {
  document.querySelectorAll(".swatch[data-colour]").forEach(function (swatch) {
    swatch.style.backgroundColor = swatch.dataset.colour;
  });
  var box = document.getElementById("source-text");
  var form = document.getElementById("apply-form");
  if (!box || !form) { return; }
  var start = form.querySelector("[name=start]");
  var end = form.querySelector("[name=end]");
  var status = document.getElementById("selection");
  var whole = status.textContent;

  function codePoints(text) { return Array.from(text).length; }

  // The UTF-16 offset of a point (node, offset) from the start of the box.
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(box);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    if (range.collapsed || !box.contains(range.startContainer) || !box.contains(range.endContainer)) { return; }
    var text = box.textContent;
    var from = offsetOf(range.startContainer, range.startOffset);
    var to = offsetOf(range.endContainer, range.endOffset);
    start.value = codePoints(text.slice(0, from));
    end.value = codePoints(text.slice(0, to));
    var chosen = text.slice(from, to);
    status.textContent = "Selected characters " + start.value + " to " + end.value + ": “" +
      (chosen.length > 120 ? chosen.slice(0, 120) + "…" : chosen) + "”";
  }

  document.addEventListener("selectionchange", update);
  box.addEventListener("mouseup", update);
  box.addEventListener("keyup", update);
  form.addEventListener("reset", function () { status.textContent = whole; });
})();
