"""Publication dates as ISO `YYYY-MM-DD`, whatever form a front matter gives them in.

Dates are sorted as text (/sources, /start and /topics lead with the newest): "29.11.2026", "November 30, 2026"
and "Sat, 29 Nov 2026 …" sorted wrongly against "2026-11-28", and were shown in three forms.
"""

from __future__ import annotations

import datetime
import email.utils
import re

_MONTHS = {
    name: number
    for number, names in enumerate((
        ("january", "jan", "января", "январь", "янв"),
        ("february", "feb", "февраля", "февраль", "фев"),
        ("march", "mar", "марта", "март", "мар"),
        ("april", "apr", "апреля", "апрель", "апр"),
        ("may", "мая", "май"),
        ("june", "jun", "июня", "июнь", "июн"),
        ("july", "jul", "июля", "июль", "июл"),
        ("august", "aug", "августа", "август", "авг"),
        ("september", "sep", "sept", "сентября", "сентябрь", "сен"),
        ("october", "oct", "октября", "октябрь", "окт"),
        ("november", "nov", "ноября", "ноябрь", "ноя"),
        ("december", "dec", "декабря", "декабрь", "дек"),
    ), start=1)
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)")  # 2026-11-28, 2026-11-28T10:00:00Z
_ISO_WITH_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")  # 2026-11-28T10:00:00+05:00
_YEAR_FIRST = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$")  # 2026/11/28, 2026.11.28
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # 29.11.2026; "11/29/2026" is left alone: which is the day?
# 30 November 2026; 30 ноября 2026 г. / года
_DAY_MONTH = re.compile(r"^(?:\w+,?\s+)??(\d{1,2})\.?\s+([^\W\d]+)\.?,?\s+(\d{4})(?:\s*(?:года|г\.?))?$")
_MONTH_DAY = re.compile(r"^(?:\w+,?\s+)??([^\W\d]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")  # November 30, 2026


def iso_date(value: str | None) -> str | None:
    """`value` as `YYYY-MM-DD` when it is a date in a known form (with its time, `YYYY-MM-DDTHH:MM…`, when one is
    given); otherwise as it is (stripped)."""
    if value is None:
        return None
    value = value.strip()
    if _ISO_WITH_TIME.match(value) and is_iso_date(value[:10]):  # already ISO; its time orders one day's articles
        return value
    found = _numeric(value) or _named(value) or _rfc2822(value)
    return found.isoformat() if found else value


def shown_date(published: str | None) -> str | None:
    """The date as people read it under a passage: the day of an ISO date-time, anything else as written."""
    if published and is_iso_date(published[:10]):
        return published[:10]
    return published


def moment(value: str | None) -> float | None:
    """An ISO date or date-time as seconds since 1970 (UTC when no offset is given), to order articles; None when
    it is no ISO date. One day's articles are ordered by their times, across time zones."""
    if not value or not is_iso_date(value[:10]):
        return None
    try:
        when = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.datetime.fromisoformat(value[:10]).replace(tzinfo=datetime.UTC).timestamp()
    return (when if when.tzinfo else when.replace(tzinfo=datetime.UTC)).timestamp()


def is_iso_date(value: str | None) -> bool:
    """`YYYY-MM-DD` and a real day (not 2026-13-01)."""
    if not value or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is None:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _date(year: str | int, month: str | int | None, day: str | int) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day)) if month is not None else None
    except ValueError:
        return None


def _numeric(value: str) -> datetime.date | None:
    if match := _ISO.match(value) or _YEAR_FIRST.match(value):
        return _date(*match.groups())
    if match := _DAY_FIRST.match(value):
        day, month, year = match.groups()
        return _date(year, month, day)
    return None


def _named(value: str) -> datetime.date | None:
    if match := _DAY_MONTH.match(value):
        day, month, year = match.groups()
        return _date(year, _MONTHS.get(month.lower()), day)
    if match := _MONTH_DAY.match(value):
        month, day, year = match.groups()
        return _date(year, _MONTHS.get(month.lower()), day)
    return None


def _rfc2822(value: str) -> datetime.datetime | None:
    """RSS's "Sat, 29 Nov 2026 10:00:00 +0000": its time and offset as written, not moved to another time zone."""
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
