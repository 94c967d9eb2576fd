"""Dates of FRUS TEI documents: the machine range on the div and the dateline's own date.

`frus:doc-dateTime-min/max` on a document div give the instants the editors assign to it,
written in Washington time (offset -05:00 all year). The dateline's `date` gives the
document's own words and, in `@when`, `@from/@to` or `@notBefore/@notAfter`, the same
moment in the document's own zone (a 0117Z telegram of January 23 is 20:17 of January 22
in Washington). The ISO dates kept on `DateInfo` are the machine range read in the zone
the dateline states, so they match the printed date; without a stated zone they are the
range's own dates. All attribute values are kept verbatim in `metadata.extra["date"]`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from declass.model import DateInfo

_ZONE = re.compile(r"(Z|[+-]\d\d:\d\d)$")
_DATE_ONLY = re.compile(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?$")


def _zone_of(value: str | None) -> timezone | None:
    """The UTC offset a dateTime string states, or None when it states none."""
    if not value or "T" not in value:
        return None
    match = _ZONE.search(value)
    if not match:
        return None
    if match.group(1) == "Z":
        return UTC
    sign = 1 if match.group(1)[0] == "+" else -1
    hours, minutes = int(match.group(1)[1:3]), int(match.group(1)[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _parse_instant(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def iso_date_of(value: str | None, zone: timezone | None = None) -> str | None:
    """The calendar date of an ISO date or dateTime, read in `zone` when both carry a zone.

    A partial date (`1969-12`, `1969`) is returned as written.
    """
    if not value:
        return None
    value = value.strip()
    if _DATE_ONLY.match(value):
        return value
    instant = _parse_instant(value)
    if instant is None:
        return None
    if zone is not None and instant.tzinfo is not None:
        instant = instant.astimezone(zone)
    return instant.date().isoformat()


def precision_of(value: str | None) -> str:
    """Day, month or year, from how much of an ISO date is written."""
    if not value:
        return "unknown"
    match = _DATE_ONLY.match(value.strip())
    if match is None:
        return "day" if _parse_instant(value.strip()) is not None else "unknown"
    if match.group(3):
        return "day"
    return "month" if match.group(2) else "year"


def document_date(div_attrs: dict[str, str], date_attrs: dict[str, str] | None, date_text: str | None) -> DateInfo:
    """The `DateInfo` of a document from its div's machine range and its dateline date.

    Precedence: the machine range `frus:doc-dateTime-min/max` (present in newer volumes),
    then the dateline's `@when`, `@from/@to` and `@notBefore/@notAfter`. Precision comes from
    the dateline's `@when` when there is one (`1969-12` is a month), otherwise from the range.
    """
    date_attrs = date_attrs or {}
    when = date_attrs.get("when")
    low = date_attrs.get("from") or date_attrs.get("notBefore")
    high = date_attrs.get("to") or date_attrs.get("notAfter")
    # the zone the document itself states, used to read the machine range as printed
    zone = _zone_of(when) or _zone_of(low) or _zone_of(high)
    machine_min, machine_max = div_attrs.get("min"), div_attrs.get("max")
    if machine_min:
        start = iso_date_of(machine_min, zone)
        end = iso_date_of(machine_max or machine_min, zone)
        source = "frus:doc-dateTime-min"
    elif when and not (low or high):
        start = end = iso_date_of(when)
        source = "date/@when"
    elif low or high or when:
        start = iso_date_of(low or when)
        end = iso_date_of(high or low or when)
        source = "date/@from" if date_attrs.get("from") else ("date/@notBefore" if low else "date/@when")
    else:
        return DateInfo(text=date_text or None)
    if when:
        precision = precision_of(when)
    elif start and start == end:
        precision = precision_of(start)
    elif start and end:
        precision = "day" if precision_of(start) == "day" else precision_of(start)
    else:
        precision = "unknown"
    if date_text is None and not date_attrs:
        # an editorial note: the range is the volume's, not a date the document states
        precision = "unknown"
    return DateInfo(start=start, end=end, precision=precision, text=date_text or None, source=source)


def date_extra(div_attrs: dict[str, str], date_attrs: dict[str, str] | None) -> dict[str, str]:
    """Every date attribute verbatim: the machine range and the dateline's own attributes."""
    out = {k: v for k, v in div_attrs.items() if v}
    for key, value in (date_attrs or {}).items():
        if value:
            out[key] = value
    return out
