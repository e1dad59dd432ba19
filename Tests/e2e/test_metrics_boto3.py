"""BatchGetMetricData through the real boto3, compared with an independent recount of the seed events."""
from __future__ import annotations

import datetime as dt

import pytest

from recount import DAY, METRICS, epoch_day
from support import CONFIG_SETS, GEN_DAYS, GEN_START, IDENTITIES

UTC = dt.timezone.utc
A, B, C = IDENTITIES
MKT, TRX = CONFIG_SETS

FILTERS = {
    "none": None,
    "identity": {"EMAIL_IDENTITY": A},
    "configset": {"CONFIGURATION_SET": MKT},
    "isp-fbl": {"ISP": "Hotmail"},
    "isp-nofbl": {"ISP": "Gmail"},
    "identity+isp": {"EMAIL_IDENTITY": B, "ISP": "Yahoo"},
    "identity+configset": {"EMAIL_IDENTITY": A, "CONFIGURATION_SET": TRX},
    "configset+isp": {"CONFIGURATION_SET": MKT, "ISP": "Gmail"},
    "triple": {"EMAIL_IDENTITY": C, "CONFIGURATION_SET": MKT, "ISP": "Hotmail"},
    "star": {"EMAIL_IDENTITY": "*"},
    "star-triple": {"EMAIL_IDENTITY": "*", "CONFIGURATION_SET": "*", "ISP": "*"},
    "identity+star": {"EMAIL_IDENTITY": A, "ISP": "*"},
    "unknown-identity": {"EMAIL_IDENTITY": "nobody.example"},
    "tenant": {"TENANT_NAME": "acme"},
    "tenant+identity+isp": {"TENANT_NAME": "globex", "EMAIL_IDENTITY": A, "ISP": "Hotmail"},
    "unknown-tenant": {"TENANT_NAME": "initech"},
}


def ranges(recount) -> dict[str, tuple[int, int]]:
    first = min(recount.all_days)
    last = max(recount.all_days)
    gen_first = epoch_day(GEN_START)
    return {
        "whole": (first, last + DAY),
        "first-day": (first, first + DAY),
        "last-day": (last, last + DAY),
        "gen-first-day": (gen_first, gen_first + DAY),
        "gen-last-day": (gen_first + (GEN_DAYS - 1) * DAY, gen_first + GEN_DAYS * DAY),
        "middle": (gen_first + 7 * DAY, gen_first + 20 * DAY),
        "ends-at-first": (first - 5 * DAY, first),
        "after-last": (last + DAY, last + 10 * DAY),
        "far-past": (epoch_day("2001-01-01"), epoch_day("2001-02-01")),
        "tail-with-gaps": (gen_first + GEN_DAYS * DAY, last + 30 * DAY),
    }


def as_dt(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, UTC)


def boto_query(qid, metric, start, end, dims=None) -> dict:
    q = {"Id": qid, "Namespace": "VDM", "Metric": metric, "StartDate": as_dt(start), "EndDate": as_dt(end)}
    if dims is not None:
        q["Dimensions"] = dims
    return q


def series_of(result: dict) -> list[tuple[int, int]]:
    stamps = result["Timestamps"]
    values = result["Values"]
    assert len(stamps) == len(values), result
    out = []
    for stamp, value in zip(stamps, values):
        assert isinstance(stamp, dt.datetime), f"boto3 did not parse a timestamp: {stamp!r}"
        assert stamp.tzinfo is not None
        utc = stamp.astimezone(UTC)
        assert (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0), f"not a UTC midnight: {utc}"
        assert isinstance(value, int), value
        out.append((int(utc.timestamp()), value))
    assert [d for d, _ in out] == sorted({d for d, _ in out}), f"timestamps not strictly ascending: {out}"
    return out


def assert_series(actual: list[tuple[int, int]], expected: list[tuple[int, int]], live_days: set[int], what: str):
    """The series equals the recount exactly. Days without data are omitted (docs/errors-and-compatibility.md, "Known differences from AWS"); a day
    whose events count zero for this metric and filter has no data for it, so no zero may appear either
    (without --zero-fill). live_days only sharpens the message."""
    stray = [d for d, v in actual if v == 0 and d not in live_days]
    assert not stray, f"{what}: zero entries on days without any matching event: {stray}"
    assert actual == expected, f"{what}: server {actual} != recount {expected}"


