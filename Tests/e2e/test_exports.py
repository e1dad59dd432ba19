"""Export jobs (CreateExportJob, GetExportJob, ListExportJobs, CancelExportJob) through the real boto3:
files downloaded from the S3Url the emulator gives, every number against the independent recount
(recount.py), cancel rules, listing, restart persistence, reset, faults and refusals."""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import re
import time
import urllib.request
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from botocore.exceptions import ClientError

from recount import DAY, DEFAULT_ISPS, METRICS, epoch_day
from support import CONFIG_SETS, GEN_START, IDENTITIES, Server, control, http_request, make_client

UTC = dt.timezone.utc
A, B, C = IDENTITIES
MKT, TRX = CONFIG_SETS
START = epoch_day(GEN_START)
# Counted in exactly one of these per counted event (docs/exports.md: ProcessedRecordsCount).
ONCE_PER_EVENT = ["SEND", "COMPLAINT", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "OPEN", "CLICK", "DELIVERY"]
KEY_INDEX = {"EMAIL_IDENTITY": 0, "CONFIGURATION_SET": 1, "ISP": 2, "TENANT_NAME": 3}


def as_dt(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, UTC)


def metrics_source(dims: dict, metrics: list[tuple[str, str]], start: int, end: int) -> dict:
    return {"MetricsDataSource": {"Dimensions": dims, "Namespace": "VDM",
                                  "Metrics": [{"Name": n, "Aggregation": a} for n, a in metrics],
                                  "StartDate": as_dt(start), "EndDate": as_dt(end)}}


