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
    // Without the checkbox (no family in the run) every column is shown.
    var instances = $("f-instances") ? $("f-instances").checked : true;
    function hiddenColumn(el) {
      var t = el.getAttribute("data-t");
      if (target !== "") return t !== target;
      return !instances && el.classList.contains("instance");
    }
    document.querySelectorAll("[data-t]").forEach(function (el) {
      el.classList.toggle("hidden", hiddenColumn(el));
    });
    document.querySelectorAll(".totals .instance").forEach(function (el) {
      el.classList.toggle("hidden", !instances);
    });
    var rows = document.querySelectorAll("tr.entry");
    rows.forEach(function (tr) {
      var ok = mod === "" || tr.getAttribute("data-module") === mod;
      if (ok && differ) ok = tr.getAttribute("data-differ") === "1";
      if (ok && verdict !== "") {
        var cells = tr.querySelectorAll("td[data-t]");
        ok = Array.prototype.some.call(cells, function (td) {
          return !hiddenColumn(td) && td.getAttribute("data-v") === verdict;
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
  ["f-module", "f-verdict", "f-target", "f-differ", "f-instances"].forEach(function (id) {
    if ($(id)) $(id).addEventListener("change", apply);
  });
  apply();
})();
`;