@pytest.mark.parametrize("filter_name", list(FILTERS))
@pytest.mark.parametrize("metric", METRICS)
def test_metric_filter_ranges_match_recount(client, dataset, metric, filter_name):
    dims = FILTERS[filter_name]
    named = ranges(dataset.recount)
    queries = [boto_query(f"q-{name}", metric, s, e, dims) for name, (s, e) in named.items()]
    response = client.batch_get_metric_data(Queries=queries)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response.get("Errors", []) == []
    results = response["Results"]
    assert [r["Id"] for r in results] == [q["Id"] for q in queries]
    for (name, (start, end)), result in zip(named.items(), results):
        expected = dataset.recount.series(metric, dims, start, end)
        live = dataset.recount.live(dims, start, end)
        assert_series(series_of(result), expected, live, f"{metric} {filter_name} {name}")


def test_matrix_is_not_trivial(dataset):
    """The data set exercises every metric (else the matrix above could pass on an empty server)."""
    for metric in METRICS:
        assert dataset.recount.total(metric) > 0, f"no {metric} in the data set"
    assert dataset.recount.total("DELIVERY_COMPLAINT") < dataset.recount.total("DELIVERY")


def test_empty_ranges_give_empty_series(client, dataset):
    named = ranges(dataset.recount)
    queries = [boto_query(f"e{i}", metric, *named[name])
               for i, (metric, name) in enumerate([("SEND", "far-past"), ("DELIVERY", "ends-at-first"),
                                                   ("OPEN", "after-last")])]
    results = client.batch_get_metric_data(Queries=queries)["Results"]
    assert [(r["Id"], r["Timestamps"], r["Values"]) for r in results] == [(q["Id"], [], []) for q in queries]


def test_gap_days_are_omitted(client, dataset):
    """Days with no event at all, and a day holding only excluded events (2026-10-25), are absent."""
    start, end = ranges(dataset.recount)["tail-with-gaps"]
    response = client.batch_get_metric_data(Queries=[boto_query(m[:10] + str(i), m, start, end)
                                                     for i, m in enumerate(METRICS)])
    union = set()
    for result in response["Results"]:
        union.update(d for d, _ in series_of(result))
    allowed = dataset.recount.live(None, start, end)
    assert union <= allowed, f"days without data returned: {sorted(map(as_dt, union - allowed))}"
    assert epoch_day("2026-10-25") not in union
    assert epoch_day("2026-10-21") not in union  # a gap day between edge events


def test_ten_queries_keep_their_order(client, dataset):
    start, end = ranges(dataset.recount)["whole"]
    chosen = list(reversed(METRICS))
    dims = [None, {"ISP": "Hotmail"}, {"EMAIL_IDENTITY": B}, None, {"CONFIGURATION_SET": TRX}] * 2
    queries = [boto_query(f"z{9 - i}-{metric.lower()}", metric, start, end, dims[i]) for i, metric in enumerate(chosen)]
    results = client.batch_get_metric_data(Queries=queries)["Results"]
    assert [r["Id"] for r in results] == [q["Id"] for q in queries]
    for q, r in zip(queries, results):
        expected = dataset.recount.series(q["Metric"], q.get("Dimensions"), start, end)
        assert_series(series_of(r), expected, dataset.recount.live(q.get("Dimensions"), start, end), q["Id"])


def test_same_metric_different_ranges_in_one_batch(client, dataset):
    gen_first = epoch_day(GEN_START)
    queries = [boto_query(f"d{i}", "SEND", gen_first + i * DAY, gen_first + (i + 1) * DAY) for i in range(10)]
    results = client.batch_get_metric_data(Queries=queries)["Results"]
    for i, r in enumerate(results):
        expected = dataset.recount.series("SEND", None, gen_first + i * DAY, gen_first + (i + 1) * DAY)
        assert series_of(r) == expected
        assert len(expected) == 1 and expected[0][0] == gen_first + i * DAY


