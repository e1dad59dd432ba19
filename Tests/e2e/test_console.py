"""The browser console (/_emulator/ui) in headless Debian Chromium via selenium: the numbers it shows
against the independent recount, a fault armed from the page failing a boto3 call, that call in the
Requests tab with its bodies, the Data tab's upload and reset confirmation; no console errors and no
request to anything but the emulator; the outcome rules edited in the Faults tab. Screenshots of each tab (1280x800) go to a folder printed at
the start (CONSOLE_SCREENSHOTS=DIR to choose it).

Without selenium, chromium or chromedriver these tests print one `SKIPPED: <reason>` line and skip
(.ci/run installs them)."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from recount import DAY, Recount, iso_day
from support import Server, control, make_client

VIEWPORT = (1280, 800)
PHONE = (390, 844)
WAIT = 15.0


def _missing() -> str | None:
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (python3 -m pip install selenium)"
    if not (shutil.which("chromium") or os.path.exists("/usr/lib/chromium/chromium")):
        return "chromium is not installed (apt-get install chromium)"
    if not shutil.which("chromedriver"):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def _say(config, line: str) -> None:
    """One line on the terminal, past pytest's capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write("\n")  # the progress dots may be on this line
        reporter.write_line(line, bold=True)


@pytest.fixture(scope="module")
def console_server(dataset, tmp_path_factory):
    # A database file, so reset after an upload asks for confirmation (the Data tab's flow).
    database = tmp_path_factory.mktemp("console-db") / "console.db"
    srv = Server(["--host", "127.0.0.1", "--port", "0", "--seed-data", str(dataset.path), "--database", str(database)])
    yield srv
    srv.stop(check=True)


