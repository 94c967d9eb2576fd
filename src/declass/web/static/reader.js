// declass reading room: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Switch readings in place (the links still work without JS: ?reading=...).
  var text = document.getElementById("doc-text");
  document.querySelectorAll(".reading-option").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!text) return;
      event.preventDefault();
      var reading = link.getAttribute("data-reading");
      text.classList.remove("reading-revised", "reading-original", "reading-marked");
      text.classList.add("reading-" + reading);
      text.setAttribute("data-reading", reading);
      document.querySelectorAll(".reading-option").forEach(function (other) {
        var on = other === link;
        other.classList.toggle("current", on);
        if (on) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
      });
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", link.getAttribute("href"));
      }
    });
  });

  // Copy the citation.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!field) return;
      field.select();
      var done = function () { if (status) status.textContent = "Copied."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });

  document.querySelectorAll("[data-action=print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Following a note moves focus to it, so keyboard users land where they jumped.
  document.querySelectorAll(".fnref a, .backref").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { window.setTimeout(function () { target.focus({ preventScroll: true }); }, 0); }
    });
  });
})();