def test_timestamps_are_utc_midnight_datetimes(client, dataset):
    start, end = ranges(dataset.recount)["middle"]
    result = client.batch_get_metric_data(Queries=[boto_query("t", "DELIVERY", start, end)])["Results"][0]
    assert len(result["Timestamps"]) == 13
    assert [t.astimezone(UTC) for t in result["Timestamps"]] == [as_dt(start + i * DAY) for i in range(13)]


def test_edge_semantics_in_combined_data(client, dataset):
    """Hand-checked numbers from the edge events appended after the generated data (no recount)."""
    day20, day22 = epoch_day("2026-10-20"), epoch_day("2026-10-22")
    end = epoch_day("2026-10-30")
    a_mkt_hot = {"EMAIL_IDENTITY": A, "CONFIGURATION_SET": MKT, "ISP": "Hotmail"}
    qs = [
        boto_query("open", "OPEN", day20, end, a_mkt_hot),
        boto_query("click", "CLICK", day20, end, a_mkt_hot),
        boto_query("open-gmx", "OPEN", day20, end, {"ISP": "Gmx"}),
        boto_query("dlv-hot", "DELIVERY_COMPLAINT", day20, end, {"EMAIL_IDENTITY": A, "ISP": "Hotmail"}),
        boto_query("pb-aol", "PERMANENT_BOUNCE", day20, end, {"ISP": "Aol", "EMAIL_IDENTITY": B}),
        boto_query("cmp-aol", "COMPLAINT", day20, end, {"ISP": "Aol", "EMAIL_IDENTITY": B}),
        boto_query("tb-aol", "TRANSIENT_BOUNCE", day20, end, {"ISP": "Aol", "EMAIL_IDENTITY": B}),
        boto_query("open-b-trx-gmail", "OPEN", day20, end, {"EMAIL_IDENTITY": B, "CONFIGURATION_SET": TRX, "ISP": "Gmail"}),
        boto_query("dlv-trx-yahoo", "DELIVERY", day20, end, {"CONFIGURATION_SET": TRX, "ISP": "Yahoo"}),
        boto_query("send-a-gmail", "SEND", day20, end, {"EMAIL_IDENTITY": A, "ISP": "Gmail"}),
    ]
    got = {r["Id"]: series_of(r) for r in client.batch_get_metric_data(Queries=qs)["Results"]}
    assert got["open"] == [(day20, 1)]
    assert got["click"] == [(day22, 1)]
    assert got["open-gmx"] == [(day20, 2)]
    assert got["dlv-hot"] == [(day20, 1)]
    assert got["pb-aol"] == [(day22, 1)]
    assert got["cmp-aol"] == [(day22, 1)]
    assert got["tb-aol"] == [(day22, 1)]
    assert got["open-b-trx-gmail"] == []  # its first OPEN was a simulator one
    assert got["dlv-trx-yahoo"] == []  # multi-recipient
    assert got["send-a-gmail"] == [(day20, 1)]


def test_zero_fill_gives_every_day(zero_fill_server, dataset):
    from support import make_client
    zf = make_client(zero_fill_server.url)
    named = ranges(dataset.recount)
    cases = [("SEND", None, "whole"), ("DELIVERY_COMPLAINT", {"ISP": "Gmail"}, "middle"),
             ("OPEN", {"EMAIL_IDENTITY": A}, "tail-with-gaps"), ("CLICK", None, "far-past"),
             ("PERMANENT_BOUNCE", {"EMAIL_IDENTITY": "nobody.example"}, "first-day"),
             ("COMPLAINT", {"CONFIGURATION_SET": MKT, "ISP": "Hotmail"}, "after-last")]
    queries = [boto_query(f"zf{i}", m, *named[r], d) for i, (m, d, r) in enumerate(cases)]
    results = zf.batch_get_metric_data(Queries=queries)["Results"]
    for (metric, dims, name), result in zip(cases, results):
        start, end = named[name]
        expected = dict(dataset.recount.series(metric, dims, start, end))
        want = [(d, expected.get(d, 0)) for d in range(start, end, DAY)]
        assert series_of(result) == want, f"zero-fill {metric} {dims} {name}"
