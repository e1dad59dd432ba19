#!/usr/bin/env python3
"""Checks that docker/test.sh runs from the host against the emulator container's published port.

Results are checked against numbers computed here, independently of the emulator: the bundled
seed data shifted so its newest day is yesterday (UTC), events this script loads itself, and the
faults file that docker-compose.yml mounts (docker/faults.example.json).

  check_stack.py stack  --endpoint URL --seed-data DIR --aws PATH   aws CLI + boto3 checks
  check_stack.py client --seed-data DIR < client-output.json        the compose client's answer
  check_stack.py events --endpoint URL --expect N                   health reports N events
"""
import argparse
import collections
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys
import urllib.request

DAY = dt.timedelta(days=1)
PROBE_IDENTITY = "docker-test.example.com"
FAULTED_QUERY = "fail-sends"  # its Id matches "fail-*" in docker/faults.example.json


def fail(message):
    print(f"check_stack: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def ok(message):
    print(f"check_stack: ok: {message}", file=sys.stderr)


def today():
    return dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def utc_day(timestamp):
    if isinstance(timestamp, (int, float)):
        moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    else:
        moment = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(dt.timezone.utc)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def seed_events(folder):
    """The seed events, read the way serve reads a folder: *.ndjson in byte order of names."""
    files = sorted((p for p in pathlib.Path(folder).glob("*.ndjson") if not p.name.startswith(".")),
                   key=lambda p: p.name.encode())
    if not files:
        fail(f"no *.ndjson seed files in {folder}")
    events = []
    for path in files:
        for line in path.read_text().splitlines():
            if line.strip():
                events.append(json.loads(line))
    return events


def shifted_daily_counts(events, metric, identity=None):
    """Daily counts of a plain event-type metric (SEND, DELIVERY, ...) after the shift to today:
    the newest seed day becomes yesterday. Mailbox-simulator mail and mail to several recipients
    count in no metric (docs/data-and-events.md, "Metric semantics")."""
    days = [utc_day(e["timestamp"]) for e in events]
    shift = (today() - DAY) - max(days)
    counts = collections.Counter()
    for event, day in zip(events, days):
        if event["type"] != metric or (identity and event["emailIdentity"] != identity):
            continue
        if event.get("mailboxSimulator", False) or event.get("recipientCount", 1) != 1:
            continue
        counts[day + shift] += 1
    return counts, min(days) + shift


def compare_series(label, timestamps, values, expected):
    got = {utc_day(t) if not isinstance(t, dt.datetime) else t.astimezone(dt.timezone.utc): v
           for t, v in zip(timestamps, values)}
    if len(got) != len(timestamps):
        fail(f"{label}: duplicate timestamps in {timestamps}")
    want = {day: count for day, count in expected.items() if count}
    if got != want:
        missing = {d.date().isoformat(): c for d, c in want.items() if got.get(d) != c}
        extra = {d.date().isoformat(): c for d, c in got.items() if want.get(d) != c}
        fail(f"{label}: series differs from the expected one (seed file shifted to today, or loaded events); expected {missing}, got {extra}")
    if not want:
        fail(f"{label}: expected a non-empty series (is the seed data empty?)")
    ok(f"{label}: {len(want)} days, {sum(want.values())} in all, as expected")


def http(method, url, body=None, content_type=None):
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


def check_stack(args):
    events = seed_events(args.seed_data)
    status, health = http("GET", f"{args.endpoint}/_emulator/health")
    if status != 200 or health.get("status") != "ready":
        fail(f"health: {status} {health}")
    if health.get("events") != len(events):
        fail(f"health reports {health.get('events')} events; the seed data has {len(events)}")
    ok(f"health: ready, {health['events']} events (the whole seed), version {health.get('version')}")

    sends, first_day = shifted_daily_counts(events, "SEND")
    start, end = first_day - 2 * DAY, today()

    # The aws CLI, as a user on the host would run it.
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    queries = [{"Id": "sends", "Namespace": "VDM", "Metric": "SEND",
                "StartDate": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "EndDate": end.strftime("%Y-%m-%dT%H:%M:%SZ")}]
    cli = subprocess.run([args.aws, "sesv2", "batch-get-metric-data", "--endpoint-url", args.endpoint,
                          "--queries", json.dumps(queries), "--output", "json"],
                         env=env, capture_output=True, text=True, timeout=60)
    if cli.returncode != 0:
        fail(f"aws CLI exited {cli.returncode}: {cli.stderr.strip()}")
    answer = json.loads(cli.stdout)
    if answer.get("Errors"):
        fail(f"aws CLI: unexpected Errors {answer['Errors']}")
    (result,) = answer["Results"]
    if result["Id"] != "sends":
        fail(f"aws CLI: result id {result['Id']}")
    compare_series("aws CLI SEND (all identities)", result["Timestamps"], result["Values"], sends)

    # boto3: a per-identity series from the seed, events loaded through the control API, and the
    # mounted faults file.
    import boto3
    ses = boto3.client("sesv2", endpoint_url=args.endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    identity = collections.Counter(e["emailIdentity"] for e in events).most_common(1)[0][0]
    deliveries, _ = shifted_daily_counts(events, "DELIVERY", identity)

    yesterday = today() - DAY
    probe = [{"type": "DELIVERY", "timestamp": (yesterday + dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "emailIdentity": PROBE_IDENTITY, "isp": "Gmail", "eventId": f"docker-test-{h}"} for h in (1, 2, 3)]
    # A mailbox-simulator delivery counts in no metric.
    probe.append({"type": "DELIVERY", "timestamp": (yesterday + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "emailIdentity": PROBE_IDENTITY, "isp": "Gmail", "eventId": "docker-test-sim", "mailboxSimulator": True})
    status, loaded = http("POST", f"{args.endpoint}/_emulator/events",
                          "\n".join(json.dumps(e) for e in probe).encode() + b"\n", "application/x-ndjson")
    if status != 200 or loaded.get("accepted") != len(probe):
        fail(f"POST /_emulator/events: {status} {loaded}")
    ok(f"POST /_emulator/events: {loaded}")

    answer = ses.batch_get_metric_data(Queries=[
        {"Id": "seeded", "Namespace": "VDM", "Metric": "DELIVERY",
         "Dimensions": {"EMAIL_IDENTITY": identity}, "StartDate": start, "EndDate": end},
        {"Id": "probe", "Namespace": "VDM", "Metric": "DELIVERY",
         "Dimensions": {"EMAIL_IDENTITY": PROBE_IDENTITY, "ISP": "Gmail"}, "StartDate": start, "EndDate": end},
        {"Id": FAULTED_QUERY, "Namespace": "VDM", "Metric": "SEND", "StartDate": start, "EndDate": end},
    ])
    results = {r["Id"]: r for r in answer["Results"]}
    errors = {e["Id"]: e for e in answer.get("Errors", [])}
    if set(results) != {"seeded", "probe"} or set(errors) != {FAULTED_QUERY}:
        fail(f"boto3: results {sorted(results)}, errors {errors}")
    compare_series(f"boto3 DELIVERY for {identity}", results["seeded"]["Timestamps"], results["seeded"]["Values"],
                   deliveries)
    compare_series("boto3 DELIVERY of the loaded events", results["probe"]["Timestamps"], results["probe"]["Values"],
                   {yesterday: 3})
    if errors[FAULTED_QUERY].get("Code") != "INTERNAL_FAILURE":
        fail(f"boto3: the faults file's rule gave {errors[FAULTED_QUERY]}, expected INTERNAL_FAILURE")
    ok(f"boto3: faults file mounted and applied: {errors[FAULTED_QUERY]['Code']} for query {FAULTED_QUERY}")

    status, health = http("GET", f"{args.endpoint}/_emulator/health")
    print(health["events"])


def check_client(args):
    text = sys.stdin.read()
    start = text.find("{")
    if start < 0:
        fail(f"client printed no JSON: {text!r}")
    answer = json.loads(text[start:])
    (result,) = answer["Results"]
    sends, _ = shifted_daily_counts(seed_events(args.seed_data), "SEND")
    last_week = {day: count for day, count in sends.items() if day >= today() - 7 * DAY}
    compare_series("compose aws-client SEND, last 7 days, by service name", result["Timestamps"], result["Values"],
                   last_week)


def check_events(args):
    status, health = http("GET", f"{args.endpoint}/_emulator/health")
    if status != 200 or health.get("events") != args.expect:
        fail(f"after restart: health {status} {health}, expected {args.expect} events (the volume's database)")
    ok(f"after restart: {health['events']} events kept in the named volume's database")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    stack = sub.add_parser("stack")
    stack.add_argument("--endpoint", required=True)
    stack.add_argument("--seed-data", required=True)
    stack.add_argument("--aws", required=True)
    client = sub.add_parser("client")
    client.add_argument("--seed-data", required=True)
    events = sub.add_parser("events")
    events.add_argument("--endpoint", required=True)
    events.add_argument("--expect", type=int, required=True)
    args = parser.parse_args()
    {"stack": check_stack, "client": check_client, "events": check_events}[args.command](args)


if __name__ == "__main__":
    main()
