/* The article view shared by the served page, the static batch report and the evaluation view.
   Article data is only ever put into the page as text (textContent / text nodes), never as HTML,
   so a hostile article, name or id stays inert. */
"use strict";
(function (global) {
  const TYPE_LABELS = {
    person: "شخص", government: "حكومة", state: "دولة", armed_group: "جماعة مسلحة",
    political_party: "حزب سياسي", international_organization: "منظمة دولية", organization: "منظمة",
    media: "وسيلة إعلام",
  };
  const KIND_LABELS = {
    ceasefire: "وقف إطلاق النار", truce: "هدنة", peace_agreement: "اتفاق سلام",
    memorandum_of_understanding: "مذكرة تفاهم", security_cooperation: "تعاون أمني",
    military_cooperation: "تعاون عسكري", prisoner_exchange: "تبادل أسرى", political_agreement: "اتفاق سياسي",
    economic_agreement: "اتفاق اقتصادي", initiative: "مبادرة", other: "آخر",
  };
  const STATUS_LABELS = {
    proposed: "مقترح", under_negotiation: "قيد التفاوض", reached: "تم التوصل إليه", signed: "موقّع",
    ratified: "مصادق عليه", in_effect: "ساري المفعول", violated: "منتهَك", collapsed: "منهار",
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function label(map, value) {
    return Object.prototype.hasOwnProperty.call(map, value) ? map[value] : String(value);
  }

  function typeClass(type) {
    return Object.prototype.hasOwnProperty.call(TYPE_LABELS, type) ? "t-" + type : "t-unknown";
  }

  // The API's offsets count Unicode code points (Python); JavaScript strings count UTF-16 units.
  function codeUnitOffsets(text) {
    const map = [0];
    let unit = 0;
    for (const ch of text) {
      unit += ch.length;
      map.push(unit);
    }
    return map;
  }

  /* Render `text` into `container` with `spans` marked. A span is
     {start, end, text?, cls: [class names], key, label}. Overlapping spans are cut at every
     boundary into segments; each segment is one <mark> carrying the classes of all spans over it.
     Returns {segments: [{el, start, end, keys}], misplaced: [spans whose offsets or text do not fit]}. */
  function renderText(container, text, spans) {
    const map = codeUnitOffsets(text);
    const length = map.length - 1;
    const placed = [];
    const misplaced = [];
    for (const s of spans) {
      const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end &&
        s.end <= length && (s.text === undefined || text.slice(map[s.start], map[s.end]) === s.text);
      (ok ? placed : misplaced).push(s);
    }
    const cuts = new Set([0, length]);
    for (const s of placed) { cuts.add(s.start); cuts.add(s.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const byStart = placed.slice().sort((a, b) => a.start - b.start);
    let next = 0;
    let active = [];
    const segments = [];
    container.textContent = "";
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
      active = active.filter((s) => s.end > a);
      const piece = text.slice(map[a], map[b]);
      if (!active.length) {
        container.appendChild(document.createTextNode(piece));
        continue;
      }
      const mark = el("mark", null, piece);
      const titles = [];
      for (const s of active) {
        for (const c of s.cls || []) mark.classList.add(c);
        if (s.label) titles.push(s.label);
      }
      if (titles.length) mark.title = Array.from(new Set(titles)).join(" | ");
      mark.dataset.start = String(a);
      mark.dataset.end = String(b);
      container.appendChild(mark);
      segments.push({ el: mark, start: a, end: b, keys: new Set(active.map((s) => s.key)) });
    }
    return { segments, misplaced };
  }

  function legend(entries) {
    const box = el("div", "legend");
    for (const [cls, name] of entries) {
      const item = el("span");
      item.appendChild(el("span", "swatch " + cls));
      item.appendChild(document.createTextNode(name));
      box.appendChild(item);
    }
    return box;
  }

  function cell(row, text, className) {
    const td = el("td", className, text);
    row.appendChild(td);
    return td;
  }

  function tableWithHead(className, headings) {
    const table = el("table", className);
    const tr = el("tr");
    for (const h of headings) tr.appendChild(el("th", null, h));
    table.appendChild(el("thead")).appendChild(tr);
    table.appendChild(el("tbody"));
    return table;
  }

  /* The whole review of one extraction: article with marks, actors, agreements, dates.
     `root` is emptied and filled; returns a handle used by tests and callers. */
  function show(root, text, extraction) {
    root.textContent = "";
    const actors = Array.isArray(extraction.actors) ? extraction.actors : [];
    const agreements = Array.isArray(extraction.agreements) ? extraction.agreements : [];
    const dates = Array.isArray(extraction.dates) ? extraction.dates : [];
    const actorById = new Map(actors.map((a) => [a.id, a]));
    const dateById = new Map(dates.map((d) => [d.id, d]));

    root.appendChild(legend([
      ...Object.keys(TYPE_LABELS).map((t) => ["t-" + t, TYPE_LABELS[t]]),
      ["date", "تاريخ"], ["evidence", "دليل اتفاق"],
    ]));
    const warnings = el("div", "warning-box");
    warnings.hidden = true;
    root.appendChild(warnings);
    const layout = root.appendChild(el("div", "layout"));
    const article = layout.appendChild(el("article", "article"));
    article.dir = "rtl";
    article.lang = "ar";
    const side = layout.appendChild(el("aside", "side"));

    const spans = [];
    for (const a of actors) {
      for (const m of a.mentions || []) {
        spans.push({ start: m.start, end: m.end, text: m.text, cls: ["actor", typeClass(a.type)],
          key: "actor:" + a.id, label: a.name + " — " + label(TYPE_LABELS, a.type) });
      }
    }
    for (const d of dates) {
      spans.push({ start: d.start, end: d.end, text: d.text, cls: ["date"], key: "date:" + d.id,
        label: "تاريخ: " + (d.value || "غير محدد") });
    }
    for (const g of agreements) {
      const ev = g.evidence || {};
      spans.push({ start: ev.start, end: ev.end, text: ev.text, cls: ["evidence"], key: "agreement:" + g.id,
        label: "دليل اتفاق: " + label(KIND_LABELS, g.kind) });
    }
    const { segments, misplaced } = renderText(article, text, spans);
    if (misplaced.length) {
      warnings.hidden = false;
      warnings.textContent = misplaced.length + " مقطعاً لا يطابق النص عند مواضعه فلم يُعلَّم " +
        "(" + misplaced.length + " spans do not match the text at their offsets)";
    }

    function mark(key, cls) {
      let first = null;
      for (const s of segments) {
        const on = s.keys.has(key);
        s.el.classList.toggle(cls, on);
        if (on && !first) first = s.el;
      }
      if (first && first.scrollIntoView) first.scrollIntoView({ block: "center", behavior: "smooth" });
      return first;
    }

    // actors
    const actorBox = side.appendChild(el("section", "actors-box"));
    actorBox.appendChild(el("h2", null, "الفاعلون (" + actors.length + ")"));
    const list = actorBox.appendChild(el("ul", "actors"));
    if (!actors.length) actorBox.appendChild(el("p", "empty", "لا فاعلين"));
    const actorButtons = [];
    for (const a of actors) {
      const button = el("button");
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.dataset.actor = String(a.id);
      button.appendChild(el("span", "swatch " + typeClass(a.type)));
      button.appendChild(el("span", "name", a.name));
      button.appendChild(el("span", "details", label(TYPE_LABELS, a.type) + (a.title ? " · " + a.title : "")));
      button.appendChild(el("span", "count", (a.mentions || []).length + " ذكر"));
      button.addEventListener("click", () => {
        const pressed = button.getAttribute("aria-pressed") !== "true";
        for (const b of actorButtons) b.setAttribute("aria-pressed", "false");
        button.setAttribute("aria-pressed", String(pressed));
        mark(pressed ? "actor:" + a.id : "", "selected");
      });
      actorButtons.push(button);
      list.appendChild(el("li")).appendChild(button);
    }

    // agreements
    const names = (ids) => (ids || []).map((id) => (actorById.get(id) || { name: id }).name).join("، ");
    const agrBox = side.appendChild(el("section", "agreements-box"));
    agrBox.appendChild(el("h2", null, "الاتفاقات (" + agreements.length + ")"));
    const evidenceView = el("blockquote", "evidence-view");
    evidenceView.hidden = true;
    if (agreements.length) {
      const table = agrBox.appendChild(tableWithHead("agreements", ["النوع", "الحالة", "الأطراف", "الوسطاء", "التاريخ"]));
      const rows = [];
      for (const g of agreements) {
        const tr = el("tr");
        tr.dataset.agreement = String(g.id);
        tr.tabIndex = 0;
        cell(tr, label(KIND_LABELS, g.kind)).title = String(g.kind);
        cell(tr, label(STATUS_LABELS, g.status)).title = String(g.status);
        cell(tr, names(g.parties));
        cell(tr, names(g.mediators));
        const d = g.date ? dateById.get(g.date) : null;
        const when = cell(tr, d ? d.text : "—");
        if (d && d.value) {  // the ISO value kept left to right inside the Arabic cell
          when.appendChild(document.createTextNode(" ("));
          when.appendChild(el("span", "iso", d.value));
          when.appendChild(document.createTextNode(")"));
        }
        const choose = () => {
          for (const r of rows) r.setAttribute("aria-selected", String(r === tr));
          evidenceView.hidden = false;
          evidenceView.textContent = (g.evidence || {}).text || "";
          mark("agreement:" + g.id, "focus");
        };
        tr.addEventListener("click", choose);
        tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); } });
        rows.push(tr);
        table.tBodies[0].appendChild(tr);
      }
    } else {
      agrBox.appendChild(el("p", "empty", "لا اتفاقات"));
    }
    agrBox.appendChild(evidenceView);

    // dates
    const dateBox = side.appendChild(el("section", "dates-box"));
    dateBox.appendChild(el("h2", null, "التواريخ (" + dates.length + ")"));
    if (dates.length) {
      const table = dateBox.appendChild(tableWithHead("dates", ["النص", "القيمة (ISO)"]));
      for (const d of dates) {
        const tr = el("tr");
        tr.dataset.date = String(d.id);
        cell(tr, d.text);
        cell(tr, d.value || "غير محدد", "iso");
        tr.addEventListener("click", () => mark("date:" + d.id, "selected"));
        table.tBodies[0].appendChild(tr);
      }
    } else {
      dateBox.appendChild(el("p", "empty", "لا تواريخ"));
    }

    const meta = extraction.meta || {};
    if (meta.model) {
      side.appendChild(el("p", "meta", "النموذج: " + meta.model + " · " + (meta.seconds ?? "?") + " ث · " +
        "عناصر أُسقطت لعدم ثبوتها في النص: " + (meta.dropped_ungrounded ?? 0)));
    }
    return { segments, misplaced, article };
  }

  global.Review = { show, renderText, legend, el, label, TYPE_LABELS, KIND_LABELS, STATUS_LABELS };
})(window);