def rate_text(value: int, divisor: int) -> str:
    """docs/exports.md's RATE: value / divisor, 6 decimals rounded half up, trailing zeros dropped; 0 for a zero divisor."""
    if divisor == 0:
        return "0"
    text = format((Decimal(value) / Decimal(divisor)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def expected_export(recount, dims: dict[str, list[str]], metrics: list[tuple[str, str]], start: int, end: int):
    """(rows as lists of strings, processed count) per the export contract of docs/exports.md, from the recount."""
    names = list(dims)
    sums: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    processed = 0
    for (metric, day, *key), count in recount.counts.items():
        if not start <= day < end:
            continue
        values = []
        for name in names:
            actual = key[KEY_INDEX[name]]
            if actual is None or (dims[name] != ["*"] and actual not in dims[name]):
                break
            values.append(actual)
        else:
            sums[tuple(values)][metric] += count
            if metric in ONCE_PER_EVENT:
                processed += count
    isp_star = dims.get("ISP") == ["*"]
    if any(dims[n] == ["*"] for n in names if n != "ISP"):
        bases = set()
        for values, by_metric in sums.items():
            if any(by_metric[m] for m in ONCE_PER_EVENT):
                base = list(values)
                if isp_star:
                    base[names.index("ISP")] = None
                bases.add(tuple(base))
    else:
        bases = set(itertools.product(*[[None] if dims[n] == ["*"] else dims[n] for n in names]))
    keys = []
    for base in bases:
        if isp_star:
            i = names.index("ISP")
            keys += [base[:i] + (isp,) + base[i + 1:] for isp in DEFAULT_ISPS]
        else:
            keys.append(base)
    rows = []
    for key in sorted(keys):
        by_metric = sums.get(key, {})
        row = list(key)
        for metric, aggregation in metrics:
            volume = by_metric.get(metric, 0)
            if aggregation == "VOLUME":
                row.append(str(volume))
            else:
                divisor = "DELIVERY" if metric in ("DELIVERY_OPEN", "DELIVERY_CLICK", "DELIVERY_COMPLAINT") else "SEND"
                row.append(rate_text(volume, by_metric.get(divisor, 0)))
        rows.append(row)
    return rows, processed


def wait_finished(client, job_id: str, timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get_export_job(JobId=job_id)
        if job["JobStatus"] in ("COMPLETED", "FAILED", "CANCELLED"):
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['JobStatus']} after {timeout}s"
        time.sleep(0.05)


def fetch(url: str, method: str = "GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as resp:
        return resp.status, dict(resp.headers), resp.read()


def file_rows(body: bytes, data_format: str, columns: list[str]) -> list[list[str]]:
    """The file as rows of strings; JSON Lines members must come in the CSV's column order."""
    text = body.decode()
    if data_format == "CSV":
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "CSV lines end in CRLF"
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == columns
        return rows[1:]
    rows = []
    for line in text.splitlines():
        obj = json.loads(line)
        assert list(obj) == columns, line
        rows.append([v if isinstance(v, str) else re.sub(r"\.0$", "", repr(v)) for v in obj.values()])
    return rows


@pytest.fixture(scope="module")
def export_server(dataset):
    srv = Server(["--host", "127.0.0.1", "--port", "0", "--seed-data", str(dataset.path)])
    yield srv
    srv.stop(check=True)


@pytest.fixture(scope="module")
def export_client(export_server):
    return make_client(export_server.url)


CASES = {
    "identity-by-every-isp": ({"EMAIL_IDENTITY": [A], "ISP": ["*"]},
                                [("SEND", "VOLUME"), ("DELIVERY_OPEN", "RATE"), ("COMPLAINT", "RATE")], 0, 30, "CSV"),
    "every-identity-on-gmail": ({"EMAIL_IDENTITY": ["*"], "ISP": ["Gmail"]},
                                [("DELIVERY_COMPLAINT", "VOLUME"), ("DELIVERY_COMPLAINT", "RATE"), ("DELIVERY", "VOLUME")],
                                0, 40, "JSON"),
    "every-configuration-set-all-volumes": ({"CONFIGURATION_SET": ["*"]}, [(m, "VOLUME") for m in METRICS], 10, 60, "CSV"),
    "tenants-by-isp": ({"TENANT_NAME": ["*"], "ISP": ["*"]}, [("SEND", "VOLUME"), ("OPEN", "RATE"),
                                                            ("DELIVERY_COMPLAINT", "RATE")], 0, 40, "JSON"),
    "isp-and-set-lists": ({"ISP": ["Yahoo", "Gmail", "Hotmail"], "CONFIGURATION_SET": [MKT, TRX]},
                          [("PERMANENT_BOUNCE", "RATE"), ("TRANSIENT_BOUNCE", "VOLUME"), ("CLICK", "RATE"),
                           ("DELIVERY_CLICK", "RATE")], 5, 12, "CSV"),
    "triple-wildcard": ({"EMAIL_IDENTITY": ["*"], "CONFIGURATION_SET": ["*"], "ISP": ["*"]},
                        [("SEND", "VOLUME"), ("DELIVERY", "RATE")], 0, 40, "CSV"),
    "unknown-identity-zeros": ({"EMAIL_IDENTITY": ["nobody.example"], "ISP": ["Hotmail"]},
                               [("SEND", "VOLUME"), ("SEND", "RATE")], 0, 40, "JSON"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_export_files_match_the_recount(export_client, dataset, case):
    dims, metrics, first, last, data_format = CASES[case]
    start, end = START + first * DAY, START + last * DAY
    created = export_client.create_export_job(ExportDataSource=metrics_source(dims, metrics, start, end),
                                              ExportDestination={"DataFormat": data_format})
    job = wait_finished(export_client, created["JobId"])
    assert job["JobStatus"] == "COMPLETED", job
    rows, processed = expected_export(dataset.recount, dims, metrics, start, end)
    assert rows, f"{case}: the recount expects no rows; the case tests nothing"
    assert job["Statistics"] == {"ProcessedRecordsCount": processed, "ExportedRecordsCount": len(rows)}
    url = job["ExportDestination"]["S3Url"]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/_emulator/exports/ses-metrics-\d{8}_\d{6}-" + created["JobId"]
                        + r"\." + ("csv" if data_format == "CSV" else "json"), url), url
    status, headers, body = fetch(url)
    assert status == 200
    assert headers["Content-Type"] == ("text/csv" if data_format == "CSV" else "application/x-ndjson")
    assert int(headers["Content-Length"]) == len(body)
    columns = list(dims) + [f"{m}_{a}" for m, a in metrics]
    assert file_rows(body, data_format, columns) == rows


def test_the_cases_are_not_trivial(dataset):
    """Rates other than 0 and 1 and nonzero volumes appear, so the comparison above can fail."""
    rows, _ = expected_export(dataset.recount, *CASES["identity-by-every-isp"][:2], START, START + 30 * DAY)
    assert any(r[2] != "0" for r in rows)
    assert any("." in value for r in rows for value in r[3:])
    tenant_rows, _ = expected_export(dataset.recount, *CASES["tenants-by-isp"][:2], START, START + 40 * DAY)
    assert {r[0] for r in tenant_rows} == {"acme", "globex"}


def test_get_export_job_answers_every_member(export_client):
    source = metrics_source({"ISP": ["Gmail"]}, [("SEND", "VOLUME")], START, START + 7 * DAY)
    job_id = export_client.create_export_job(ExportDataSource=source, ExportDestination={"DataFormat": "CSV"})["JobId"]
    job = wait_finished(export_client, job_id)
    assert job["JobId"] == job_id
    assert job["ExportSourceType"] == "METRICS_DATA"
    assert job["ExportDataSource"] == source
    assert job["ExportDestination"]["DataFormat"] == "CSV"
    assert job["CreatedTimestamp"] <= job["CompletedTimestamp"] <= dt.datetime.now(UTC) + dt.timedelta(seconds=1)
    assert "FailureInfo" not in job
    listed = export_client.list_export_jobs(JobStatus="COMPLETED", PageSize=100)["ExportJobs"]
    mine = [j for j in listed if j["JobId"] == job_id]
    assert mine == [{k: job[k] for k in ("JobId", "ExportSourceType", "JobStatus", "CreatedTimestamp", "CompletedTimestamp")}]


def test_download_route_answers_head_and_serves_only_its_files(export_client, export_server):
    source = metrics_source({"ISP": ["*"]}, [("SEND", "VOLUME")], START, START + 3 * DAY)
    job = wait_finished(export_client, export_client.create_export_job(
        ExportDataSource=source, ExportDestination={"DataFormat": "JSON"})["JobId"])
    url = job["ExportDestination"]["S3Url"]
    _, headers, body = fetch(url)
    status, head_headers, head_body = fetch(url, method="HEAD")
    assert (status, head_body) == (200, b"")
    assert head_headers["Content-Length"] == str(len(body))
    assert head_headers["Content-Type"] == "application/x-ndjson"
    name = url.rsplit("/", 1)[1]
    for path in [f"/_emulator/exports/../exports/{name}", "/_emulator/exports/..%2F..%2Fetc%2Fpasswd",
                 "/_emulator/exports/%2e%2e/%2e%2e/etc/passwd", "/_emulator/exports/", f"/_emulator/exports/{name}.x"]:
        assert http_request(export_server.port, "GET", path).status == 404, path
    assert http_request(export_server.port, "POST", f"/_emulator/exports/{name}", b"").status == 405


def test_a_query_fault_fails_the_job_with_its_reason(export_client, export_server):
    rule = {"queryFaults": [{"code": "INTERNAL_FAILURE", "message": "disk on fire", "match": {"metric": "CLICK"}}]}
    assert control(export_server, "PUT", "/_emulator/faults", rule).status == 200
    try:
        failing = export_client.create_export_job(
            ExportDataSource=metrics_source({"ISP": ["*"]}, [("SEND", "VOLUME"), ("CLICK", "RATE")], START, START + DAY),
            ExportDestination={"DataFormat": "CSV"})["JobId"]
        fine = export_client.create_export_job(
            ExportDataSource=metrics_source({"ISP": ["*"]}, [("SEND", "VOLUME")], START, START + DAY),
            ExportDestination={"DataFormat": "CSV"})["JobId"]
    finally:
        assert control(export_server, "DELETE", "/_emulator/faults").status == 200
    job = wait_finished(export_client, failing)
    assert job["JobStatus"] == "FAILED"
    assert job["FailureInfo"] == {"ErrorMessage": "INTERNAL_FAILURE: disk on fire"}
    assert "S3Url" not in job["ExportDestination"] and "Statistics" not in job
    assert wait_finished(export_client, fine)["JobStatus"] == "COMPLETED"


def test_cancel_list_and_paging(dataset, start_server):
    server = start_server(["--seed-data", str(dataset.path), "--export-delay", "30"])
    client = make_client(server.url)
    source = metrics_source({"ISP": ["*"]}, [("SEND", "VOLUME")], START, START + DAY)
    ids = [client.create_export_job(ExportDataSource=source, ExportDestination={"DataFormat": "CSV"})["JobId"]
           for _ in range(5)]
    assert client.get_export_job(JobId=ids[0])["JobStatus"] == "PROCESSING"
    assert client.cancel_export_job(JobId=ids[0])["ResponseMetadata"]["HTTPStatusCode"] == 200
    cancelled = client.get_export_job(JobId=ids[0])
    assert cancelled["JobStatus"] == "CANCELLED" and "CompletedTimestamp" in cancelled
    with pytest.raises(ClientError) as again:
        client.cancel_export_job(JobId=ids[0])
    assert again.value.response["Error"]["Code"] == "BadRequestException"
    assert again.value.response["Error"]["Message"] == f"Export job {ids[0]} is CANCELLED and can no longer be cancelled."
    for call in (client.cancel_export_job, client.get_export_job):
        with pytest.raises(ClientError) as missing:
            call(JobId="no-such-job")
        assert missing.value.response["Error"]["Code"] == "NotFoundException"

    seen, token = [], None
    while True:
        page = client.list_export_jobs(PageSize=2, **({"NextToken": token} if token else {}))
        assert len(page["ExportJobs"]) <= 2
        seen += [j["JobId"] for j in page["ExportJobs"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == list(reversed(ids)), "newest first, each once"
    assert [j["JobId"] for j in client.list_export_jobs(JobStatus="CANCELLED")["ExportJobs"]] == [ids[0]]
    assert len(client.list_export_jobs(JobStatus="PROCESSING", ExportSourceType="METRICS_DATA")["ExportJobs"]) == 4
    assert client.list_export_jobs(ExportSourceType="MESSAGE_INSIGHTS")["ExportJobs"] == []


def test_jobs_and_files_survive_a_restart_and_unfinished_ones_fail(dataset, start_server, tmp_path):
    database = str(tmp_path / "exports.sqlite")
    source = metrics_source({"EMAIL_IDENTITY": ["*"]}, [("SEND", "VOLUME")], START, START + 10 * DAY)
    first = start_server(["--database", database, "--seed-data", str(dataset.path)])
    client = make_client(first.url)
    done = client.create_export_job(ExportDataSource=source, ExportDestination={"DataFormat": "CSV"})["JobId"]
    before = wait_finished(client, done)
    _, _, body = fetch(before["ExportDestination"]["S3Url"])
    assert os.listdir(database + "-exports") == [before["ExportDestination"]["S3Url"].rsplit("/", 1)[1]]
    first.stop()

    second = start_server(["--database", database, "--export-delay", "60"])
    client = make_client(second.url)
    after = client.get_export_job(JobId=done)
    assert after["JobStatus"] == "COMPLETED" and after["Statistics"] == before["Statistics"]
    assert fetch(after["ExportDestination"]["S3Url"])[2] == body
    running = client.create_export_job(ExportDataSource=source, ExportDestination={"DataFormat": "JSON"})["JobId"]
    assert client.get_export_job(JobId=running)["JobStatus"] == "PROCESSING"
    second.stop()

    third = start_server(["--database", database])
    client = make_client(third.url)
    interrupted = client.get_export_job(JobId=running)
    assert interrupted["JobStatus"] == "FAILED"
    assert interrupted["FailureInfo"]["ErrorMessage"] == "The emulator stopped before the job finished."
    assert [j["JobId"] for j in client.list_export_jobs()["ExportJobs"]] == [running, done]

    assert control(third, "POST", "/_emulator/reset?confirm=true").status == 200
    with pytest.raises(ClientError) as gone:
        client.get_export_job(JobId=done)
    assert gone.value.response["Error"]["Code"] == "NotFoundException"
    assert client.list_export_jobs()["ExportJobs"] == []
    assert os.listdir(database + "-exports") == []


def test_exports_dir_option_and_a_temporary_folder_removed_at_exit(dataset, start_server, tmp_path):
    folder = tmp_path / "files"
    server = start_server(["--seed-data", str(dataset.path), "--no-control-api"],
                          env={"SES_EMULATOR_EXPORTS_DIR": str(folder)})
    client = make_client(server.url)
    source = metrics_source({"ISP": ["Gmail"]}, [("SEND", "VOLUME")], START, START + DAY)
    job = wait_finished(client, client.create_export_job(ExportDataSource=source,
                                                         ExportDestination={"DataFormat": "CSV"})["JobId"])
    assert fetch(job["ExportDestination"]["S3Url"])[0] == 200, "served with --no-control-api"
    assert len(os.listdir(folder)) == 1
    server.stop()

    temporary = start_server(["--seed-data", str(dataset.path)])
    match = re.search(r"INFO export files in (\S+)\n", temporary.wait_for_stderr("export files in"))
    path = match.group(1)
    assert os.path.isdir(path)
    client = make_client(temporary.url)
    wait_finished(client, client.create_export_job(ExportDataSource=source, ExportDestination={"DataFormat": "CSV"})["JobId"])
    assert len(os.listdir(path)) == 1
    temporary.stop()
    assert not os.path.exists(path)


def test_vdm_disabled_refuses_creation(dataset, start_server):
    server = start_server(["--vdm", "disabled"])
    with pytest.raises(ClientError) as refused:
        make_client(server.url).create_export_job(
            ExportDataSource=metrics_source({"ISP": ["Gmail"]}, [("SEND", "VOLUME")], START, START + DAY),
            ExportDestination={"DataFormat": "CSV"})
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


REFUSALS = [
    ({"DataFormat": "CSV", "S3Url": "s3://bucket/exports/"}, {"ISP": ["Gmail"]}, [("SEND", "VOLUME")], 0, 1,
     "ExportDestination.S3Url is not supported: the emulator keeps export files itself and GetExportJob's "
     "ExportDestination.S3Url gives their address. Leave S3Url out."),
    ({"DataFormat": "CSV"}, {"ISP": ["*", "Gmail"]}, [("SEND", "VOLUME")], 0, 1, "The value * must be a dimension's only value."),
    ({"DataFormat": "CSV"}, {"ISP": ["*"], "EMAIL_IDENTITY": [A, B]}, [("SEND", "VOLUME")], 0, 1,
     "When a dimension has the value *, every other dimension must have exactly one value."),
    ({"DataFormat": "CSV"}, {"ISP": ["AT&T"]}, [("SEND", "VOLUME")], 0, 1, "Invalid ISP name provided."),
    ({"DataFormat": "CSV"}, {"COUNTRY": ["x"]}, [("SEND", "VOLUME")], 0, 1, "Unsupported dimension provided."),
    ({"DataFormat": "CSV"}, {"ISP": ["Gmail"]}, [("SEND", "VOLUME")], 1, 1, "Expected start date to be before the end date."),
    ({"DataFormat": "CSV"}, {"ISP": ["Gmail"]}, [("SEND", "VOLUME")], 0.5, 2,
     "Metrics exports must run midnight to midnight UTC: StartDate 2026-09-01T12:00:00Z is not a UTC midnight (00:00:00Z)."),
    ({"DataFormat": "XML"}, {"ISP": ["Gmail"]}, [("SENDS", "TOTAL")], 0, 1,
     "3 validation errors detected: Value at 'exportDataSource.metricsDataSource.metrics.1.member.name' failed to satisfy "
     "constraint: Member must satisfy enum value set: [DELIVERY_COMPLAINT, CLICK, SEND, OPEN, COMPLAINT, DELIVERY, "
     "DELIVERY_OPEN, PERMANENT_BOUNCE, DELIVERY_CLICK, TRANSIENT_BOUNCE]; Value at "
     "'exportDataSource.metricsDataSource.metrics.1.member.aggregation' failed to satisfy constraint: Member must satisfy "
     "enum value set: [RATE, VOLUME]; Value at 'exportDestination.dataFormat' failed to satisfy constraint: Member must "
     "satisfy enum value set: [CSV, JSON]"),
]


@pytest.mark.parametrize("destination,dims,metrics,first,last,message", REFUSALS)
def test_refusals_are_bad_requests_with_their_message(raw_client, destination, dims, metrics, first, last, message):
    with pytest.raises(ClientError) as refused:
        raw_client.create_export_job(
            ExportDataSource=metrics_source(dims, metrics, int(START + first * DAY), int(START + last * DAY)),
            ExportDestination=destination)
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert refused.value.response["Error"]["Message"] == message


def test_message_insights_are_refused(raw_client):
    with pytest.raises(ClientError) as refused:
        raw_client.create_export_job(
            ExportDataSource={"MessageInsightsDataSource": {"StartDate": as_dt(START), "EndDate": as_dt(START + DAY)}},
            ExportDestination={"DataFormat": "CSV"})
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert refused.value.response["Error"]["Message"] == ("The emulator exports metrics only: give "
                                                          "ExportDataSource.MetricsDataSource, not MessageInsightsDataSource.")
