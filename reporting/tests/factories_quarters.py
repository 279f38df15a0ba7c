"""Helpers of the quarter picker and several-quarter workbook tests (and their access-matrix row)."""

from __future__ import annotations

from django.urls import reverse

from core.dates import Quarter
from core.dates import today_in as _today_in


def latest_complete(program) -> Quarter:
    return Quarter.containing(_today_in(program.time_zone)).previous()


def range_url(program, first: Quarter | str | None = None, last: Quarter | str | None = None) -> str:
    """The several-quarter workbook of a program: by default the two quarters before the one in progress."""
    if last is None:
        last = latest_complete(program)
    if first is None:
        first = last.previous() if isinstance(last, Quarter) else last
    url = reverse("reporting:report_range_xlsx", args=[program.slug])
    return f"{url}?from_quarter={first}&to_quarter={last}"
