/* A static batch-report page: the article and its extraction are embedded as JSON data. */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const results = document.getElementById("results");
  if (data.problem) {
    const box = document.getElementById("problem");
    box.hidden = false;
    box.textContent = data.problem;
  }
  if (typeof data.text === "string" && data.extraction) {
    window.reviewView = Review.show(results, data.text, data.extraction);
  } else if (typeof data.text === "string") {
    const article = results.appendChild(Review.el("article", "article", data.text));
    article.dir = "rtl";
    article.lang = "ar";
  }
})();
