// Refresh the response rates while the page is open, and say that an import is running.
(function () {
  var box = document.getElementById("rates");
  setInterval(function () {
    fetch(box.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) { box.innerHTML = html; } });
  }, 30000);
  document.querySelectorAll("form.import").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelector(".progress").textContent = "Checking every row and importing... this can take a minute.";
      form.querySelector("button").disabled = true;
    });
  });
})();
