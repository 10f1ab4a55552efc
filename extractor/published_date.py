"""The publication date as callers give it: exactly ``YYYY-MM-DD``, a real calendar day, in the
years 1000-2999 (relative dates are resolved from it; at the calendar's edges, year 1 or 9999,
"tomorrow" or "next year" would not be a date)."""

from __future__ import annotations

import datetime as dt
import re

PATTERN = "^[12][0-9]{3}-[0-9]{2}-[0-9]{2}$"  # also stated in the API's schema
_FORM = re.compile(PATTERN)


def parse_published(value) -> dt.date:
    """A date from ``YYYY-MM-DD``; ValueError with a sentence otherwise."""
    if not isinstance(value, str) or not _FORM.match(value):
        raise ValueError("published must be a date written YYYY-MM-DD, in the years 1000 to 2999")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"published {value} is not a calendar date") from None
