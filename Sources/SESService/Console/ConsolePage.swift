/// The console's HTML (`GET /_emulator/ui`): the four tabs' skeletons; console.js fills them from
/// the control endpoints. No inline script or style (the Content-Security-Policy forbids both).
enum ConsolePage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ses-metrics-emulator console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_emulator/ui/console.css">
<script src="/_emulator/ui/console.js" defer></script>
</head>
<body>
<header>
  <h1>ses-metrics-emulator</h1>
  <nav role="tablist" aria-label="Console sections">
    <button type="button" role="tab" id="tab-dashboard" data-tab="dashboard" aria-controls="panel-dashboard" aria-selected="true">Dashboard</button>
    <button type="button" role="tab" id="tab-requests" data-tab="requests" aria-controls="panel-requests" aria-selected="false">Requests</button>
    <button type="button" role="tab" id="tab-faults" data-tab="faults" aria-controls="panel-faults" aria-selected="false">Faults</button>
    <button type="button" role="tab" id="tab-data" data-tab="data" aria-controls="panel-data" aria-selected="false">Data</button>
  </nav>
</header>
<main>
<section id="panel-dashboard" role="tabpanel" aria-labelledby="tab-dashboard">
  <form id="dash-form" class="filters">
    <label>First day <input type="date" id="f-start" required></label>
    <label>Last day <input type="date" id="f-last" required></label>
    <label>Identity <select id="f-identity"><option value="">All</option></select></label>
    <label>Configuration set <select id="f-configurationSet"><option value="">All</option></select></label>
    <label>ISP <select id="f-isp"><option value="">All</option></select></label>
    <label>Tenant <select id="f-tenant"><option value="">All</option></select></label>
    <button type="submit" id="dash-apply">Apply</button>
  </form>
  <p id="dash-status" class="status" role="status"></p>
  <div id="cards" class="cards"></div>
  <h2>Daily</h2>
  <div id="charts" class="charts"></div>
  <h2>By ISP</h2>
  <div class="scroll"><table id="by-isp" class="numbers"></table></div>
  <p id="by-isp-omitted" class="note"></p>
  <h2>By identity</h2>
  <div class="scroll"><table id="by-identity" class="numbers"></table></div>
  <p id="by-identity-omitted" class="note"></p>
</section>
<section id="panel-requests" role="tabpanel" aria-labelledby="tab-requests" hidden>
  <div class="toolbar">
    <label><input type="checkbox" id="req-auto" checked> Refresh every 2 s</label>
    <button type="button" id="req-refresh">Refresh</button>
    <button type="button" id="req-clear">Clear log</button>
  </div>
  <p id="req-status" class="status" role="status"></p>
  <div class="scroll"><table id="req-table">
    <thead><tr><th>Time (UTC)</th><th>Status</th><th>Operation</th><th>Error</th><th>Queries</th><th>ms</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <div id="req-detail" hidden>
    <h2>Request <code id="req-detail-id"></code></h2>
    <h3>Request body</h3><pre id="req-body"></pre>
    <h3>Response body</h3><pre id="resp-body"></pre>
  </div>
</section>
<section id="panel-faults" role="tabpanel" aria-labelledby="tab-faults" hidden>
  <h2>Armed now</h2>
  <p id="faults-latency"></p>
  <h3>Query faults</h3>
  <div class="scroll"><table id="faults-query"></table></div>
  <h3>Request faults</h3>
  <div class="scroll"><table id="faults-request"></table></div>
  <h2>Add a request fault</h2>
  <form id="fault-add" class="filters">
    <label>Operation <input id="fa-operation" value="BatchGetMetricData"></label>
    <label>HTTP status <input type="number" id="fa-status" value="500"></label>
    <label>Error code <input id="fa-code" value="InternalServiceErrorException"></label>
    <label>Probability <input type="number" id="fa-probability" value="1" step="any"></label>
    <button type="submit" id="fa-arm">Arm</button>
  </form>
  <h2>Edit the configuration</h2>
  <form id="faults-form">
    <textarea id="faults-json" rows="14" spellcheck="false" aria-label="Fault configuration (JSON)"></textarea>
    <div class="toolbar">
      <button type="submit" id="faults-save">Save (PUT /_emulator/faults)</button>
      <button type="button" id="faults-clear">Clear all faults</button>
    </div>
  </form>
  <p id="faults-status" class="status" role="status"></p>
  <section id="outcomes">
    <h2>Outcome rules of sent mail</h2>
    <form id="outcomes-form">
      <textarea id="outcomes-json" rows="10" spellcheck="false" aria-label="Outcome rules (JSON)"></textarea>
      <div class="toolbar"><button type="submit" id="outcomes-save">Save (PUT /_emulator/outcomes)</button></div>
    </form>
    <p id="outcomes-status" class="status" role="status"></p>
  </section>
</section>
<section id="panel-data" role="tabpanel" aria-labelledby="tab-data" hidden>
  <h2>Summary</h2>
  <dl id="summary" class="summary"></dl>
  <div id="summary-tables" class="tables"></div>
  <h2>Load events</h2>
  <form id="upload-form" class="filters">
    <label>NDJSON file <input type="file" id="upload-file" accept=".ndjson,.jsonl,application/x-ndjson" required></label>
    <button type="submit" id="upload-send">Upload (POST /_emulator/events)</button>
  </form>
  <p id="upload-status" class="status" role="status"></p>
  <h2>Reset</h2>
  <p>Back to the start-up state: every event deleted and the seed data loaded again; faults, outcome rules, quotas, the request log, the account and what was sent or created through the API as at start.</p>
  <div class="toolbar">
    <button type="button" id="reset">Reset…</button>
    <span id="reset-confirm" hidden>Really reset? <button type="button" id="reset-yes">Reset</button> <button type="button" id="reset-no">Cancel</button></span>
    <button type="button" id="reset-anyway" hidden>Reset anyway (?confirm=true)</button>
  </div>
  <p id="reset-status" class="status" role="status"></p>
</section>
</main>
</body>
</html>
"""#
}
