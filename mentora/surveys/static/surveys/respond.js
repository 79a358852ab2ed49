// Show an item only when its simple branching condition holds; the server checks again.
(function () {
  var form = document.querySelector("form.survey");
  function answered(name, code) {
    var boxes = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if ((b.type === "radio" || b.type === "checkbox") ? b.checked && (code === null || b.value === code) : b.value === code) { return true; }
    }
    return false;
  }
  function update() {
    form.querySelectorAll("[data-show-if]").forEach(function (q) {
      var m = q.dataset.showIf.match(/^([a-z0-9_]+)(?:\(([^)]+)\))?=(.*)$/);
      var shown = m[2] ? answered(m[1], m[2]) === (m[3] === "1") : answered(m[1], m[3]);
      q.hidden = !shown;
    });
  }
  form.querySelectorAll("input.slider").forEach(function (slider) {
    slider.addEventListener("input", function () {
      if (slider.dataset.name) { slider.name = slider.dataset.name; }
      slider.nextElementSibling.textContent = slider.value;
    });
  });
  form.addEventListener("change", update);
  update();
})();
