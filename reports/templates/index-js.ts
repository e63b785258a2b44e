/**
 * Inline filter script of the coverage matrix. It reads only data-* attributes, so no run data is
 * ever interpolated into script text.
 */
export const INDEX_JS = `
(function () {
  var $ = function (id) { return document.getElementById(id); };
  function apply() {
    var mod = $("f-module").value, verdict = $("f-verdict").value, target = $("f-target").value;
    var differ = $("f-differ").checked;
    document.querySelectorAll("[data-t]").forEach(function (el) {
      el.classList.toggle("hidden", target !== "" && el.getAttribute("data-t") !== target);
    });
    var rows = document.querySelectorAll("tr.entry");
    rows.forEach(function (tr) {
      var ok = mod === "" || tr.getAttribute("data-module") === mod;
      if (ok && differ) ok = tr.getAttribute("data-differ") === "1";
      if (ok && verdict !== "") {
        var cells = tr.querySelectorAll("td[data-t]");
        ok = Array.prototype.some.call(cells, function (td) {
          return (target === "" || td.getAttribute("data-t") === target) && td.getAttribute("data-v") === verdict;
        });
      }
      tr.classList.toggle("hidden", !ok);
    });
    document.querySelectorAll("tr.group").forEach(function (g) {
      var next = g.nextElementSibling, any = false;
      while (next && next.classList.contains("entry")) {
        if (!next.classList.contains("hidden")) any = true;
        next = next.nextElementSibling;
      }
      g.classList.toggle("hidden", !any);
    });
  }
  ["f-module", "f-verdict", "f-target", "f-differ"].forEach(function (id) {
    $(id).addEventListener("change", apply);
  });
  apply();
})();
`;
