/// The console's script (`GET /_emulator/ui/console.js`): reads and edits state through the
/// control endpoints only, and draws the charts as SVG itself (no library). Data reaches the DOM
/// as text (textContent, attributes), never as markup: identity names are chosen by users.
enum ConsoleScript {
    static let javaScript = #"""
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const SVG_NS = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;

  // An element with attributes and children; strings become text nodes, never markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function svgEl(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function setStatus(node, text, kind) {
    node.textContent = text;
    node.className = "status" + (kind ? " " + kind : "");
  }

  // A control call: the parsed JSON answer, or an Error carrying the server's own message.
  async function api(method, path, body, contentType) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.body = body;
      init.headers["Content-Type"] = contentType || "application/json";
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
    if (!response.ok) {
      const code = (response.headers.get("x-amzn-ErrorType") || "").split(":")[0];
      const message = (json && json.message) || text || response.statusText;
      const error = new Error(`${response.status}${code ? " " + code : ""}: ${message}`);
      error.status = response.status;
      error.code = code;
      throw error;
    }
    return json;
  }

  const integer = (n) => String(n);
  const percent = (r) => (r === null || r === undefined) ? "–" : (r * 100).toFixed(2) + "%";
  const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * DAY_MS).toISOString().slice(0, 10);

  // ---- tabs
  const tabs = ["dashboard", "requests", "faults", "data"];
  const loaders = {};
  let current = null;
  function show(name) {
    if (!tabs.includes(name)) name = "dashboard";
    current = name;
    for (const t of tabs) {
      $("tab-" + t).setAttribute("aria-selected", String(t === name));
      $("panel-" + t).hidden = t !== name;
    }
    if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
    loaders[name]();
  }
  for (const t of tabs) $("tab-" + t).addEventListener("click", () => show(t));

  // ---- dashboard
  const FILTERS = [["identity", "identities"], ["configurationSet", "configurationSets"], ["isp", "isps"], ["tenant", "tenants"]];
  const CARDS = [
    ["SEND", "Send volume", (d) => integer(d.totals.SEND), (d) => "emails sent"],
    ["deliveryRate", "Delivery rate", (d) => percent(d.rates.deliveryRate), (d) => `${d.totals.DELIVERY} delivered / ${d.totals.SEND} sent`],
    ["permanentBounceRate", "Permanent bounce rate", (d) => percent(d.rates.permanentBounceRate), (d) => `${d.totals.PERMANENT_BOUNCE} / ${d.totals.SEND} sent`],
    ["transientBounceRate", "Transient bounce rate", (d) => percent(d.rates.transientBounceRate), (d) => `${d.totals.TRANSIENT_BOUNCE} / ${d.totals.SEND} sent`],
    ["complaintRate", "Complaint rate", (d) => percent(d.rates.complaintRate), (d) => `${d.totals.COMPLAINT} / ${d.totals.DELIVERY_COMPLAINT} delivered to feedback-loop ISPs`],
    ["openRate", "Open rate", (d) => percent(d.rates.openRate), (d) => `${d.totals.OPEN} / ${d.totals.DELIVERY_OPEN} delivered with open tracking`],
    ["clickRate", "Click rate", (d) => percent(d.rates.clickRate), (d) => `${d.totals.CLICK} / ${d.totals.DELIVERY_CLICK} delivered with click tracking`],
  ];
  const COLUMNS = [
    ["SEND", "Sent", (r) => integer(r.totals.SEND)],
    ["DELIVERY", "Delivered", (r) => integer(r.totals.DELIVERY)],
    ["deliveryRate", "Delivery rate", (r) => percent(r.rates.deliveryRate)],
    ["permanentBounceRate", "Perm. bounce rate", (r) => percent(r.rates.permanentBounceRate)],
    ["transientBounceRate", "Trans. bounce rate", (r) => percent(r.rates.transientBounceRate)],
    ["complaintRate", "Complaint rate", (r) => percent(r.rates.complaintRate)],
    ["openRate", "Open rate", (r) => percent(r.rates.openRate)],
    ["clickRate", "Click rate", (r) => percent(r.rates.clickRate)],
  ];
  let dashboardLoaded = false;

  function fillSelect(select, names) {
    const keep = select.value;
    select.replaceChildren(el("option", { value: "" }, "All"), ...names.map((n) => el("option", { value: n }, n)));
    select.value = names.includes(keep) ? keep : "";
  }

  // The filters offer the values the summary lists.
  function fillFilters(summary) {
    for (const [param, key] of FILTERS) fillSelect($("f-" + param), Object.keys(summary[key] || {}));
  }

  function dashboardQuery() {
    const params = new URLSearchParams();
    if ($("f-start").value) params.set("start", $("f-start").value);
    if ($("f-last").value) params.set("end", addDays($("f-last").value, 1));
    for (const [param] of FILTERS) if ($("f-" + param).value) params.set(param, $("f-" + param).value);
    return params.toString();
  }

  async function loadDashboard() {
    const status = $("dash-status");
    setStatus(status, "Loading…");
    try {
      if (!dashboardLoaded) fillFilters(await api("GET", "/_emulator/summary"));
      const query = dashboardQuery();
      const d = await api("GET", "/_emulator/dashboard" + (query ? "?" + query : ""));
      dashboardLoaded = true;
      $("f-start").value = d.start;
      $("f-last").value = addDays(d.end, -1);
      renderDashboard(d);
      setStatus(status, `${d.start} to ${addDays(d.end, -1)} (UTC), ${d.days.length} days`);
    } catch (e) {
      setStatus(status, e.message, "error");
    }
  }

  function renderDashboard(d) {
    $("cards").replaceChildren(...CARDS.map(([key, label, value, sub]) =>
      el("div", { class: "card", "data-card": key },
        el("span", { class: "label" }, label), el("span", { class: "value" }, value(d)), el("span", { class: "sub" }, sub(d)))));
    $("charts").replaceChildren(...Object.keys(d.series).map((metric) => chart(metric, d.days, d.series[metric])));
    renderTable($("by-isp"), "ISP", d.byIsp.rows);
    renderTable($("by-identity"), "Identity", d.byIdentity.rows);
    $("by-isp-omitted").textContent = d.byIsp.omitted ? `${d.byIsp.omitted} more ISPs not shown` : "";
    $("by-identity-omitted").textContent = d.byIdentity.omitted
      ? `${d.byIdentity.omitted} more identities not shown: the table holds the 100 with the most events` : "";
  }

  // A bar per day; the label carries every number, for screen readers and tests alike.
  function chart(metric, days, values) {
    const W = 300, H = 120, top = 14, bottom = 16, n = values.length;
    const peak = Math.max(0, ...values), max = Math.max(1, peak);
    const label = `${metric} per day, ${days[0]} to ${days[n - 1]}: ` + days.map((day, i) => `${day} ${values[i]}`).join(", ");
    const svg = svgEl("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label, "data-metric": metric });
    svg.append(svgEl("line", { class: "axis", x1: 0, y1: H - bottom, x2: W, y2: H - bottom }));
    const step = W / Math.max(1, n), barWidth = Math.max(1, step * 0.8);
    values.forEach((v, i) => {
      const h = (H - top - bottom) * v / max;
      const bar = svgEl("rect", { class: "bar", x: (i * step + (step - barWidth) / 2).toFixed(2), y: (H - bottom - h).toFixed(2),
                                   width: barWidth.toFixed(2), height: h.toFixed(2) });
      bar.append(svgEl("title", {}, `${days[i]}: ${v}`));
      svg.append(bar);
    });
    svg.append(svgEl("text", { x: 0, y: 10 }, `max ${peak}`));
    if (n) {
      svg.append(svgEl("text", { x: 0, y: H - 3 }, days[0]));
      svg.append(svgEl("text", { x: W, y: H - 3, "text-anchor": "end" }, days[n - 1]));
    }
    return el("figure", {}, el("figcaption", {}, metric), svg);
  }

  function renderTable(table, first, rows) {
    const head = el("tr", {}, el("th", { scope: "col" }, first), ...COLUMNS.map(([, title]) => el("th", { scope: "col" }, title)));
    const body = rows.length
      ? rows.map((r) => el("tr", { "data-name": r.name }, el("th", { scope: "row" }, r.name),
          ...COLUMNS.map(([key, , value]) => el("td", { "data-col": key }, value(r)))))
      : [el("tr", {}, el("td", { colspan: String(COLUMNS.length + 1) }, "Nothing counted in this range."))];
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, ...body));
  }

  $("dash-form").addEventListener("submit", (e) => { e.preventDefault(); loadDashboard(); });
  loaders.dashboard = () => { if (!dashboardLoaded) loadDashboard(); };

  // ---- requests
  let selectedRequest = null;
  let refreshTimer = null;

  async function loadRequests() {
    try {
      const { requests } = await api("GET", "/_emulator/requests");
      const rows = requests.slice().reverse().map((r) => {
        const row = el("tr", { tabindex: "0", "data-request-id": r.requestId, class: r.requestId === selectedRequest ? "selected" : "" },
          el("td", {}, r.time.replace("T", " ").replace("Z", "")),
          el("td", { class: r.status >= 400 ? "failed" : "" }, String(r.status)),
          el("td", {}, r.operation),
          el("td", { class: "message" }, r.errorCode ? `${r.errorCode}: ${r.errorMessage}` : ""),
          el("td", {}, r.queries.map((q) => `${q.id}:${q.metric}`).join(", ")),
          el("td", {}, r.durationMs.toFixed(1)));
        row.addEventListener("click", () => showRequest(r.requestId));
        row.addEventListener("keydown", (e) => { if (e.key === "Enter") showRequest(r.requestId); });
        return row;
      });
      $("req-table").tBodies[0].replaceChildren(...rows);
      setStatus($("req-status"), `${requests.length} requests logged, newest first`);
    } catch (e) {
      setStatus($("req-status"), e.message, "error");
    }
  }

  function bodyText(text, truncated) {
    if (text === null) return "(no longer kept: older bodies leave the byte budget first)";
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON, or cut short: as sent */ }
    return (shown || "(empty)") + (truncated ? "\n… (truncated)" : "");
  }

  async function showRequest(id) {
    selectedRequest = id;
    for (const row of $("req-table").tBodies[0].rows) row.classList.toggle("selected", row.dataset.requestId === id);
    try {
      const detail = await api("GET", "/_emulator/requests/" + encodeURIComponent(id));
      $("req-detail-id").textContent = `${detail.requestId} — ${detail.method} ${detail.path} → ${detail.status}`;
      $("req-body").textContent = bodyText(detail.requestBody, detail.requestBodyTruncated);
      $("resp-body").textContent = bodyText(detail.responseBody, detail.responseBodyTruncated);
      $("req-detail").hidden = false;
    } catch (e) {
      setStatus($("req-status"), e.message, "error");
    }
  }

  function scheduleRefresh() {
    clearInterval(refreshTimer);
    refreshTimer = null;
    if (current === "requests" && $("req-auto").checked) refreshTimer = setInterval(() => {
      if (current !== "requests" || !$("req-auto").checked || document.hidden) return scheduleRefresh();
      loadRequests();
    }, 2000);
  }
  $("req-auto").addEventListener("change", scheduleRefresh);
  $("req-refresh").addEventListener("click", loadRequests);
  $("req-clear").addEventListener("click", async () => {
    await api("DELETE", "/_emulator/requests");
    $("req-detail").hidden = true;
    loadRequests();
  });
  loaders.requests = () => { loadRequests(); scheduleRefresh(); };

  // ---- faults
  let faults = null;

  function ruleTable(table, columns, rules) {
    table.replaceChildren(
      el("thead", {}, el("tr", {}, ...columns.map(([title]) => el("th", { scope: "col" }, title)))),
      el("tbody", {}, ...(rules.length ? rules.map((rule) => el("tr", {}, ...columns.map(([, value]) => el("td", {}, value(rule)))))
        : [el("tr", {}, el("td", { colspan: String(columns.length) }, "None."))])));
  }
  const matchText = (m) => Object.entries(m || {}).map(([k, v]) => `${k}=${v}`).join(", ");

  function renderFaults(doc) {
    faults = doc;
    $("faults-latency").textContent = `Latency: ${doc.latencyMs} ms on every SES response; seed ${doc.seed}.`;
    ruleTable($("faults-query"), [["Code", (r) => r.code], ["Probability", (r) => String(r.probability)],
      ["Limit", (r) => r.limit === undefined ? "–" : String(r.limit)], ["Match", (r) => matchText(r.match)], ["Message", (r) => r.message || ""]],
      doc.queryFaults);
    ruleTable($("faults-request"), [["Operation", (r) => r.operation || "any"], ["Status", (r) => String((r.error || {}).statusCode || 503)],
      ["Code", (r) => (r.error || {}).code || "ServiceUnavailable"], ["Probability", (r) => String(r.probability)],
      ["Limit", (r) => r.limit === undefined ? "–" : String(r.limit)], ["Match", (r) => matchText(r.match)]],
      doc.requestFaults);
    $("faults-json").value = JSON.stringify(doc, null, 2);
  }

  async function putFaults(text, what) {
    try {
      renderFaults(await api("PUT", "/_emulator/faults", text));
      setStatus($("faults-status"), what, "ok");
    } catch (e) {
      setStatus($("faults-status"), e.message, "error");
    }
  }

  async function loadFaults() {
    try {
      renderFaults(await api("GET", "/_emulator/faults"));
    } catch (e) {
      setStatus($("faults-status"), e.message, "error");
    }
    loadOutcomes();
  }

  $("faults-form").addEventListener("submit", (e) => { e.preventDefault(); putFaults($("faults-json").value, "Saved."); });
  $("faults-clear").addEventListener("click", async () => {
    try {
      renderFaults(await api("DELETE", "/_emulator/faults"));
      setStatus($("faults-status"), "Every fault cleared.", "ok");
    } catch (e) {
      setStatus($("faults-status"), e.message, "error");
    }
  });
  $("fault-add").addEventListener("submit", (e) => {
    e.preventDefault();
    const doc = JSON.parse(JSON.stringify(faults || { seed: 0, queryFaults: [], requestFaults: [], latencyMs: 0 }));
    const rule = { probability: Number($("fa-probability").value),
                   error: { statusCode: Number($("fa-status").value), code: $("fa-code").value } };
    if ($("fa-operation").value) rule.operation = $("fa-operation").value;
    doc.requestFaults.push(rule);
    putFaults(JSON.stringify(doc), "Request fault armed.");
  });

  // The outcome rules of mail sent through the API (see docs/sending.md).
  async function loadOutcomes() {
    try {
      $("outcomes-json").value = JSON.stringify(await api("GET", "/_emulator/outcomes"), null, 2);
    } catch (e) {
      setStatus($("outcomes-status"), e.message, "error");
    }
  }
  $("outcomes-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const doc = await api("PUT", "/_emulator/outcomes", $("outcomes-json").value);
      $("outcomes-json").value = JSON.stringify(doc, null, 2);
      setStatus($("outcomes-status"), "Saved.", "ok");
    } catch (err) {
      setStatus($("outcomes-status"), err.message, "error");
    }
  });
  loaders.faults = loadFaults;

  // ---- data
  async function loadData() {
    try {
      const s = await api("GET", "/_emulator/summary");
      const facts = [["Events stored", s.events], ["Events counted", s.countedEvents], ["First day", s.firstDay || "–"],
                     ["Last day", s.lastDay || "–"], ["Seed moved by (days)", s.seedShiftDays]];
      $("summary").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-fact": k }, String(v))]));
      const groups = [["identities", "Identity", "Counted events"], ["configurationSets", "Configuration set", "Counted events"],
                      ["isps", "ISP", "Counted events"], ["tenants", "Tenant", "Counted events"],
                      ["resources", "Created through the API", "Count"]];
      $("summary-tables").replaceChildren(...groups.map(([key, title, counted]) => {
        const entries = Object.entries(s[key] || {});
        return el("table", { class: "numbers", "data-summary": key },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, title), el("th", { scope: "col" }, counted))),
          el("tbody", {}, ...(entries.length ? entries.map(([name, count]) => el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, String(count))))
            : [el("tr", {}, el("td", { colspan: "2" }, "None."))])));
      }));
      fillFilters(s);
    } catch (e) {
      setStatus($("upload-status"), e.message, "error");
    }
  }

  // New data may move the last day: the dashboard opens on the default range again.
  function dataChanged() {
    dashboardLoaded = false;
    $("f-start").value = "";
    $("f-last").value = "";
    loadData();
  }

  $("upload-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = $("upload-file").files[0];
    if (!file) return;
    setStatus($("upload-status"), `Uploading ${file.name}…`);
    try {
      const r = await api("POST", "/_emulator/events", await file.arrayBuffer(), "application/x-ndjson");
      setStatus($("upload-status"), `${file.name}: ${r.accepted} events accepted, ${r.duplicates} duplicates.`, "ok");
      dataChanged();
    } catch (err) {
      setStatus($("upload-status"), err.message, "error");
    }
  });

  async function reset(confirmed) {
    $("reset-confirm").hidden = true;
    $("reset-anyway").hidden = true;
    try {
      const r = await api("POST", "/_emulator/reset" + (confirmed ? "?confirm=true" : ""));
      setStatus($("reset-status"), `Reset: ${r.deleted} events deleted, ${r.seeded} seed events loaded.`, "ok");
      dataChanged();
    } catch (e) {
      setStatus($("reset-status"), e.message, "error");
      // The server asks for confirmation when the database holds events the seed did not load.
      if (e.status === 409) $("reset-anyway").hidden = false;
    }
  }
  $("reset").addEventListener("click", () => { $("reset-confirm").hidden = false; });
  $("reset-no").addEventListener("click", () => { $("reset-confirm").hidden = true; });
  $("reset-yes").addEventListener("click", () => reset(false));
  $("reset-anyway").addEventListener("click", () => reset(true));
  loaders.data = loadData;

  show(location.hash.slice(1));
})();
"""#
}
