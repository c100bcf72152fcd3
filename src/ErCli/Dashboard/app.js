// ED operations dashboard: reads GET /api/kpis (docs/kpi-feed.md, schema version 1) and draws it.
// Vanilla ES2020, no dependencies, no inline code: works under Content-Security-Policy: default-src 'self'.
"use strict";

(() => {
  const API = "/api/kpis";
  const SCHEMA_VERSION = 1;
  const KEY_STORAGE = "erfunctions.apiKey";
  const DEPARTMENTS_STORAGE = "erfunctions.departments";
  const FILTER_PARAMS = ["from", "to", "department", "triage"];
  const LOCALE = "en-US";
  const SVGNS = "http://www.w3.org/2000/svg";

  // Colour-blind-friendly palettes (Okabe–Ito for categories; a red→blue diverging scale for urgency).
  const CATEGORY = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6B6B6B", "#F0E442"];
  const TRIAGE = {
    1: { color: "#B2182B", name: "Resuscitation" },
    2: { color: "#E8702A", name: "Emergent" },
    3: { color: "#D9A514", name: "Urgent" },
    4: { color: "#5AA0D0", name: "Less urgent" },
    5: { color: "#1F5A96", name: "Non-urgent" },
  };
  const C = {
    bar: "#3F7FBF",
    barLight: "#A9CBEA",
    barDark: "#1F5F8B",
    ink: "#1D2733",
    accent: "#D55E00",
    teal: "#2A9D8F",
    empty: "#F1F3F6",
  };
  const HEAT = ["#F2F7FC", "#DCEAF6", "#C0D8EE", "#9BC3E4", "#6EA6D6", "#4787C4", "#2A69AC", "#174E8F", "#0B3470"];
  const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

  const nfInt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
  const nf1 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const nfAxis = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
  const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

  const $ = (id) => document.getElementById(id);
  const isNum = (v) => typeof v === "number" && Number.isFinite(v);
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  const round = (v) => Math.round(v * 10) / 10;

  const fmtInt = (v) => (isNum(v) ? nfInt.format(v) : "—");
  const fmtMin = (v) => (isNum(v) ? `${nf1.format(v)} min` : "—");
  const fmtPct = (v) => (isNum(v) ? `${nf1.format(v)}%` : "—");
  const fmtAxis = (v) => nfAxis.format(v);

  // ------------------------------------------------------------------ DOM helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    appendAll(node, children);
    return node;
  }

  function sv(tag, attrs, ...children) {
    const node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    appendAll(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
  }

  function appendAll(node, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  const tip = (text) => sv("title", { text });

  // ------------------------------------------------------------------ state

  let lastDoc = null;
  let loadSeq = 0;
  let controller = null;
  const drawnWidths = new Map();

  function setState(state) {
    document.body.dataset.state = state;
    $("main").setAttribute("aria-busy", state === "loading" ? "true" : "false");
  }

  const getKey = () => {
    try { return sessionStorage.getItem(KEY_STORAGE) || ""; } catch { return ""; }
  };
  const setKey = (k) => {
    try { if (k) sessionStorage.setItem(KEY_STORAGE, k); else sessionStorage.removeItem(KEY_STORAGE); } catch { /* storage off */ }
    $("forget-key").hidden = !getKey();
  };

  function knownDepartments() {
    try { return JSON.parse(sessionStorage.getItem(DEPARTMENTS_STORAGE) || "[]").filter((d) => typeof d === "string"); }
    catch { return []; }
  }
  function rememberDepartments(list) {
    try { sessionStorage.setItem(DEPARTMENTS_STORAGE, JSON.stringify(list)); } catch { /* storage off */ }
  }

  // ------------------------------------------------------------------ filters <-> URL

  // The recognised filters of the page URL, in their order and spelling: they go to the feed as they are.
  function urlFilterParams() {
    const out = new URLSearchParams();
    for (const [k, v] of new URLSearchParams(location.search)) {
      if (FILTER_PARAMS.includes(k) && v !== "") out.append(k, v);
    }
    return out;
  }

  function parseTriage(params) {
    const levels = new Set();
    for (const v of params.getAll("triage")) {
      for (const part of v.split(",")) {
        const n = Number(part.trim());
        if (Number.isInteger(n) && n >= 1 && n <= 5) levels.add(n);
      }
    }
    return levels;
  }

  function fillFilterForm(params, doc) {
    $("filter-from").value = /^\d{4}-\d{2}-\d{2}$/.test(params.get("from") || "") ? params.get("from") : "";
    $("filter-to").value = /^\d{4}-\d{2}-\d{2}$/.test(params.get("to") || "") ? params.get("to") : "";

    const selected = params.getAll("department");
    const names = new Set(knownDepartments());
    if (doc && Array.isArray(doc.departments)) {
      for (const r of doc.departments) if (typeof r.department === "string") names.add(r.department);
    }
    for (const d of selected) names.add(d);
    const list = [...names].sort((a, b) => a.localeCompare(b));
    rememberDepartments(list);

    const box = $("filter-departments");
    box.replaceChildren();
    if (!list.length) box.append(el("span", { class: "empty-hint", text: "No departments in the data yet" }));
    list.forEach((name, i) => {
      box.append(el("label", { class: "chip" },
        el("input", { type: "checkbox", name: "department", value: name, id: `dept-${i}`, checked: selected.includes(name) }),
        el("span", null, name)));
    });

    const levels = parseTriage(params);
    const tbox = $("filter-triage");
    tbox.replaceChildren();
    for (let level = 1; level <= 5; level++) {
      const dot = el("span", { class: "dot", "aria-hidden": "true" });
      dot.style.background = TRIAGE[level].color;
      tbox.append(el("label", { class: "chip", title: `Level ${level}: ${TRIAGE[level].name}` },
        el("input", { type: "checkbox", name: "triage", value: String(level), id: `triage-${level}`, checked: levels.has(level) }),
        el("span", null, dot, String(level), el("span", { class: "visually-hidden", text: ` ${TRIAGE[level].name}` }))));
    }
  }

  function formParams() {
    const p = new URLSearchParams();
    const from = $("filter-from").value;
    const to = $("filter-to").value;
    if (from) p.set("from", from);
    if (to) p.set("to", to);
    for (const cb of $("filter-departments").querySelectorAll("input:checked")) p.append("department", cb.value);
    const levels = [...$("filter-triage").querySelectorAll("input:checked")].map((cb) => cb.value);
    if (levels.length && levels.length < 5) p.set("triage", levels.join(","));
    return p;
  }

  // URLSearchParams encodes "," as %2C; a literal comma is valid in a query and reads better (triage=1,2).
  const queryString = (params) => params.toString().replace(/%2C/gi, ",");

  function pageUrl(params) {
    const qs = queryString(params);
    return location.pathname + (qs ? `?${qs}` : "") + location.hash;
  }

  // ------------------------------------------------------------------ errors and auth

  function showError(message, detail) {
    const box = $("error");
    box.replaceChildren(el("strong", null, message));
    if (detail) box.append(" ", el("span", null, detail));
    box.hidden = false;
  }
  function clearError() {
    $("error").hidden = true;
    $("error").replaceChildren();
  }

  function showAuth(status) {
    const hasKey = !!getKey();
    $("auth-hint").replaceChildren(
      status === 403
        ? "The role of this key may not read the KPI feed. Enter a key with the admin or analyst role."
        : hasKey
          ? "The feed did not accept the stored key. Enter another one."
          : "The KPI feed needs a key.",
      " It is kept for this browser tab only (session storage) and sent as the ",
      el("code", null, "X-Api-Key"), " header.");
    $("auth").hidden = false;
    const input = $("api-key");
    input.value = "";
    if (document.activeElement !== input) input.focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ loading

  async function load() {
    const seq = ++loadSeq;
    if (controller) controller.abort();
    controller = new AbortController();
    setState("loading");

    const params = urlFilterParams();
    const qs = queryString(params);
    const headers = { Accept: "application/json" };
    const key = getKey();
    if (key) headers["X-Api-Key"] = key;

    let res;
    let body = null;
    try {
      res = await fetch(API + (qs ? `?${qs}` : ""), { headers, signal: controller.signal, credentials: "same-origin" });
      const text = await res.text();
      try { body = text ? JSON.parse(text) : null; } catch { body = null; }
    } catch (err) {
      if (err && err.name === "AbortError") return;
      if (seq !== loadSeq) return;
      fail(`Could not reach the KPI feed (${API}).`, err && err.message ? err.message : "");
      return;
    }
    if (seq !== loadSeq) return;

    if (!res.ok) {
      const msg = body && typeof body.error === "string" ? body.error : `${res.status} ${res.statusText}`.trim();
      if (res.status === 401 || res.status === 403) {
        showAuth(res.status);
        fail(res.status === 401 ? "Not signed in:" : "Access denied:", msg);
      } else if (res.status === 400) {
        fail("The filters were not accepted:", msg);
      } else {
        fail(`The KPI feed answered ${res.status}:`, msg);
      }
      fillFilterForm(params, lastDoc);
      return;
    }
    if (!body || typeof body !== "object" || !body.summary) {
      fail("The KPI feed answered with an unexpected document.", "");
      return;
    }

    clearError();
    $("auth").hidden = true;
    lastDoc = body;
    if (body.schemaVersion !== SCHEMA_VERSION) {
      showError(`Unexpected feed schema version ${body.schemaVersion}.`, `This page understands version ${SCHEMA_VERSION}; some figures may be missing.`);
    }
    fillFilterForm(params, body);
    render(body);
    setState("ready");
  }

  function fail(message, detail) {
    showError(message, detail);
    lastDoc = null;
    setState("error");
    for (const id of ["status-watermark", "status-generated", "status-role", "status-filters"]) {
      $(id).textContent = "—";
      $(id).removeAttribute("title");
    }
    $("suppression-note").hidden = true;
    renderPlaceholders();
  }

  // ------------------------------------------------------------------ header, cards

  function fmtStamp(iso) {
    if (!iso) return null;
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }

  function describeFilters(f) {
    if (!f) return "All visits";
    const parts = [];
    if (f.from) parts.push(`from ${f.from}`);
    if (f.to) parts.push(`before ${f.to}`);
    if (Array.isArray(f.department) && f.department.length) parts.push(f.department.join(", "));
    if (Array.isArray(f.triage) && f.triage.length) parts.push(`triage ${f.triage.join(", ")}`);
    return parts.length ? parts.join(" · ") : "All visits";
  }

  function renderStatus(doc) {
    const wm = fmtStamp(doc.dataWatermark);
    const w = $("status-watermark");
    w.textContent = wm || "no load yet";
    w.title = doc.dataWatermark ? `${doc.dataWatermark} (end of the last load, UTC)` : "No data has been loaded yet";
    const g = $("status-generated");
    g.textContent = fmtStamp(doc.generatedAt) || "—";
    g.title = doc.generatedAt || "";
    $("status-role").replaceChildren(el("span", { class: "role-badge", text: doc.role || "unknown" }));
    const f = $("status-filters");
    f.textContent = describeFilters(doc.filters);
    f.title = f.textContent;
    $("schema-version").textContent = String(doc.schemaVersion);

    const s = doc.suppression || {};
    const min = isNum(s.minimumCount) ? s.minimumCount : 11;
    const note = $("suppression-note");
    if (s.applied) {
      note.textContent = `Small-cell suppression is on for the ${doc.role || "current"} role: counts from 1 to ${min - 1} ` +
        `(minimum cell count ${min}) are hidden and shown as “<${min}”, and the averages and percentages of those rows as “suppressed”.`;
      note.hidden = false;
    } else {
      note.hidden = true;
    }
    $("suppression-footer").textContent =
      `Counts from 1 to ${min - 1} are suppressed for analysts (minimum cell count ${min})${s.applied ? "; suppression is applied to this view" : ""}.`;
  }

  const KPIS = [
    { field: "totalVisits", label: "Total visits", kind: "int", count: true },
    { field: "distinctPatients", label: "Distinct patients", kind: "int", count: true, cls: "people",
      sub: (s) => (isNum(s.patients) ? `of ${fmtInt(s.patients)} loaded` : null) },
    { field: "avgWaitMinutes", label: "Average wait", kind: "min1", cls: "wait" },
    { field: "medianWaitMinutes", label: "Median wait", kind: "min1", cls: "wait" },
    { field: "p90WaitMinutes", label: "90th percentile wait", kind: "min1", cls: "wait" },
    { field: "maxWaitMinutes", label: "Longest wait", kind: "min", cls: "wait" },
    { field: "criticalVisits", label: "Critical visits (triage 1–2)", kind: "int", count: true, cls: "critical",
      sub: (s) => (isNum(s.criticalVisits) && isNum(s.totalVisits) && s.totalVisits > 0
        ? `${fmtPct((100 * s.criticalVisits) / s.totalVisits)} of visits` : null) },
    { field: "activeDoctors", label: "Active doctors", kind: "int", count: true, cls: "people" },
    { field: "withinTargetPct", label: "Seen within triage target", kind: "pct", cls: "target",
      sub: () => "wait ≤ target" },
  ];

  function kpiValueNodes(kind, v) {
    const unit = (u) => el("span", { class: "kpi__unit", text: ` ${u}` });
    switch (kind) {
      case "int": return [nfInt.format(v)];
      case "min1": return [nf1.format(v), unit("min")];
      case "min": return [Number.isInteger(v) ? nfInt.format(v) : nf1.format(v), unit("min")];
      case "pct": return [nf1.format(v), el("span", { class: "kpi__unit", text: "%" })];
      default: return [String(v)];
    }
  }

  function renderKpis(doc) {
    const s = doc.summary || {};
    const supp = doc.suppression || {};
    const min = isNum(supp.minimumCount) ? supp.minimumCount : 11;
    const suppressedView = !!(s.suppressed || supp.applied);
    const cards = KPIS.map((k) => {
      const v = s[k.field];
      const value = el("p", { class: "kpi__value", dataset: { kpi: k.field, value: isNum(v) ? String(v) : "" } });
      let sub = k.sub ? k.sub(s) : null;
      if (isNum(v)) {
        value.append(...kpiValueNodes(k.kind, v));
      } else if (v === null && suppressedView) {
        value.classList.add("is-suppressed");
        value.textContent = k.count ? `<${min}` : "suppressed";
        value.title = k.count
          ? `Suppressed: between 1 and ${min - 1}; counts below the minimum cell count (${min}) are hidden for this role.`
          : `Suppressed: the count behind this figure is below the minimum cell count (${min}).`;
        sub = k.count ? "suppressed" : `count < ${min}`;
      } else {
        value.classList.add("is-null");
        value.textContent = "—";
        value.title = "No visits match these filters";
        sub = "no visits";
      }
      return el("article", { class: `kpi${k.cls ? ` kpi--${k.cls}` : ""}` },
        el("h3", { class: "kpi__label", text: k.label }),
        value,
        el("p", { class: "kpi__sub", text: sub || "\u00a0", title: sub || null }));
    });
    $("kpi-cards").replaceChildren(...cards);
  }

  function renderPlaceholders() {
    $("kpi-cards").replaceChildren(...KPIS.map((k) => el("article", { class: "kpi kpi--placeholder" },
      el("h3", { class: "kpi__label", text: k.label }),
      el("p", { class: "kpi__value", text: "—" }),
      el("p", { class: "kpi__sub", text: "\u00a0" }))));
    for (const [id] of CHARTS) {
      const box = $(id);
      box.replaceChildren(message(document.body.dataset.state === "loading" ? "Loading…" : "No data"));
    }
    drawnWidths.clear();
  }

  // ------------------------------------------------------------------ chart helpers

  function message(text) {
    return el("p", { class: "chart-message", text });
  }

  function empty(box, text = "No data for these filters") {
    box.replaceChildren(message(text));
  }

  function svgRoot(w, h, label) {
    return sv("svg", {
      viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: "img", "aria-label": label, focusable: "false",
      preserveAspectRatio: "xMidYMin meet",
    });
  }

  function legend(items) {
    const ul = el("ul", { class: "legend" });
    for (const it of items) {
      const sw = el("span", { class: `swatch${it.kind ? ` swatch--${it.kind}` : ""}`, "aria-hidden": "true" });
      if (it.kind !== "hatch") sw.style.background = it.color;
      ul.append(el("li", null, sw, it.label, it.value ? el("span", { class: "value", text: it.value }) : null));
    }
    return ul;
  }

  function niceStep(raw) {
    const mag = 10 ** Math.floor(Math.log10(raw));
    const r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }

  function ticks(max, count, integer = false) {
    if (!(max > 0)) return { max: 1, values: [0] };
    let step = niceStep(max / count);
    if (integer) step = Math.max(1, Math.round(step));
    const top = Math.ceil(max / step - 1e-9) * step;
    const values = [];
    for (let v = 0; v <= top + step / 2; v += step) values.push(round(v * 1000) / 1000);
    return { max: top, values };
  }

  const textWidth = (s, px = 12) => String(s).length * px * 0.58;

  function diamond(cx, cy, r) {
    return `M${cx} ${cy - r}L${cx + r} ${cy}L${cx} ${cy + r}L${cx - r} ${cy}Z`;
  }

  function suppressedText(x, y, anchor = "start") {
    return sv("text", { x, y, "text-anchor": anchor, "dominant-baseline": "middle", class: "supp-label", text: "suppressed" });
  }

  function xGrid(svg, tk, x, y0, y1, unitLabel) {
    for (const t of tk.values) {
      svg.append(sv("line", { x1: x(t), x2: x(t), y1: y0, y2: y1, class: t === 0 ? "axis-line" : "grid-line" }));
      svg.append(sv("text", { x: x(t), y: y1 + 15, "text-anchor": "middle", class: "axis-label", text: fmtAxis(t) }));
    }
    if (unitLabel) {
      svg.append(sv("text", { x: x(tk.max), y: y1 + 29, "text-anchor": "end", class: "axis-label", text: unitLabel }));
    }
  }

  function yGrid(svg, tk, y, x0, x1, side = "left", color = null) {
    for (const t of tk.values) {
      if (side === "left") svg.append(sv("line", { x1: x0, x2: x1, y1: y(t), y2: y(t), class: t === 0 ? "axis-line" : "grid-line" }));
      svg.append(sv("text", {
        x: side === "left" ? x0 - 8 : x1 + 8, y: y(t), "text-anchor": side === "left" ? "end" : "start",
        "dominant-baseline": "middle", class: "axis-label", fill: color, text: fmtAxis(t),
      }));
    }
  }

  // ------------------------------------------------------------------ charts

  function drawDepartments(box, doc, W) {
    const rows = (doc.departments || []).slice().sort((a, b) =>
      (isNum(b.avgWaitMinutes) ? b.avgWaitMinutes : -1) - (isNum(a.avgWaitMinutes) ? a.avgWaitMinutes : -1)
      || String(a.department).localeCompare(String(b.department)));
    if (!rows.length) return empty(box);

    const rowH = 42, top = 4, bottom = 36;
    const labelW = clamp(Math.max(...rows.map((r) => textWidth(r.department ?? "Unknown", 12.5))) + 16, 80, W * 0.34);
    const right = 62;
    const H = top + rows.length * rowH + bottom;
    const vals = rows.flatMap((r) => [r.avgWaitMinutes, r.medianWaitMinutes, r.p90WaitMinutes]).filter(isNum);
    const tk = ticks(Math.max(0, ...vals), W < 520 ? 4 : 6);
    const x = (v) => labelW + (v / tk.max) * (W - labelW - right);
    const plotBottom = top + rows.length * rowH;

    const summary = rows.map((r) => isNum(r.avgWaitMinutes)
      ? `${r.department}: ${fmtMin(r.avgWaitMinutes)} average, median ${fmtMin(r.medianWaitMinutes)}, 90th percentile ${fmtMin(r.p90WaitMinutes)}`
      : `${r.department}: suppressed`).join("; ");
    const svg = svgRoot(W, H, `Average wait by department. ${summary}.`);
    xGrid(svg, tk, x, top, plotBottom, "minutes");

    rows.forEach((r, i) => {
      const y0 = top + i * rowH, cy = y0 + rowH / 2;
      const name = r.department ?? "Unknown";
      const g = sv("g", null, tip(isNum(r.avgWaitMinutes)
        ? `${name}\n${fmtInt(r.visits)} visits, ${fmtInt(r.criticalVisits)} critical\nAverage ${fmtMin(r.avgWaitMinutes)} · median ${fmtMin(r.medianWaitMinutes)}\n90th percentile ${fmtMin(r.p90WaitMinutes)} · longest ${fmtMin(r.maxWaitMinutes)}`
        : `${name}: suppressed (fewer than ${minCount(doc)} visits)`));
      g.append(sv("rect", { x: 0, y: y0, width: W, height: rowH, class: "hover-target" }));
      g.append(sv("text", { x: labelW - 10, y: cy - 6, "text-anchor": "end", "dominant-baseline": "middle", "font-size": 12.5, "font-weight": 600, text: name }));
      g.append(sv("text", { x: labelW - 10, y: cy + 9, "text-anchor": "end", "dominant-baseline": "middle", class: "axis-label",
        text: isNum(r.visits) ? `${fmtInt(r.visits)} visits` : `<${minCount(doc)} visits` }));
      if (!isNum(r.avgWaitMinutes)) {
        g.append(suppressedText(x(0) + 8, cy));
        svg.append(g);
        return;
      }
      const bw = Math.max(1, x(r.avgWaitMinutes) - x(0));
      g.append(sv("rect", { x: x(0), y: cy - 10, width: bw, height: 20, rx: 2, fill: C.bar, class: "bar" }));
      const inside = bw > 46;
      g.append(sv("text", {
        x: inside ? x(0) + 7 : x(r.avgWaitMinutes) + 6, y: cy, "text-anchor": "start",
        "dominant-baseline": "middle", class: `value-label${inside ? " value-label--inside" : ""}`, text: nf1.format(r.avgWaitMinutes),
      }));
      if (isNum(r.medianWaitMinutes)) {
        g.append(sv("line", { x1: x(r.medianWaitMinutes), x2: x(r.medianWaitMinutes), y1: cy - 14, y2: cy + 14, stroke: C.ink, "stroke-width": 2.5 }));
      }
      if (isNum(r.p90WaitMinutes)) {
        g.append(sv("path", { d: diamond(x(r.p90WaitMinutes), cy, 7), fill: C.accent, stroke: "#fff", "stroke-width": 1.5 }));
        g.append(sv("text", { x: x(r.p90WaitMinutes) + 11, y: cy, "dominant-baseline": "middle", class: "axis-label", text: nf1.format(r.p90WaitMinutes) }));
      }
      svg.append(g);
    });

    box.replaceChildren(legend([
      { kind: null, color: C.bar, label: "Average wait (min)" },
      { kind: "tick", color: C.ink, label: "Median" },
      { kind: "diamond", color: C.accent, label: "90th percentile" },
    ]), svg);
  }

  function drawTriage(box, doc, W) {
    const rows = (doc.triage || []).slice().sort((a, b) => a.triageLevel - b.triageLevel);
    if (!rows.length) return empty(box);
    const compact = W / rows.length < 104;
    const H = 300, left = 50, right = 12, top = 24, bottom = compact ? 58 : 70;
    const tk = ticks(Math.max(0, ...rows.map((r) => r.visits).filter(isNum)), 5, true);
    const band = (W - left - right) / rows.length;
    const bw = Math.min(76, band * 0.58);
    const y = (v) => top + (1 - v / tk.max) * (H - top - bottom);

    const summary = rows.map((r) => `level ${r.triageLevel}: ${isNum(r.visits) ? `${fmtInt(r.visits)} visits` : "suppressed"}` +
      (isNum(r.withinTargetPct) ? `, ${fmtPct(r.withinTargetPct)} within ${r.targetMinutes} min` : "")).join("; ");
    const svg = svgRoot(W, H, `Visits per triage level. ${summary}.`);
    yGrid(svg, tk, y, left, W - right);
    svg.append(sv("text", { x: left - 8, y: 10, "text-anchor": "end", class: "axis-label", text: "visits" }));

    rows.forEach((r, i) => {
      const cx = left + band * (i + 0.5);
      const info = TRIAGE[r.triageLevel] || { color: "#888", name: "" };
      const g = sv("g", null, tip(isNum(r.visits)
        ? `Level ${r.triageLevel} · ${info.name}\n${fmtInt(r.visits)} visits\nAverage wait ${fmtMin(r.avgWaitMinutes)} · median ${fmtMin(r.medianWaitMinutes)} · p90 ${fmtMin(r.p90WaitMinutes)}\nTarget ${r.targetMinutes} min: ${fmtPct(r.withinTargetPct)} within target`
        : `Level ${r.triageLevel}: suppressed (fewer than ${minCount(doc)} visits)`));
      g.append(sv("rect", { x: cx - band / 2, y: top, width: band, height: H - top - bottom, class: "hover-target" }));
      if (isNum(r.visits)) {
        g.append(sv("rect", { x: cx - bw / 2, y: y(r.visits), width: bw, height: Math.max(0, y(0) - y(r.visits)), rx: 2, fill: info.color, class: "bar" }));
        g.append(sv("text", { x: cx, y: y(r.visits) - 7, "text-anchor": "middle", class: "value-label", text: fmtInt(r.visits) }));
      } else {
        g.append(suppressedText(cx, y(0) - 12, "middle"));
      }
      const base = H - bottom;
      g.append(sv("text", { x: cx, y: base + 16, "text-anchor": "middle", "font-size": 12.5, "font-weight": 600,
        text: compact ? `L${r.triageLevel}` : `Level ${r.triageLevel}` }));
      if (!compact) g.append(sv("text", { x: cx, y: base + 31, "text-anchor": "middle", class: "axis-label", text: info.name }));
      const tY = base + (compact ? 32 : 48);
      if (isNum(r.withinTargetPct)) {
        g.append(sv("text", { x: cx, y: tY, "text-anchor": "middle", "font-size": 11.5, fill: C.ink },
          sv("tspan", { "font-weight": 700, text: compact ? `${Math.round(r.withinTargetPct)}%` : fmtPct(r.withinTargetPct) }),
          sv("tspan", { fill: "#5d6b7a", text: ` ≤ ${r.targetMinutes}${compact ? "m" : " min"}` })));
      } else if (r.suppressed) {
        g.append(sv("text", { x: cx, y: tY, "text-anchor": "middle", class: "supp-label", text: compact ? "supp." : `target ${r.targetMinutes} min: suppressed` }));
      }
      svg.append(g);
    });
    box.replaceChildren(svg);
  }

  function drawDoctors(box, doc, W) {
    const all = (doc.doctors || []).slice().sort((a, b) =>
      (a.workloadRank ?? 1e9) - (b.workloadRank ?? 1e9) || String(a.doctorId ?? "~").localeCompare(String(b.doctorId ?? "~")));
    if (!all.length) return empty(box);
    const rows = all.slice(0, 15);
    const rowH = 23, top = 2, bottom = 36;
    const label = (r) => r.doctorId ?? "Not recorded";
    const labelW = clamp(Math.max(...rows.map((r) => textWidth(label(r), 12))) + 14, 56, W * 0.3);
    const right = 48;
    const H = top + rows.length * rowH + bottom;
    const tk = ticks(Math.max(0, ...rows.map((r) => r.visits).filter(isNum)), W < 520 ? 4 : 6, true);
    const x = (v) => labelW + (v / tk.max) * (W - labelW - right);
    const plotBottom = top + rows.length * rowH;

    const svg = svgRoot(W, H, `Visits per doctor, top ${rows.length} of ${all.length}. ` +
      rows.map((r) => `${label(r)}: ${isNum(r.visits) ? `${fmtInt(r.visits)} visits, ${isNum(r.criticalVisits) ? fmtInt(r.criticalVisits) : "suppressed"} critical` : "suppressed"}`).join("; ") + ".");
    xGrid(svg, tk, x, top, plotBottom, "visits");

    rows.forEach((r, i) => {
      const y0 = top + i * rowH, cy = y0 + rowH / 2;
      const g = sv("g", null, tip(isNum(r.visits)
        ? `${label(r)} (rank ${r.workloadRank ?? "—"})\n${fmtInt(r.visits)} visits, ${isNum(r.criticalVisits) ? fmtInt(r.criticalVisits) : `<${minCount(doc)}`} critical\nAverage wait ${fmtMin(r.avgWaitMinutes)}`
        : `${label(r)}: suppressed (fewer than ${minCount(doc)} visits)`));
      g.append(sv("rect", { x: 0, y: y0, width: W, height: rowH, class: "hover-target" }));
      g.append(sv("text", { x: labelW - 10, y: cy, "text-anchor": "end", "dominant-baseline": "middle", "font-size": 12, text: label(r) }));
      if (!isNum(r.visits)) {
        g.append(suppressedText(x(0) + 8, cy));
      } else {
        g.append(sv("rect", { x: x(0), y: cy - 7.5, width: Math.max(1, x(r.visits) - x(0)), height: 15, rx: 2, fill: C.barLight, class: "bar" }));
        if (isNum(r.criticalVisits) && r.criticalVisits > 0) {
          g.append(sv("rect", { x: x(0), y: cy - 7.5, width: Math.max(1, x(r.criticalVisits) - x(0)), height: 15, rx: 2, fill: C.barDark }));
        }
        g.append(sv("text", { x: x(r.visits) + 6, y: cy, "dominant-baseline": "middle", class: "value-label", text: fmtInt(r.visits) }));
      }
      svg.append(g);
    });

    const nodes = [legend([
      { color: C.barDark, label: "Critical visits (triage 1–2)" },
      { color: C.barLight, label: "Other visits" },
    ]), svg];
    if (all.length > rows.length) nodes.push(el("p", { class: "card__sub", text: `Showing the ${rows.length} busiest of ${fmtInt(all.length)} doctors.` }));
    box.replaceChildren(...nodes);
  }

  function drawMonthly(box, doc, W) {
    const rows = (doc.monthly || []).slice().sort((a, b) => String(a.month).localeCompare(String(b.month)));
    if (!rows.length) return empty(box);
    const left = 48, right = 54, top = 18;
    const band = (W - left - right) / rows.length;
    const rotate = band < 58;
    const bottom = rotate ? 62 : 34;
    const H = W < 520 ? 280 : 350;
    const tk1 = ticks(Math.max(0, ...rows.map((r) => r.visits).filter(isNum)), 5, true);
    const tk2 = ticks(Math.max(0, ...rows.map((r) => r.cumulativeVisits).filter(isNum)), 5, true);
    const y1 = (v) => top + (1 - v / tk1.max) * (H - top - bottom);
    const y2 = (v) => top + (1 - v / tk2.max) * (H - top - bottom);
    const bw = Math.min(44, band * 0.66);

    const last = [...rows].reverse().find((r) => isNum(r.cumulativeVisits));
    const svg = svgRoot(W, H, `Monthly visits from ${rows[0].month} to ${rows[rows.length - 1].month}. ` +
      rows.map((r) => `${r.month}: ${isNum(r.visits) ? fmtInt(r.visits) : "suppressed"}`).join("; ") +
      (last ? `. Running total ${fmtInt(last.cumulativeVisits)} by ${last.month}.` : "."));
    yGrid(svg, tk1, y1, left, W - right);
    yGrid(svg, tk2, y2, left, W - right, "right", C.accent);
    svg.append(sv("text", { x: left - 8, y: 8, "text-anchor": "end", class: "axis-label", text: "visits" }));
    svg.append(sv("text", { x: W - right + 8, y: 8, "text-anchor": "start", class: "axis-label", fill: C.accent, text: "running total" }));

    const pts = [];
    const labels = [];
    rows.forEach((r, i) => {
      const cx = left + band * (i + 0.5);
      const g = sv("g", null, tip(`${r.month}\n${isNum(r.visits) ? `${fmtInt(r.visits)} visits` : "visits suppressed"}\nRunning total ${isNum(r.cumulativeVisits) ? fmtInt(r.cumulativeVisits) : "suppressed"}\nAverage wait ${fmtMin(r.avgWaitMinutes)}`));
      g.append(sv("rect", { x: cx - band / 2, y: top, width: band, height: H - top - bottom, class: "hover-target" }));
      if (isNum(r.visits)) {
        const h = Math.max(0, y1(0) - y1(r.visits));
        g.append(sv("rect", { x: cx - bw / 2, y: y1(r.visits), width: bw, height: h, rx: 2, fill: C.bar, class: "bar" }));
        if (band >= 34 && h >= 22) {
          labels.push(sv("text", { x: cx, y: y1(r.visits) + 13, "text-anchor": "middle", class: "value-label value-label--inside value-label--small", "pointer-events": "none", text: fmtInt(r.visits) }));
        }
      } else {
        g.append(sv("text", { x: cx, y: y1(0) - 10, "text-anchor": "middle", class: "supp-label", text: band > 70 ? "suppressed" : "supp." }));
      }
      const lx = cx, ly = H - bottom + 15;
      g.append(rotate
        ? sv("text", { x: lx, y: ly - 4, "text-anchor": "end", class: "axis-label", transform: `rotate(-45 ${lx} ${ly - 4})`, text: r.month })
        : sv("text", { x: lx, y: ly, "text-anchor": "middle", class: "axis-label", text: r.month }));
      svg.append(g);
      pts.push(isNum(r.cumulativeVisits) ? [cx, y2(r.cumulativeVisits)] : null);
    });
    for (const seg of segments(pts)) {
      svg.append(sv("polyline", { points: seg.map((p) => p.join(",")).join(" "), fill: "none", stroke: C.accent, "stroke-width": 2.5, "stroke-linejoin": "round", "pointer-events": "none" }));
    }
    for (const p of pts) if (p) svg.append(sv("circle", { cx: p[0], cy: p[1], r: 3.5, fill: "#fff", stroke: C.accent, "stroke-width": 2, "pointer-events": "none" }));
    svg.append(...labels);

    box.replaceChildren(legend([
      { color: C.bar, label: "Visits per month" },
      { kind: "line", color: C.accent, label: "Running total (right axis)" },
    ]), svg);
  }

  function segments(points) {
    const out = [];
    let cur = [];
    for (const p of points) {
      if (p) cur.push(p);
      else if (cur.length) { out.push(cur); cur = []; }
    }
    if (cur.length) out.push(cur);
    return out;
  }

  function drawBloodGroups(box, doc, W) {
    const rows = (doc.bloodGroups || []).slice();
    if (!rows.length) return empty(box);
    const total = rows.reduce((s, r) => s + (isNum(r.visits) ? r.visits : 0), 0);
    const rowH = 27, top = 2, bottom = 36;
    const labelW = clamp(Math.max(...rows.map((r) => textWidth(r.bloodGroup ?? "Unknown", 12.5))) + 16, 48, W * 0.3);
    const right = 104;
    const H = top + rows.length * rowH + bottom;
    const tk = ticks(Math.max(0, ...rows.map((r) => r.visits).filter(isNum)), W < 520 ? 4 : 5, true);
    const x = (v) => labelW + (v / tk.max) * (W - labelW - right);
    const svg = svgRoot(W, H, "Visits by blood group. " +
      rows.map((r) => `${r.bloodGroup ?? "Unknown"}: ${isNum(r.visits) ? fmtInt(r.visits) : "suppressed"}`).join("; ") + ".");
    xGrid(svg, tk, x, top, top + rows.length * rowH, "visits");
    rows.forEach((r, i) => {
      const y0 = top + i * rowH, cy = y0 + rowH / 2;
      const name = r.bloodGroup ?? "Unknown";
      const share = isNum(r.visits) && total > 0 ? (100 * r.visits) / total : null;
      const g = sv("g", null, tip(isNum(r.visits) ? `${name}: ${fmtInt(r.visits)} visits (${fmtPct(share)} of shown visits)` : `${name}: suppressed (fewer than ${minCount(doc)} visits)`));
      g.append(sv("rect", { x: 0, y: y0, width: W, height: rowH, class: "hover-target" }));
      g.append(sv("text", { x: labelW - 10, y: cy, "text-anchor": "end", "dominant-baseline": "middle", "font-size": 12.5, "font-weight": 600, text: name }));
      if (isNum(r.visits)) {
        g.append(sv("rect", { x: x(0), y: cy - 8, width: Math.max(1, x(r.visits) - x(0)), height: 16, rx: 2, fill: C.teal, class: "bar" }));
        g.append(sv("text", { x: x(r.visits) + 6, y: cy, "dominant-baseline": "middle", "font-size": 11.5 },
          sv("tspan", { "font-weight": 600, fill: C.ink, text: fmtInt(r.visits) }),
          sv("tspan", { fill: "#5d6b7a", text: `  ${fmtPct(share)}` })));
      } else {
        g.append(suppressedText(x(0) + 8, cy));
      }
      svg.append(g);
    });
    box.replaceChildren(svg);
  }

  function arcPath(cx, cy, R, r, a0, a1) {
    const large = a1 - a0 > Math.PI ? 1 : 0;
    const p = (rad, a) => `${round(cx + rad * Math.sin(a))} ${round(cy - rad * Math.cos(a))}`;
    return `M${p(R, a0)}A${R} ${R} 0 ${large} 1 ${p(R, a1)}L${p(r, a1)}A${r} ${r} 0 ${large} 0 ${p(r, a0)}Z`;
  }

  function drawGenders(box, doc, W) {
    const rows = (doc.genders || []).slice();
    if (!rows.length) return empty(box);
    const H = 190, R = 84, r = 54, cx = W / 2, cy = H / 2;
    const totalPatients = rows.reduce((s, g) => s + (isNum(g.patients) ? g.patients : 0), 0);
    const patients = isNum(doc.summary && doc.summary.patients) ? doc.summary.patients : totalPatients;
    const svg = svgRoot(W, H, "Patients by gender. " +
      rows.map((g) => `${g.gender ?? "Unknown"}: ${isNum(g.share) ? fmtPct(g.share * 100) : "suppressed"}`).join("; ") + ".");
    svg.append(sv("circle", { cx, cy, r: (R + r) / 2, fill: "none", stroke: C.empty, "stroke-width": R - r }));
    let a = 0;
    const items = [];
    rows.forEach((g, i) => {
      const color = CATEGORY[i % CATEGORY.length];
      const name = g.gender ?? "Unknown";
      items.push({ color, label: name, value: isNum(g.share) ? `${fmtPct(g.share * 100)} · ${fmtInt(g.patients)}` : "suppressed", suppressed: !isNum(g.share) });
      if (!isNum(g.share) || g.share <= 0) return;
      const a1 = a + Math.min(g.share, 0.99999) * 2 * Math.PI;
      svg.append(sv("path", { d: arcPath(cx, cy, R, r, a, a1), fill: color, stroke: "#fff", "stroke-width": 1.5, class: "slice" },
        tip(`${name}: ${fmtInt(g.patients)} patients (${fmtPct(g.share * 100)})`)));
      a = a1;
    });
    svg.append(sv("text", { x: cx, y: cy - 6, "text-anchor": "middle", "dominant-baseline": "middle", "font-size": 20, "font-weight": 650, fill: C.ink,
      text: isNum(patients) && patients > 0 ? fmtInt(patients) : "—" }));
    svg.append(sv("text", { x: cx, y: cy + 15, "text-anchor": "middle", "dominant-baseline": "middle", class: "axis-label", text: "patients" }));
    const lg = legend(items.map((it) => ({ color: it.color, label: it.label, value: it.value, kind: it.suppressed ? "hatch" : null })));
    lg.classList.add("legend--vertical");
    box.replaceChildren(svg, lg);
  }

  function heatColor(t) {
    const pos = clamp(t, 0, 1) * (HEAT.length - 1);
    const i = Math.floor(pos), f = pos - i;
    if (i >= HEAT.length - 1) return HEAT[HEAT.length - 1];
    const a = HEAT[i], b = HEAT[i + 1];
    const ch = (hex, k) => parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
    const mix = [0, 1, 2].map((k) => Math.round(ch(a, k) + (ch(b, k) - ch(a, k)) * f));
    return `rgb(${mix.join(",")})`;
  }

  function drawHours(box, doc, W) {
    const rows = doc.arrivalsByHour || [];
    if (!rows.length) return empty(box);
    const byCell = new Map(rows.map((r) => [`${r.weekday}-${r.hour}`, r]));
    const maxV = Math.max(1, ...rows.map((r) => r.visits).filter(isNum));
    const narrow = W < 640;
    const left = narrow ? 36 : 84, right = 8, top = 20, cellH = narrow ? 22 : 28, legendH = 44;
    const cw = (W - left - right) / 24;
    const H = top + 7 * cellH + legendH;
    const busiest = rows.filter((r) => isNum(r.visits)).sort((a, b) => b.visits - a.visits)[0];
    const svg = svgRoot(W, H, `Arrivals by weekday and hour, ${rows.length} of 168 hour slots with visits.` +
      (busiest ? ` Busiest: ${WEEKDAYS[busiest.weekday - 1]} ${String(busiest.hour).padStart(2, "0")}:00 with ${fmtInt(busiest.visits)} visits.` : ""));
    const defs = sv("defs");
    const pid = `hatch-${box.id}`;
    defs.append(sv("pattern", { id: pid, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      sv("rect", { width: 6, height: 6, fill: "#f4f6f8" }), sv("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#c9d1da", "stroke-width": 2.5 })));
    const gid = `grad-${box.id}`;
    const grad = sv("linearGradient", { id: gid, x1: 0, x2: 1, y1: 0, y2: 0 });
    HEAT.forEach((c, i) => grad.append(sv("stop", { offset: `${(100 * i) / (HEAT.length - 1)}%`, "stop-color": c })));
    defs.append(grad);
    svg.append(defs);

    for (let h = 0; h < 24; h++) {
      if (narrow && h % 3) continue;
      svg.append(sv("text", { x: left + cw * (h + 0.5), y: top - 7, "text-anchor": "middle", class: "axis-label", text: String(h).padStart(2, "0") }));
    }
    let anySuppressed = false;
    for (let d = 1; d <= 7; d++) {
      const y0 = top + (d - 1) * cellH;
      svg.append(sv("text", { x: left - 8, y: y0 + cellH / 2, "text-anchor": "end", "dominant-baseline": "middle", "font-size": 12,
        text: narrow ? WEEKDAYS[d - 1].slice(0, 2) : WEEKDAYS[d - 1] }));
      for (let h = 0; h < 24; h++) {
        const r = byCell.get(`${d}-${h}`);
        const slot = `${WEEKDAYS[d - 1]} ${String(h).padStart(2, "0")}:00–${String(h).padStart(2, "0")}:59`;
        let fill = C.empty, title = `${slot}: no visits`, t = 0;
        if (r && isNum(r.visits)) {
          t = r.visits / maxV;
          fill = heatColor(t);
          title = `${slot}: ${fmtInt(r.visits)} visits, average wait ${fmtMin(r.avgWaitMinutes)}`;
        } else if (r) {
          anySuppressed = true;
          fill = `url(#${pid})`;
          title = `${slot}: suppressed (fewer than ${minCount(doc)} visits)`;
        }
        const x0 = left + h * cw;
        const g = sv("g", null, tip(title));
        g.append(sv("rect", { x: round(x0 + 1), y: y0 + 1, width: round(cw - 2), height: cellH - 2, rx: 2, fill, class: "cell" }));
        if (r && isNum(r.visits) && cw >= 30) {
          g.append(sv("text", { x: x0 + cw / 2, y: y0 + cellH / 2 + 0.5, "text-anchor": "middle", "dominant-baseline": "middle", "font-size": 10.5,
            fill: t > 0.55 ? "#ffffff" : "#2b3845", "pointer-events": "none", text: fmtInt(r.visits) }));
        }
        svg.append(g);
      }
    }
    const ly = top + 7 * cellH + 16;
    const anyNumbers = rows.some((r) => isNum(r.visits));
    const lw = Math.min(220, W * 0.4);
    const lx = W - right - lw - (anySuppressed ? 110 : 0);
    if (anyNumbers) {
      svg.append(sv("text", { x: lx - 8, y: ly + 5, "text-anchor": "end", "dominant-baseline": "middle", class: "axis-label", text: "visits: 0" }));
      svg.append(sv("rect", { x: lx, y: ly, width: lw, height: 10, rx: 2, fill: `url(#${gid})` }));
      svg.append(sv("text", { x: lx + lw + 6, y: ly + 5, "dominant-baseline": "middle", class: "axis-label", text: fmtInt(maxV) }));
    }
    if (anySuppressed) {
      const sx = W - right - 80;
      svg.append(sv("rect", { x: sx, y: ly - 1, width: 12, height: 12, rx: 2, fill: `url(#${pid})`, stroke: "#c9d1da" }));
      svg.append(sv("text", { x: sx + 18, y: ly + 5, "dominant-baseline": "middle", class: "axis-label", text: "suppressed" }));
    }
    box.replaceChildren(svg);
  }

  const dayMs = 86400000;
  const parseDay = (s) => (typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN);

  function drawRolling(box, doc, W) {
    const rows = (doc.rollingWait || []).filter((r) => Number.isFinite(parseDay(r.date)));
    if (!rows.length) return empty(box);
    const byDept = new Map();
    for (const r of rows) {
      const k = r.department ?? "Unknown";
      if (!byDept.has(k)) byDept.set(k, []);
      byDept.get(k).push(r);
    }
    if (!rows.some((r) => isNum(r.avgWaitMinutes7d))) {
      return empty(box, `Every value is suppressed (fewer than ${minCount(doc)} visits in 7 days)`);
    }
    const depts = [...byDept.keys()].sort((a, b) => a.localeCompare(b));
    const times = rows.map((r) => parseDay(r.date));
    const t0 = Math.min(...times), t1 = Math.max(...times, t0 + dayMs);
    const left = 48, right = 16, top = 14, bottom = 30, H = 300;
    const tk = ticks(Math.max(0, ...rows.map((r) => r.avgWaitMinutes7d).filter(isNum)), 5);
    const x = (t) => left + ((t - t0) / (t1 - t0)) * (W - left - right);
    const y = (v) => top + (1 - v / tk.max) * (H - top - bottom);

    const latest = depts.map((d) => {
      const last = [...byDept.get(d)].reverse().find((r) => isNum(r.avgWaitMinutes7d));
      return last ? `${d} ${fmtMin(last.avgWaitMinutes7d)} on ${last.date}` : `${d} suppressed`;
    }).join("; ");
    const first = new Date(t0).toISOString().slice(0, 10), lastDay = new Date(t1).toISOString().slice(0, 10);
    const svg = svgRoot(W, H, `7-day rolling average wait for ${depts.length} departments from ${first} to ${lastDay}. Latest: ${latest}.`);
    yGrid(svg, tk, y, left, W - right);
    svg.append(sv("text", { x: left - 8, y: 4, "text-anchor": "end", class: "axis-label", text: "min" }));

    const spanDays = (t1 - t0) / dayMs;
    const maxTicks = Math.max(2, Math.floor((W - left - right) / 80));
    const step = [1, 2, 7, 14, 28, 56, 91, 182, 364].find((s) => spanDays / s <= maxTicks) || 364;
    for (let t = t0; t <= t1 + 1; t += step * dayMs) {
      svg.append(sv("line", { x1: x(t), x2: x(t), y1: H - bottom, y2: H - bottom + 4, class: "axis-line" }));
      svg.append(sv("text", { x: x(t), y: H - bottom + 17, "text-anchor": "middle", class: "axis-label", text: dayFmt.format(new Date(t)) }));
    }

    let anySuppressed = false;
    const items = [];
    depts.forEach((d, i) => {
      const color = CATEGORY[i % CATEGORY.length];
      const dash = i >= CATEGORY.length ? "6 3" : null;
      items.push({ kind: "line", color, label: d });
      const pts = byDept.get(d).sort((a, b) => parseDay(a.date) - parseDay(b.date))
        .map((r) => (isNum(r.avgWaitMinutes7d) ? [round(x(parseDay(r.date))), round(y(r.avgWaitMinutes7d)), r] : null));
      if (pts.some((p) => !p)) anySuppressed = true;
      for (const seg of segments(pts)) {
        if (seg.length === 1) {
          svg.append(sv("circle", { cx: seg[0][0], cy: seg[0][1], r: 2.5, fill: color }));
        } else {
          svg.append(sv("polyline", { points: seg.map((p) => `${p[0]},${p[1]}`).join(" "), fill: "none", stroke: color, "stroke-width": 2,
            "stroke-linejoin": "round", "stroke-linecap": "round", "stroke-dasharray": dash, "pointer-events": "none" }));
        }
      }
      const g = sv("g", { class: "points" });
      for (const p of pts) {
        if (!p) continue;
        const r = p[2];
        g.append(sv("circle", { cx: p[0], cy: p[1], r: 4, fill: color, "fill-opacity": 0, stroke: "none", class: "point" },
          tip(`${d} · ${r.date}\n7-day average wait ${fmtMin(r.avgWaitMinutes7d)}\n${isNum(r.visits7d) ? fmtInt(r.visits7d) : `<${minCount(doc)}`} visits in 7 days`)));
      }
      svg.append(g);
    });
    if (anySuppressed) items.push({ kind: "hatch", label: "gaps: suppressed days" });
    box.replaceChildren(legend(items), svg);
  }

  function drawAlerts(box, doc) {
    const rows = doc.alerts || [];
    if (!rows.length) return empty(box, "No alerts yet");
    const table = el("table", { class: "data-table" },
      el("caption", { class: "visually-hidden", text: "Alerts by band and event" }),
      el("thead", null, el("tr", null,
        el("th", { scope: "col", text: "Band" }),
        el("th", { scope: "col", text: "Event" }),
        el("th", { scope: "col", class: "num", text: "Alerts" }),
        el("th", { scope: "col", class: "num", text: "Median minutes to escalation" }))));
    const tbody = el("tbody");
    for (const r of rows) {
      const count = isNum(r.alerts) ? fmtInt(r.alerts) : r.alerts === null ? `<${minCount(doc)}` : "—";
      const med = isNum(r.medianMinutesToEscalation) ? nf1.format(r.medianMinutesToEscalation) : r.suppressed ? "suppressed" : "—";
      tbody.append(el("tr", null,
        el("td", { text: r.band ?? "—" }),
        el("td", { text: r.event ?? "—" }),
        el("td", { class: "num", text: count, title: r.alerts === null ? "suppressed" : null }),
        el("td", { class: "num", text: med })));
    }
    table.append(tbody);
    box.replaceChildren(table);
  }

  const minCount = (doc) => (doc.suppression && isNum(doc.suppression.minimumCount) ? doc.suppression.minimumCount : 11);

  const CHARTS = [
    ["chart-departments", drawDepartments],
    ["chart-triage", drawTriage],
    ["chart-monthly", drawMonthly],
    ["chart-doctors", drawDoctors],
    ["chart-hours", drawHours],
    ["chart-rolling", drawRolling],
    ["chart-genders", drawGenders],
    ["chart-bloodgroups", drawBloodGroups],
    ["alerts", drawAlerts],
  ];

  function chartWidth(box) {
    const w = Math.floor(box.clientWidth);
    return w > 0 ? Math.max(260, w) : 600;
  }

  function renderCharts(doc) {
    for (const [id, draw] of CHARTS) {
      const box = $(id);
      const w = chartWidth(box);
      try {
        draw(box, doc, w);
      } catch (err) {
        console.error(`Could not draw ${id}`, err);
        box.replaceChildren(message("This chart could not be drawn."));
      }
      drawnWidths.set(id, w);
    }
  }

  function render(doc) {
    renderStatus(doc);
    renderKpis(doc);
    renderCharts(doc);
  }

  // ------------------------------------------------------------------ events

  function onApply(ev) {
    ev.preventDefault();
    const params = formParams();
    const from = params.get("from"), to = params.get("to");
    if (from && to && from >= to) {
      showError("“From” must be before “to (exclusive)”.", `${from} is not before ${to}.`);
      $("filter-to").focus();
      return;
    }
    history.replaceState(null, "", pageUrl(params));
    load();
  }

  function onReset() {
    history.replaceState(null, "", pageUrl(new URLSearchParams()));
    fillFilterForm(new URLSearchParams(), lastDoc);
    load();
  }

  function onAuth(ev) {
    ev.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) return;
    setKey(key);
    $("api-key").value = "";
    load();
  }

  let resizeTimer = 0;
  function onResize() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!lastDoc) return;
      const changed = CHARTS.some(([id]) => Math.abs(chartWidth($(id)) - (drawnWidths.get(id) || 0)) >= 8);
      if (changed) renderCharts(lastDoc);
    }, 120);
  }

  function init() {
    $("filters").addEventListener("submit", onApply);
    $("reset").addEventListener("click", onReset);
    $("auth-form").addEventListener("submit", onAuth);
    $("forget-key").addEventListener("click", () => { setKey(""); load(); });
    window.addEventListener("resize", onResize);
    $("forget-key").hidden = !getKey();
    fillFilterForm(urlFilterParams(), null);
    setState("loading");
    renderPlaceholders();
    load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
