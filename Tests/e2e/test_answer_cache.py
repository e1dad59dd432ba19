"""BatchGetMetricData asked again with the same body is answered from memory on the event loop,
until anything commits: every write the server takes and an `ingest` by another process into the
same database file are seen by the very next call. Driven with boto3 (whose body for the same
queries is the same bytes each time), raw sockets and the real `ingest` command."""
import calendar
import datetime as dt
import json

from support import BATCH_PATH, control, make_client, post_batch, query, run_cli, write_ndjson

DAY = 86400
START = calendar.timegm(dt.date(2026, 10, 1).timetuple())


def sends(day_index: int, count: int, identity: str = "example.com") -> list[dict]:
    return [{"type": "SEND", "timestamp": START + day_index * DAY + 3600 + i, "emailIdentity": identity, "isp": "Gmail"}
            for i in range(count)]


def boto_series(client, days: int = 5):
    answer = client.batch_get_metric_data(Queries=[{
        "Id": "q1", "Namespace": "VDM", "Metric": "SEND", "Dimensions": {"EMAIL_IDENTITY": "example.com"},
        "StartDate": dt.datetime.fromtimestamp(START, dt.timezone.utc),
        "EndDate": dt.datetime.fromtimestamp(START + days * DAY, dt.timezone.utc)}])
    result = answer["Results"][0]
    return [int(t.timestamp()) for t in result["Timestamps"]], result["Values"]


def logged_ids(server) -> list[str]:
    return [r["requestId"] for r in control(server, "GET", "/_emulator/requests").json()["requests"]]


def test_an_ingest_by_another_process_is_seen_by_the_next_call(start_server, tmp_path):
    db = tmp_path / "shared.sqlite"
    first = tmp_path / "first.ndjson"
    write_ndjson(first, sends(0, 3) + sends(1, 2))
    assert run_cli(["ingest", str(first), "--database", str(db)], timeout=60).returncode == 0
    srv = start_server(["--port", "0", "--database", str(db)])
    client = make_client(srv.url)
    expected = ([START, START + DAY], [3, 2])
    for _ in range(3):  # the first reads the store; the others are remembered
        assert boto_series(client) == expected

    more = tmp_path / "more.ndjson"
    write_ndjson(more, sends(1, 4) + sends(3, 1))
    result = run_cli(["ingest", str(more), "--database", str(db)], timeout=60)
    assert result.returncode == 0, result.stderr
    assert boto_series(client) == ([START, START + DAY, START + 3 * DAY], [3, 6, 1])
    assert boto_series(client) == ([START, START + DAY, START + 3 * DAY], [3, 6, 1])
    assert len(logged_ids(srv)) == 5, "remembered answers are logged like the others"


def test_every_write_through_the_server_is_seen_by_the_next_call(start_server):
    srv = start_server(["--port", "0"])
    body = json.dumps({"Queries": [query("q1", "SEND", START, START + 5 * DAY, {"EMAIL_IDENTITY": "example.com"})]})

    def values():
        resp = post_batch(srv.port, body)
        assert resp.status == 200, resp
        return resp.json()["Results"][0]["Values"]

    assert values() == [] and values() == []
    loaded = control(srv, "POST", "/_emulator/events", "\n".join(json.dumps(e) for e in sends(2, 3)),
                     content_type="application/x-ndjson")
    assert loaded.status == 200, loaded
    assert values() == [3] and values() == [3]
    assert control(srv, "DELETE", "/_emulator/events").status == 200
    assert values() == [] and values() == []
    assert control(srv, "POST", "/_emulator/events", [e for e in sends(4, 2)]).status == 200
    assert values() == [2]
    assert control(srv, "POST", "/_emulator/reset").status == 200
    assert values() == []


def test_faults_armed_after_an_answer_was_remembered_still_fire(start_server):
    srv = start_server(["--port", "0"])
    assert control(srv, "POST", "/_emulator/events", sends(0, 2)).status == 200
    body = json.dumps({"Queries": [query("q1", "SEND", START, START + DAY), query("q2", "SEND", START, START + DAY)]})
    for _ in range(2):
        assert post_batch(srv.port, body).json()["Results"][0]["Values"] == [2]
    armed = control(srv, "PUT", "/_emulator/faults", {"queryFaults": [{"code": "INTERNAL_FAILURE", "match": {"queryId": "q2"}}]})
    assert armed.status == 200, armed
    answer = post_batch(srv.port, body).json()
    assert [r["Id"] for r in answer["Results"]] == ["q1"]
    assert [(e["Id"], e["Code"]) for e in answer["Errors"]] == [("q2", "INTERNAL_FAILURE")]
    control(srv, "PUT", "/_emulator/faults", {"requestFaults": [
        {"operation": "BatchGetMetricData", "error": {"statusCode": 503, "code": "ServiceUnavailable", "message": "down"}}]})
    assert post_batch(srv.port, body).status == 503
    assert control(srv, "DELETE", "/_emulator/faults").status in (200, 204)
    assert post_batch(srv.port, body).json()["Errors"] == []


def test_pipelined_remembered_answers_keep_their_order(start_server):
    srv = start_server(["--port", "0"])
    assert control(srv, "POST", "/_emulator/events", sends(0, 1) + sends(1, 2)).status == 200
    bodies = [json.dumps({"Queries": [query(f"q{d}", "SEND", START + d * DAY, START + (d + 1) * DAY)]}) for d in (0, 1, 2)]
    for b in bodies:
        post_batch(srv.port, b)  # remembered from here on
    import socket
    from support import parse_responses
    wire = b"".join(f"POST {BATCH_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(b)}\r\n\r\n{b}".encode() for b in bodies + [bodies[1]])
    wire += b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(wire)
        blob = b""
        while chunk := sock.recv(65536):
            blob += chunk
    responses = parse_responses(blob)
    assert [r.status for r in responses] == [200] * 5
    assert [r.json()["Results"][0]["Values"] for r in responses[:4]] == [[1], [2], [], [2]]
    assert [r.json()["Results"][0]["Id"] for r in responses[:4]] == ["q0", "q1", "q2", "q1"]
