"""A few round trips through the real aws CLI (v1: ~1 s per call, so only a handful)."""
from __future__ import annotations

import json
import shutil

import pytest

from recount import DAY, epoch_day, iso_day
from support import IDENTITIES, run_aws

pytestmark = pytest.mark.skipif(shutil.which("aws") is None, reason="the aws CLI is not installed")

START = epoch_day("2026-09-01")


aws = run_aws


def queries_json(*queries) -> str:
    return json.dumps([{"Id": qid, "Namespace": "VDM", "Metric": metric,
                        "StartDate": iso_day(start) + "T00:00:00Z", "EndDate": iso_day(end) + "T00:00:00Z",
                        **({"Dimensions": dims} if dims else {})}
                       for qid, metric, start, end, dims in queries])


def pairs(result: dict) -> list[tuple[int, int]]:
    return [(int(t), v) for t, v in zip(result["Timestamps"], result["Values"])]


def test_aws_cli_endpoint_url_round_trip(server, dataset, tmp_path):
    end = START + 10 * DAY
    dims = {"EMAIL_IDENTITY": IDENTITIES[0], "ISP": "Hotmail"}
    result = aws(["sesv2", "batch-get-metric-data", "--endpoint-url", server.url, "--region", "us-east-1",
                  "--queries", queries_json(("all", "SEND", START, end, None), ("one", "DELIVERY", START, end, dims),
                                            ("none", "CLICK", epoch_day("2001-01-01"), epoch_day("2001-01-05"), None))],
                 tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    out = json.loads(result.stdout)
    assert [r["Id"] for r in out["Results"]] == ["all", "one", "none"]
    # awscli v1 prints epoch numbers raw
    assert all(isinstance(t, (int, float)) for t in out["Results"][0]["Timestamps"])
    assert pairs(out["Results"][0]) == dataset.recount.series("SEND", None, START, end)
    assert pairs(out["Results"][1]) == dataset.recount.series("DELIVERY", dims, START, end)
    assert pairs(out["Results"][2]) == []


def test_aws_cli_endpoint_from_environment(server, dataset, tmp_path):
    """awscli 1.45 (botocore 1.43) honours AWS_ENDPOINT_URL_SESV2, so no --endpoint-url is needed."""
    end = START + 5 * DAY
    result = aws(["sesv2", "batch-get-metric-data", "--region", "us-east-1",
                  "--queries", queries_json(("env", "DELIVERY_OPEN", START, end, None))],
                 tmp_path, {"AWS_ENDPOINT_URL_SESV2": server.url})
    assert result.returncode == 0, result.stderr.decode()
    out = json.loads(result.stdout)
    assert pairs(out["Results"][0]) == dataset.recount.series("DELIVERY_OPEN", None, START, end)


def test_aws_cli_bad_request(server, tmp_path):
    result = aws(["sesv2", "batch-get-metric-data", "--endpoint-url", server.url, "--region", "us-east-1",
                  "--queries", queries_json(("bad", "SEND", START, START + DAY, {"ISP": "Mail.ru"}))], tmp_path)
    assert result.returncode != 0
    stderr = result.stderr.decode()
    assert "BadRequestException" in stderr, stderr


def test_aws_cli_iso8601_output(server, dataset, tmp_path):
    config = tmp_path / "aws-config"
    config.write_text("[default]\ncli_timestamp_format = iso8601\n")
    end = START + 3 * DAY
    result = aws(["sesv2", "batch-get-metric-data", "--endpoint-url", server.url, "--region", "us-east-1",
                  "--queries", queries_json(("iso", "SEND", START, end, None)), "--output", "json"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    stamps = json.loads(result.stdout)["Results"][0]["Timestamps"]
    expected = [iso_day(d) for d, _ in dataset.recount.series("SEND", None, START, end)]
    assert [s[:10] for s in stamps] == expected
    assert all(s[10:].startswith("T00:00:00") for s in stamps), stamps


@pytest.mark.parametrize("queries,message", [
    ((("a", "SEND", START, START + 61 * DAY, None),),
     "Invalid interval, can request at most 60 days. Please partition your requested interval."),
    ((("a", "SEND", START, START + DAY, None), ("a", "OPEN", START, START + DAY, None)),
     "All queries must have a unique identifier."),
    ((("a", "SEND", START, START + DAY, {"ISP": "Mail.ru"}),), "Invalid ISP name provided."),
], ids=["range", "duplicate-id", "isp"])
def test_aws_cli_prints_the_observed_messages(server, tmp_path, queries, message):
    result = aws(["sesv2", "batch-get-metric-data", "--endpoint-url", server.url, "--region", "us-east-1",
                  "--queries", queries_json(*queries)], tmp_path)
    assert result.returncode != 0
    stderr = result.stderr.decode()
    assert "(BadRequestException)" in stderr and message in stderr, stderr


def test_wildcards_reject_refuses_star_as_aws_does(start_server, tmp_path):
    strict = start_server(["--port", "0", "--wildcards", "reject"])
    result = aws(["sesv2", "batch-get-metric-data", "--endpoint-url", strict.url, "--region", "us-east-1",
                  "--queries", queries_json(("a", "SEND", START, START + DAY, {"EMAIL_IDENTITY": "*"}))], tmp_path)
    assert result.returncode != 0 and "Invalid email identity provided." in result.stderr.decode(), result.stderr.decode()
    lenient = start_server(["--port", "0"], env={"SES_EMULATOR_WILDCARDS": "all"})
    result = aws(["sesv2", "batch-get-metric-data", "--endpoint-url", lenient.url, "--region", "us-east-1",
                  "--queries", queries_json(("a", "SEND", START, START + DAY, {"EMAIL_IDENTITY": "*"}))], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