@pytest.fixture(scope="module")
def screenshots(request, tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path_factory.mktemp("console-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    _say(request.config, f"console screenshots: {folder}")
    return folder


class Browser:
    """A headless Chromium whose only reachable proxy is a closed loopback port: anything not on
    loopback (which Chromium never proxies) fails, and shows in the log below."""

    def __init__(self, base_url: str, profile: Path):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}", "--proxy-server=http://127.0.0.1:9",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-default-apps", "--disable-extensions", f"--user-data-dir={profile}"]:
            options.add_argument(arg)
        binary = shutil.which("chromium") or "/usr/lib/chromium/chromium"
        options.binary_location = binary
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        self.driver.set_page_load_timeout(30)
        self.base_url = base_url
        self.viewport(*VIEWPORT)

    def viewport(self, width: int, height: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def quit(self) -> None:
        self.driver.quit()

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def by_id(self, element_id: str):
        return self.driver.find_element("id", element_id)

    def wait(self, condition, what: str, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = condition()
                if last:
                    return last
            except Exception as error:  # the element may not exist yet
                last = error
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what} (last: {last!r})")

    def text(self, element_id: str) -> str:
        return self.js("return document.getElementById(arguments[0]).textContent", element_id)

    def tab(self, name: str) -> None:
        self.by_id("tab-" + name).click()
        self.wait(lambda: not self.js("return document.getElementById(arguments[0]).hidden", "panel-" + name), f"tab {name}")

    def new_log(self) -> list[dict]:
        """Console messages since the last call."""
        return self.driver.get_log("browser")

    def resources(self) -> list[str]:
        return self.js("return performance.getEntriesByType('resource').map(e => e.name)")


@pytest.fixture(scope="module")
def browser(request, tmp_path_factory):
    reason = _missing()
    if reason:
        _say(request.config, f"SKIPPED: browser console tests: {reason}")
        pytest.skip(reason)
    console_server = request.getfixturevalue("console_server")  # not started for a skip
    b = Browser(console_server.url, tmp_path_factory.mktemp("chromium-profile"))
    b.driver.get(console_server.url + "/")
    yield b
    b.quit()


# ---- what the page shows, read from the DOM

def dashboard_state(b: Browser) -> dict:
    return b.js("""
        const cards = {};
        for (const c of document.querySelectorAll('#cards .card')) cards[c.dataset.card] = c.querySelector('.value').textContent;
        const table = (id) => Array.from(document.querySelectorAll('#' + id + ' tbody tr[data-name]')).map((tr) => {
            const row = {name: tr.dataset.name};
            for (const td of tr.querySelectorAll('td[data-col]')) row[td.dataset.col] = td.textContent;
            return row;
        });
        const charts = {};
        for (const svg of document.querySelectorAll('#charts svg')) charts[svg.dataset.metric] = svg.getAttribute('aria-label');
        return {cards, isp: table('by-isp'), identity: table('by-identity'), charts,
                start: document.getElementById('f-start').value, last: document.getElementById('f-last').value,
                status: document.getElementById('dash-status').textContent};
    """)


def wait_dashboard(b: Browser, start: str, last: str) -> dict:
    expected = f"{start} to {last} (UTC)"
    b.wait(lambda: b.text("dash-status").startswith(expected), f"the dashboard for {expected}")
    return dashboard_state(b)


# ---- the recount's view of the same

def percent(numerator: int, denominator: int) -> str:
    """As the page's toFixed(2): the exact double, a tie rounded up (1/32 is 3.13%, where Python's format says 3.12%)."""
    if denominator == 0:
        return "–"
    return str(Decimal(numerator / denominator * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)) + "%"


def totals(recount: Recount, dims: dict, start: int, end: int) -> dict[str, int]:
    return {m: sum(v for _, v in recount.series(m, dims, start, end)) for m in
            ["SEND", "DELIVERY", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "COMPLAINT", "DELIVERY_COMPLAINT",
             "OPEN", "DELIVERY_OPEN", "CLICK", "DELIVERY_CLICK"]}


def rates(t: dict[str, int]) -> dict[str, str]:
    return {
        "deliveryRate": percent(t["DELIVERY"], t["SEND"]),
        "permanentBounceRate": percent(t["PERMANENT_BOUNCE"], t["SEND"]),
        "transientBounceRate": percent(t["TRANSIENT_BOUNCE"], t["SEND"]),
        "complaintRate": percent(t["COMPLAINT"], t["DELIVERY_COMPLAINT"]),
        "openRate": percent(t["OPEN"], t["DELIVERY_OPEN"]),
        "clickRate": percent(t["CLICK"], t["DELIVERY_CLICK"]),
    }


def expected_row(t: dict[str, int]) -> dict[str, str]:
    return {"SEND": str(t["SEND"]), "DELIVERY": str(t["DELIVERY"]), **rates(t)}


def check_dashboard(state: dict, recount: Recount, dims: dict, start: int, end: int) -> None:
    t = totals(recount, dims, start, end)
    assert state["cards"] == {"SEND": str(t["SEND"]), **rates(t)}
    assert t["SEND"] > 0, "the range should hold data"
    # Every ISP / identity with anything counted in the range, with the page's other filters.
    for table, dimension, values in [("isp", "ISP", {k[2] for k in recount.live_days}),
                                     ("identity", "EMAIL_IDENTITY", {k[0] for k in recount.live_days})]:
        if dimension in dims:
            values = {dims[dimension]}
        expected = {}
        for value in values:
            row = totals(recount, {**dims, dimension: value}, start, end)
            if any(row.values()):
                expected[value] = expected_row(row)
        shown = {row.pop("name"): row for row in state[table]}
        assert shown == expected, (table, json.dumps([(k, shown.get(k), expected.get(k)) for k in set(shown) | set(expected) if shown.get(k) != expected.get(k)]))
    days = [start + i * DAY for i in range((end - start) // DAY)]
    for metric in ["SEND", "DELIVERY", "OPEN", "COMPLAINT"]:
        by_day = dict(recount.series(metric, dims, start, end))
        numbers = ", ".join(f"{iso_day(d)} {by_day.get(d, 0)}" for d in days)
        assert state["charts"][metric] == f"{metric} per day, {iso_day(start)} to {iso_day(end - DAY)}: {numbers}"


def last_data_day(recount: Recount) -> int:
    return max(key[1] for key in recount.counts)


def assert_clean(b: Browser, allowed: tuple[str, ...] = ()) -> None:
    """No console message above INFO since the last check but the allowed ones; every fetch went to the emulator."""
    problems = [e for e in b.new_log() if e["level"] in ("SEVERE", "WARNING")
                and not any(e["message"].startswith(a) for a in allowed)]
    assert problems == [], problems
    foreign = [url for url in b.resources() if not url.startswith(b.base_url + "/")]
    assert foreign == [], foreign


# ---- tests, in order: they share one server and one browser

def test_dashboard_shows_the_recounts_numbers_for_the_last_14_days(browser, dataset, screenshots):
    b = browser
    assert b.driver.current_url == b.base_url + "/_emulator/ui#dashboard", "/ redirects to the console"
    end = last_data_day(dataset.recount) + DAY
    start = end - 14 * DAY
    state = wait_dashboard(b, iso_day(start), iso_day(end - DAY))
    assert (state["start"], state["last"]) == (iso_day(start), iso_day(end - DAY))
    check_dashboard(state, dataset.recount, {}, start, end)
    b.driver.save_screenshot(str(screenshots / "dashboard.png"))
    assert_clean(b)


def test_a_filter_and_another_range_show_the_recounts_numbers_again(browser, dataset):
    from selenium.webdriver.support.ui import Select
    b = browser
    start, end = dt.date(2026, 9, 20), dt.date(2026, 10, 23)  # 33 days, over the edge events
    b.js("document.getElementById('f-start').value = arguments[0]; document.getElementById('f-last').value = arguments[1];",
         start.isoformat(), (end - dt.timedelta(days=1)).isoformat())
    Select(b.by_id("f-identity")).select_by_value("beta.example")
    Select(b.by_id("f-configurationSet")).select_by_value("transactional")
    b.by_id("dash-apply").click()
    state = wait_dashboard(b, start.isoformat(), (end - dt.timedelta(days=1)).isoformat())
    epoch = lambda d: int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())
    check_dashboard(state, dataset.recount, {"EMAIL_IDENTITY": "beta.example", "CONFIGURATION_SET": "transactional"},
                    epoch(start), epoch(end))
    Select(b.by_id("f-isp")).select_by_value("Yahoo")
    b.by_id("dash-apply").click()
    b.wait(lambda: [r["name"] for r in dashboard_state(b)["isp"]] == ["Yahoo"], "the ISP filter")
    check_dashboard(dashboard_state(b), dataset.recount,
                    {"EMAIL_IDENTITY": "beta.example", "CONFIGURATION_SET": "transactional", "ISP": "Yahoo"},
                    epoch(start), epoch(end))
    assert_clean(b)


def test_a_range_over_the_limit_shows_the_servers_message(browser):
    b = browser
    b.js("document.getElementById('f-start').value = '2026-01-01'; document.getElementById('f-last').value = '2026-10-01';")
    b.by_id("dash-apply").click()
    b.wait(lambda: "at most 60 days" in b.text("dash-status"), "the range error")
    assert b.js("return document.getElementById('dash-status').className") == "status error"
    assert b.text("dash-status") == ("400 BadRequestException: Invalid interval, can request at most 60 days. "
                                     "Please partition your requested interval.")
    assert_clean(b, allowed=(f"{b.base_url}/_emulator/dashboard?",))


def test_a_fault_armed_in_the_faults_tab_fails_a_boto3_call_which_the_requests_tab_shows(browser, console_server, dataset,
                                                                                         screenshots):
    b = browser
    client = make_client(console_server.url)
    query = {"Id": "console-q1", "Namespace": "VDM", "Metric": "SEND",
             "StartDate": dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc), "EndDate": dt.datetime(2026, 9, 3, tzinfo=dt.timezone.utc)}
    sends = [v for _, v in dataset.recount.series("SEND", None, int(query["StartDate"].timestamp()), int(query["EndDate"].timestamp()))]
    assert client.batch_get_metric_data(Queries=[query])["Results"][0]["Values"] == sends
    b.tab("faults")
    b.wait(lambda: "Latency: 0 ms" in b.text("faults-latency"), "the fault configuration")
    for field, value in [("fa-status", "503"), ("fa-code", "ServiceUnavailable")]:
        b.by_id(field).clear()
        b.by_id(field).send_keys(value)
    b.by_id("fa-arm").click()
    b.wait(lambda: b.text("faults-status") == "Request fault armed.", "the fault to be armed")
    assert "BatchGetMetricData503ServiceUnavailable1" in b.text("faults-request")
    assert json.loads(control(console_server, "GET", "/_emulator/faults").body)["requestFaults"] == [
        {"operation": "BatchGetMetricData", "probability": 1, "match": {}, "error": {"statusCode": 503, "code": "ServiceUnavailable"}}]
    with pytest.raises(ClientError) as failed:
        client.batch_get_metric_data(Queries=[query])
    assert failed.value.response["Error"]["Code"] == "ServiceUnavailable"
    assert failed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    request_id = failed.value.response["ResponseMetadata"]["RequestId"]
    b.driver.save_screenshot(str(screenshots / "faults.png"))

    # The server's validation is the only one: its message is shown, and nothing changes.
    b.js("document.getElementById('faults-json').value = arguments[0]", json.dumps({"queryFaults": [{"code": "THROTTLED"}]}))
    b.by_id("faults-save").click()
    b.wait(lambda: "THROTTLED" in b.text("faults-status"), "the server's refusal")
    assert b.text("faults-status").startswith("400 BadRequestException: Invalid fault configuration: queryFaults[0].code must be one of")
    assert len(json.loads(control(console_server, "GET", "/_emulator/faults").body)["requestFaults"]) == 1

    b.tab("requests")
    row = f"#req-table tr[data-request-id='{request_id}']"
    b.wait(lambda: b.js(f"return document.querySelector(\"{row}\") !== null"), "the failed call in the Requests tab")
    cells = b.js(f"return Array.from(document.querySelectorAll(\"{row} td\")).map(td => td.textContent)")
    message = failed.value.response["Error"]["Message"]
    assert cells[1:5] == ["503", "BatchGetMetricData", f"ServiceUnavailable: {message}", "console-q1:SEND"]
    first = b.js("return document.querySelector('#req-table tbody tr').dataset.requestId")
    assert first == request_id, "newest first"
    b.driver.find_element("css selector", row).click()
    b.wait(lambda: not b.js("return document.getElementById('req-detail').hidden"), "the request's bodies")
    request_body = json.loads(b.text("req-body"))
    assert request_body["Queries"][0]["Id"] == "console-q1"
    assert json.loads(b.text("resp-body")) == {"message": message}
    b.driver.save_screenshot(str(screenshots / "requests.png"))

    # Auto-refresh: a new call appears without a click.
    b.tab("faults")
    b.by_id("faults-clear").click()
    b.wait(lambda: b.text("faults-status") == "Every fault cleared.", "the faults to be cleared")
    b.tab("requests")
    answer = client.batch_get_metric_data(Queries=[query])
    new_id = answer["ResponseMetadata"]["RequestId"]
    b.wait(lambda: b.js("return document.querySelector('#req-table tbody tr').dataset.requestId") == new_id,
           "the auto-refresh to list the new call", timeout=10)
    assert_clean(b, allowed=(f"{b.base_url}/_emulator/faults - Failed to load resource: the server responded with a status of 400",))


def test_the_faults_tab_edits_the_outcome_rules(browser, console_server):
    b = browser
    b.tab("faults")
    b.wait(lambda: b.js("return document.getElementById('outcomes-json').value") != "", "the outcome rules")
    shown = json.loads(b.js("return document.getElementById('outcomes-json').value"))
    assert shown == json.loads(control(console_server, "GET", "/_emulator/outcomes").body)
    rules = {"seed": 3, "rules": [{"match": {"recipient": "*@bounce.test"}, "outcome": "PERMANENT_BOUNCE"}]}
    b.js("document.getElementById('outcomes-json').value = arguments[0]", json.dumps(rules))
    b.by_id("outcomes-save").click()
    b.wait(lambda: b.text("outcomes-status") == "Saved.", "the rules to be saved")
    stored = json.loads(control(console_server, "GET", "/_emulator/outcomes").body)
    assert stored["seed"] == 3 and [r["outcome"] for r in stored["rules"]] == ["PERMANENT_BOUNCE"]
    b.js("document.getElementById('outcomes-json').value = arguments[0]", json.dumps({"rules": [{"outcome": "LOST"}]}))
    b.by_id("outcomes-save").click()
    b.wait(lambda: "LOST" in b.text("outcomes-status"), "the server's refusal")
    assert b.text("outcomes-status").startswith("400 BadRequestException: ")
    assert json.loads(control(console_server, "GET", "/_emulator/outcomes").body) == stored
    assert_clean(b, allowed=(f"{b.base_url}/_emulator/outcomes - Failed to load resource: the server responded with a status of 400",))


def test_the_data_tab_uploads_events_and_resets_with_confirmation(browser, console_server, dataset, screenshots, tmp_path):
    b = browser
    b.tab("data")
    b.wait(lambda: b.js("return document.querySelector('#summary dd') !== null"), "the summary")
    summary = json.loads(control(console_server, "GET", "/_emulator/summary").body)
    facts = b.js("return Object.fromEntries(Array.from(document.querySelectorAll('#summary dd')).map(d => [d.dataset.fact, d.textContent]))")
    assert facts == {"Events stored": str(summary["events"]), "Events counted": str(summary["countedEvents"]),
                     "First day": summary["firstDay"], "Last day": summary["lastDay"], "Seed moved by (days)": "0"}
    isps = b.js("return Array.from(document.querySelectorAll(\"table[data-summary='isps'] tbody tr\")).map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])")
    assert isps == [[k, str(v)] for k, v in summary["isps"].items()]
    b.driver.save_screenshot(str(screenshots / "data.png"))

    # Resources created through the API are counted in their own table, refreshed with the data.
    make_client(console_server.url).create_contact_list(ContactListName="console-list")
    upload = tmp_path / "two.ndjson"
    upload.write_text("".join(json.dumps({"type": "SEND", "timestamp": f"2026-10-2{i}T10:00:00Z",
                                          "emailIdentity": "<b>console</b>.example", "isp": "Gmail"}) + "\n" for i in (1, 2)))
    b.by_id("upload-file").send_keys(str(upload))
    b.by_id("upload-send").click()
    b.wait(lambda: "accepted" in b.text("upload-status"), "the upload")
    assert b.text("upload-status") == "two.ndjson: 2 events accepted, 0 duplicates."
    # The user-chosen name is shown as text, never as markup.
    b.wait(lambda: "<b>console</b>.example" in b.text("summary-tables"), "the new identity in the summary")
    assert b.js("return document.querySelector('#summary-tables b') === null")
    created = b.js("return Array.from(document.querySelectorAll(\"table[data-summary='resources'] tbody tr\")).map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])")
    assert created == [["contact-list", "1"]]

    b.by_id("reset").click()
    b.by_id("reset-yes").click()
    b.wait(lambda: "ConflictException" in b.text("reset-status"), "the confirmation request")
    assert "holds %d events, not only the %d" % (summary["events"] + 2, summary["events"]) in b.text("reset-status")
    assert json.loads(control(console_server, "GET", "/_emulator/health").body)["events"] == summary["events"] + 2
    b.by_id("reset-anyway").click()
    b.wait(lambda: b.text("reset-status").startswith("Reset:"), "the reset")
    assert b.text("reset-status") == f"Reset: {summary['events'] + 2} events deleted, {summary['events']} seed events loaded."
    assert json.loads(control(console_server, "GET", "/_emulator/health").body)["events"] == summary["events"]
    assert_clean(b, allowed=(f"{b.base_url}/_emulator/reset - Failed to load resource: the server responded with a status of 409",))


def test_the_page_fits_a_phone(browser, screenshots):
    b = browser
    b.viewport(*PHONE)
    try:
        for name in ["dashboard", "requests", "faults", "data"]:
            b.tab(name)
            time.sleep(0.3)
            width = b.js("return document.documentElement.scrollWidth")
            assert width <= PHONE[0], f"{name} is {width}px wide at a {PHONE[0]}px viewport"
        b.tab("dashboard")
        b.driver.save_screenshot(str(screenshots / "dashboard-phone.png"))
    finally:
        b.viewport(*VIEWPORT)
    assert_clean(b)
