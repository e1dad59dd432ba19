"""An independent recount of VDM metrics from raw NDJSON events (docs/data-and-events.md, "Metric semantics").

Written from the contract only; shares no code with the Swift implementation, so a
disagreement between the two is a finding, not a tautology.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Iterable

DAY = 86_400

METRICS = [
    "SEND",
    "COMPLAINT",
    "PERMANENT_BOUNCE",
    "TRANSIENT_BOUNCE",
    "OPEN",
    "CLICK",
    "DELIVERY",
    "DELIVERY_OPEN",
    "DELIVERY_CLICK",
    "DELIVERY_COMPLAINT",
]

EVENT_TYPES = {"SEND", "DELIVERY", "PERMANENT_BOUNCE", "TRANSIENT_BOUNCE", "COMPLAINT", "OPEN", "CLICK"}

# The default ISP catalog's feedback-loop flags (docs/data-and-events.md, "Metric semantics").
DEFAULT_ISPS = {
    "Gmail": False,
    "Hotmail": True,
    "ExchangeOnline": False,
    "Yahoo": True,
    "Icloud": False,
    "Aol": True,
    "Comcast": True,
    "Gmx": True,
    "Tencent": False,
    "NetEase": False,
    "Other": False,
}

KNOWN_FIELDS = {
    "type", "timestamp", "emailIdentity", "configurationSet", "isp", "messageId", "eventId",
    "recipientCount", "mailboxSimulator", "suppressionList", "openTracking", "clickTracking", "tenant",
}


def parse_timestamp(value) -> float:
    """RFC 3339 string (offsets, fractions, Z) or epoch seconds -> epoch seconds (float)."""
    if isinstance(value, bool):
        raise ValueError(f"bad timestamp {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without offset: {value!r}")
    return parsed.timestamp()


def day_of(epoch: float) -> int:
    return int(epoch // DAY) * DAY


def epoch_day(date_text: str) -> int:
    """'YYYY-MM-DD' -> epoch seconds of that UTC midnight."""
    d = dt.date.fromisoformat(date_text)
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())


def iso_day(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%d")


class Recount:
    """Counted rows (day, identity, configuration set, isp, metric), from events in file order."""

    def __init__(self, events: Iterable[dict], isps: dict[str, bool] | None = None):
        self.isps = dict(DEFAULT_ISPS if isps is None else isps)
        self.events = list(events)
        # (metric, day, identity, configset, isp, tenant) -> count
        self.counts: dict[tuple, int] = defaultdict(int)
        # days on which some non-excluded event exists, per (identity, configset, isp)
        self.live_days: dict[tuple, set[int]] = defaultdict(set)
        self.all_days: set[int] = set()
        seen_open: set[str] = set()
        seen_click: set[str] = set()
        seen_event_ids: set[str] = set()
        self.stored = 0
        for index, event in enumerate(self.events):
            unknown = set(event) - KNOWN_FIELDS
            assert not unknown, f"event {index} has fields outside the contract: {unknown}"
            event_id = event.get("eventId")
            if event_id is not None:
                if event_id in seen_event_ids:
                    continue  # a duplicate eventId is ignored altogether
                seen_event_ids.add(event_id)
            self.stored += 1
            kind = event["type"]
            assert kind in EVENT_TYPES, f"event {index}: unknown type {kind!r}"
            day = day_of(parse_timestamp(event["timestamp"]))
            self.all_days.add(day)
            key = (event["emailIdentity"], event.get("configurationSet"), event["isp"], event.get("tenant"))
            message_id = event.get("messageId")
            # Uniqueness of OPEN/CLICK is decided first, in file order, before any exclusion.
            first = True
            if kind in ("OPEN", "CLICK") and message_id is not None:
                seen = seen_open if kind == "OPEN" else seen_click
                first = message_id not in seen
                seen.add(message_id)
            if event.get("mailboxSimulator") is True:
                continue
            if (event.get("recipientCount") or 1) > 1:
                continue
            self.live_days[key].add(day)
            metrics: list[str] = []
            if kind == "SEND":
                metrics.append("SEND")
            elif kind == "DELIVERY":
                metrics.append("DELIVERY")
                if event.get("openTracking") is True:
                    metrics.append("DELIVERY_OPEN")
                if event.get("clickTracking") is True:
                    metrics.append("DELIVERY_CLICK")
                if self.isps.get(event["isp"], False):
                    metrics.append("DELIVERY_COMPLAINT")
            elif kind in ("PERMANENT_BOUNCE", "COMPLAINT"):
                if event.get("suppressionList") is not True:
                    metrics.append(kind)
            elif kind == "TRANSIENT_BOUNCE":
                metrics.append(kind)
            elif kind in ("OPEN", "CLICK"):
                if first:
                    metrics.append(kind)
            for metric in metrics:
                self.counts[(metric, day) + key] += 1

    @staticmethod
    def _matches(key: tuple, dims: dict[str, str] | None) -> bool:
        identity, configset, isp, tenant = key
        dims = dims or {}
        for name, actual in (("EMAIL_IDENTITY", identity), ("CONFIGURATION_SET", configset), ("ISP", isp),
                             ("TENANT_NAME", tenant)):
            wanted = dims.get(name, "*")
            if wanted != "*" and wanted != actual:
                return False
        return True

    def series(self, metric: str, dims: dict[str, str] | None, start: int, end: int) -> list[tuple[int, int]]:
        """Ascending (day, sum) pairs over [start, end), days whose sum is zero omitted."""
        sums: dict[int, int] = defaultdict(int)
        for (m, day, *key), count in self.counts.items():
            if m == metric and start <= day < end and self._matches(tuple(key), dims):
                sums[day] += count
        return sorted((d, v) for d, v in sums.items() if v)

    def live(self, dims: dict[str, str] | None, start: int, end: int) -> set[int]:
        """Days in [start, end) with at least one non-excluded event matching the filter."""
        days: set[int] = set()
        for key, key_days in self.live_days.items():
            if self._matches(key, dims):
                days.update(d for d in key_days if start <= d < end)
        return days

    def total(self, metric: str) -> int:
        return sum(c for (m, *_), c in self.counts.items() if m == metric)


def load_ndjson(path) -> list[dict]:
    events = []
    with open(path, "rb") as handle:
        for raw in handle:
            line = raw.strip()
            if line:
                events.append(json.loads(line))
    return events
