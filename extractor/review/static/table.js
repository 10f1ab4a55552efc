/* Sortable columns for the batch report's index: click a heading to sort, again to reverse. */
"use strict";
(function () {
  for (const table of document.querySelectorAll("table.index")) {
    const heads = Array.from(table.tHead.rows[0].cells);
    heads.forEach((th, col) => {
      const button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        for (const h of heads) h.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = th.dataset.type === "number";
        const body = table.tBodies[0];
        const value = (row) => {
          const c = row.cells[col];
          const v = c.dataset.sort !== undefined ? c.dataset.sort : c.textContent;
          return numeric ? Number(v) : v;
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = value(a), y = value(b);
          const order = numeric ? x - y : String(x).localeCompare(String(y), "ar");
          return ascending ? order : -order;
        });
        for (const r of rows) body.appendChild(r);
      });
    });
  }
})();
