/* The evaluation view: per article, gold and predicted marked side by side on the text. */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  for (const item of data.articles) {
    const section = document.getElementById("article-" + item.index);
    if (!section) continue;
    for (const side of ["gold", "pred"]) {
      const box = section.querySelector(".text-" + side);
      if (box) Review.renderText(box, item.text, item[side + "_spans"]);
    }
  }
})();
