"""Reads iCalendar files with the icalendar package (an independent parser, from PyPI) and
prints what it found as JSON: for each file, the calendar's name and every event's uid,
summary, first day and day after the last."""

import json
import sys

from icalendar import Calendar

out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        cal = Calendar.from_ical(f.read())
    events = []
    for e in cal.walk("VEVENT"):
        events.append(
            {
                "uid": str(e.get("uid")),
                "summary": str(e.get("summary")),
                "start": e.decoded("dtstart").isoformat(),
                "end": e.decoded("dtend").isoformat(),
                "url": str(e.get("url", "")),
            }
        )
    out[path] = {"name": str(cal.get("x-wr-calname")), "version": str(cal.get("version")), "events": events}
print(json.dumps(out))
