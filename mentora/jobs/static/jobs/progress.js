// Polls each unfinished job shown by jobs/_progress.html and reloads the page when it finishes.
(function () {
  "use strict";
  if (window.mentoraJobsWatching) { return; }  // the partial may appear more than once
  window.mentoraJobsWatching = true;
  function watch(box) {
    var url = box.getAttribute("data-job-url");
    var tick = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          if (job.finished) { window.location.reload(); return; }
          var bar = box.querySelector("[data-job-bar]");
          if (bar) { bar.value = Math.round(100 * job.progress); bar.textContent = bar.value + "%"; }
          var message = box.querySelector("[data-job-message]");
          if (message) { message.textContent = job.message; }
          var state = box.querySelector("[data-job-state-display]");
          if (state) { state.textContent = job.state_display; }
          window.setTimeout(tick, 2000);
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    };
    window.setTimeout(tick, 2000);
  }
  document.querySelectorAll("[data-job-url]").forEach(function (box) {
    if (box.getAttribute("data-job-state") === "queued" || box.getAttribute("data-job-state") === "running") {
      watch(box);
    }
  });
})();
