"""The repository's seed-data/ as `make run` serves it: valid, reproducible, shifted to end yesterday."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from recount import DAY, DEFAULT_ISPS, METRICS, Recount, epoch_day, load_ndjson
from support import make_client, run_cli

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seed-data"

pytestmark = pytest.mark.skipif(not (SEED / "events.ndjson").exists(), reason="no seed-data/events.ndjson yet")


def series(url, metric, start, end, dims=None):
    from test_metrics_boto3 import boto_query, series_of
    result = make_client(url).batch_get_metric_data(Queries=[boto_query("s", metric, start, end, dims)])
    return series_of(result["Results"][0])


def test_bundled_catalog_is_the_built_in_one():
    catalog = json.loads((SEED / "isp-catalog.json").read_text())
    assert {i["name"]: i["feedbackLoop"] for i in catalog["isps"]} == DEFAULT_ISPS


def test_bundled_events_match_their_readme_command(tmp_path):
    readme = (SEED / "README.md").read_text()
    match = re.search(r"ses-metrics-emulator (generate [^`]*?)--output seed-data/events\.ndjson", readme, re.S)
    if not match:
        pytest.skip("the seed README names no generate command")
    args = match.group(1).replace("\\\n", " ").split()
    result = run_cli(args, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (SEED / "events.ndjson").read_bytes(), "seed-data/events.ndjson is not what its README says"


def test_make_run_configuration(start_server):
    """serve --seed-data seed-data --seed-shift-to-today: the newest seed day lands on yesterday (UTC)."""
    events = load_ndjson(SEED / "events.ndjson")
    recount = Recount(events)
    newest = max(recount.all_days)
    today = epoch_day(dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"))
    shift = today - DAY - newest
    srv = start_server(["--port", "0", "--rate-limit", "off", "--seed-data", str(SEED), "--seed-shift-to-today",
                        "--isp-catalog", str(SEED / "isp-catalog.json")])
    assert srv.health()["events"] == recount.stored
    start, end = min(recount.all_days), newest + DAY
    for metric in METRICS:
        expected = [(d + shift, v) for d, v in recount.series(metric, None, start, end)]
        assert series(srv.url, metric, start + shift, end + shift) == expected, metric
    # a dashboard's "last 30 days" shows data, ending yesterday
    last30 = series(srv.url, "SEND", today - 30 * DAY, today + DAY)
    assert last30 and last30[-1][0] == today - DAY


def test_bad_seed_is_refused_even_when_the_database_has_events(start_server, tmp_path):
    db = tmp_path / "full.sqlite"
    good = tmp_path / "good.ndjson"
    good.write_text(json.dumps({"type": "SEND", "timestamp": "2026-09-01T00:00:00Z", "emailIdentity": "a",
                                "isp": "Gmail"}) + "\n")
    srv = start_server(["--port", "0", "--database", str(db), "--seed-data", str(good)])
    assert srv.health()["events"] == 1
    srv.stop(check=True)
    bad = tmp_path / "bad.ndjson"
    bad.write_text(good.read_text() + '{"type":"SEND"}\n')
    result = run_cli(["serve", "--port", "0", "--database", str(db), "--seed-data", str(bad)], timeout=30)
    assert result.returncode == 2, result
    assert "bad.ndjson:2" in result.stderr.decode(), result.stderr
