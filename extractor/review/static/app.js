/* The served review page: send an article to POST v1/extract on this same server, show the result. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("extract-form"), textarea = $("article"), published = $("published"), file = $("file");
  const keyRow = $("key-row"), keyInput = $("api-key"), button = $("extract");
  const statusLine = $("status"), errorBox = $("error"), results = $("results"), serverInfo = $("server-info");

  const MESSAGES = {
    400: "طلب غير صالح",
    401: "مفتاح الوصول (X-API-Key) مفقود أو غير صحيح",
    413: "النص أطول من الحد الذي يقبله الخادم",
    415: "نوع المحتوى غير مقبول",
    422: "النص فارغ أو لا يحوي نصاً عربياً",
    503: "الخادم مشغول الآن",
    504: "انتهت مهلة الاستخراج",
  };

  function showError(text) {
    errorBox.hidden = false;
    errorBox.textContent = text;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
  }

  async function describeError(response) {
    let detail = "";
    try {
      const body = await response.json();
      detail = body && body.error ? (body.error.message || body.error.type || "") : JSON.stringify(body);
    } catch (_) {
      detail = response.statusText || "";
    }
    let text = (MESSAGES[response.status] || "خطأ من الخادم") + " (HTTP " + response.status + ")";
    const retry = response.headers.get("Retry-After");
    if (response.status === 503 && retry) text += "؛ أعد المحاولة بعد " + retry + " ثانية";
    if (response.status === 401) keyRow.hidden = false;
    return detail ? text + "\n" + detail : text;
  }

  function headers() {
    const h = { "Content-Type": "application/json" };
    if (keyInput.value) h["X-API-Key"] = keyInput.value;
    return h;
  }

  // Ask the server who it is; a 401 means it wants a key, so the key field is shown.
  async function probe() {
    try {
      const r = await fetch("v1/info", { headers: headers() });
      if (r.status === 401) {
        keyRow.hidden = false;
        serverInfo.textContent = "هذا الخادم يطلب مفتاح وصول (X-API-Key).";
      } else if (r.ok) {
        const info = await r.json();
        serverInfo.textContent = "النموذج: " + info.model + " · " + info.backend + " · الحد الأقصى للنص: " +
          info.max_text_chars + " حرفاً";
      }
    } catch (_) {
      serverInfo.textContent = "تعذّر الاتصال بالخادم.";
    }
  }

  file.addEventListener("change", () => {
    const f = file.files && file.files[0];
    if (!f) return;
    const reader = new FileReader();
    reader.onload = () => { textarea.value = String(reader.result); };
    reader.onerror = () => showError("تعذّرت قراءة الملف: " + f.name);
    reader.readAsText(f, "utf-8");
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError();
    const text = textarea.value;
    const body = { text };
    if (published.value) body.published = published.value;
    button.disabled = true;
    results.hidden = true;  // never show an older article's result beside a new request
    statusLine.textContent = "جارٍ الاستخراج…";
    const started = performance.now();
    try {
      const r = await fetch("v1/extract", { method: "POST", headers: headers(), body: JSON.stringify(body) });
      if (!r.ok) {
        showError(await describeError(r));
        statusLine.textContent = "";
        return;
      }
      const data = await r.json();
      results.hidden = false;
      window.reviewView = Review.show(results, text, data);
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      statusLine.textContent = "تم في " + secs + " ث: " + data.actors.length + " فاعلاً، " +
        data.agreements.length + " اتفاقاً، " + data.dates.length + " تاريخاً.";
    } catch (err) {
      showError("تعذّر الاتصال بالخادم: " + err);
      statusLine.textContent = "";
    } finally {
      button.disabled = false;
    }
  });

  probe();
})();
