/// The console's stylesheet (`GET /_emulator/ui/console.css`): system fonts only, readable from a
/// phone's width up to a desktop's.
enum ConsoleStylesheet {
    static let css = #"""
:root { --fg: #16191f; --muted: #5f6b7a; --line: #d5dbdb; --bg: #f2f3f3; --panel: #fff; --accent: #0972d3; --bad: #d91515; --good: #037f0c; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 8px 16px; background: #232f3e; color: #fff; }
h1 { font-size: 16px; margin: 0; }
nav { display: flex; flex-wrap: wrap; gap: 4px; }
nav button { background: transparent; color: #d1d5db; border: 0; border-bottom: 3px solid transparent; padding: 6px 10px; font: inherit; cursor: pointer; }
nav button[aria-selected="true"] { color: #fff; border-bottom-color: #ff9900; }
main { padding: 12px 16px 32px; max-width: 1400px; margin: 0 auto; }
section[role="tabpanel"] { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
h2 { font-size: 15px; margin: 18px 0 8px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
input, select, textarea, button { font: inherit; }
input, select { padding: 4px 6px; border: 1px solid #8c8c94; border-radius: 4px; min-width: 0; max-width: 100%; }
button { padding: 5px 12px; border: 1px solid var(--accent); border-radius: 16px; background: #fff; color: var(--accent); cursor: pointer; }
button[type="submit"] { background: var(--accent); color: #fff; }
textarea { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; border: 1px solid #8c8c94; border-radius: 4px; padding: 6px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.status { min-height: 1.4em; margin: 6px 0; color: var(--muted); }
.status.error { color: var(--bad); font-weight: 600; }
.status.ok { color: var(--good); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.card .label { display: block; font-size: 12px; color: var(--muted); }
.card .value { display: block; font-size: 22px; font-weight: 600; }
.card .sub { display: block; font-size: 11px; color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 6px 8px; }
figcaption { font-size: 12px; font-weight: 600; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .bar { fill: var(--accent); }
svg.chart .axis { stroke: var(--line); }
svg.chart text { font-size: 10px; fill: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; white-space: nowrap; }
th { background: #fafafa; font-weight: 600; }
table.numbers td:not(:first-child), table.numbers th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
#req-table tbody tr { cursor: pointer; }
#req-table tbody tr:hover, #req-table tbody tr:focus { background: #f0f6fc; outline: none; }
#req-table tbody tr.selected { background: #dbeafe; }
.failed { color: var(--bad); }
td.message { white-space: normal; min-width: 200px; }
pre { background: #f8f8f8; border: 1px solid var(--line); border-radius: 4px; padding: 8px; overflow: auto; max-height: 320px; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
.note { font-size: 12px; color: var(--muted); }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; font-weight: 600; }
.tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; align-items: start; }
@media (max-width: 600px) {
  main { padding: 8px; }
  section[role="tabpanel"] { padding: 8px; }
  .filters label { flex: 1 1 140px; }
  .card .value { font-size: 18px; }
}
"""#
}
