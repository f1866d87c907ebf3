// Working documents: show the upload's progress (htmx fires htmx:xhr:progress on the form).
(function () {
  "use strict";
  function barre(evt) {
    var form = evt.target.closest ? evt.target.closest("form.depot-document") : null;
    return form ? form.querySelector("progress.depot-progression") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var p = barre(evt);
    if (p) { p.value = 0; p.hidden = false; }
  });
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var p = barre(evt);
    if (p && evt.detail.lengthComputable && evt.detail.total) {
      p.value = Math.round((evt.detail.loaded / evt.detail.total) * 100);
    }
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var p = barre(evt);
    if (p) { p.hidden = true; }
  });
})();
