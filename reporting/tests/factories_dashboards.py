"""Crafted programs for the export, chart and dashboard tests (synthetic people only)."""

from __future__ import annotations

import datetime
import re
from html import unescape

from core.dates import Quarter
from core.dates import today_in as _today_in
from reporting.tests.factories_measures import contact, education, job, person, specialist

D = datetime.date
Q2 = Quarter(2026, 2)


def latest_complete(program) -> Quarter:
    return Quarter.containing(_today_in(program.time_zone)).previous()


def small_program(program, quarter: Quarter = Q2) -> dict:
    """Five people in one quarter, every kind of figure non-zero; returns the people by role.

    - worker: enrolled before, a competitive job since before the quarter (held, not a new start)
    - starter: enrolled before, a new competitive job in the quarter, interest 40 days before it
    - student: enrolled before, in education during the quarter
    - seeker: enrolled 20 days before the quarter (so day 30 falls in it), with a face-to-face
      employer contact 5 days after enrolling (rapid job search met)
    - closed: enrolled before, closed in the quarter, no job
    One full-time employment specialist, assigned to the worker and the starter.
    """
    start = quarter.start
    es = specialist(program, fte="1.00", start=D(2020, 1, 1))
    before = start - datetime.timedelta(days=200)
    worker = person(program, before, specialist=es)
    job(worker, before + datetime.timedelta(days=10), wage="16.00", hours="20.0")
    starter = person(program, before, specialist=es, interest=start - datetime.timedelta(days=30))
    job(starter, start + datetime.timedelta(days=10), wage="18.00", hours="30.0")
    student = person(program, before)
    education(student, before, None)
    seeker = person(program, start - datetime.timedelta(days=20))
    contact(seeker, start - datetime.timedelta(days=15))
    closed = person(program, before, closed=start + datetime.timedelta(days=5))
    return {
        "es": es,
        "worker": worker,
        "starter": starter,
        "student": student,
        "seeker": seeker,
        "closed": closed,
    }


def many_people(program, quarter: Quarter, *, served: int, worked: int) -> None:
    """`served` people enrolled long before the quarter, `worked` of them in a competitive job all along."""
    enrolled = quarter.start - datetime.timedelta(days=400)
    for i in range(served):
        someone = person(program, enrolled)
        if i < worked:
            job(someone, enrolled + datetime.timedelta(days=5))


def table_cells(html: str) -> list[str]:
    """The text of every table cell in a piece of a page, in order."""
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def table_row(html: str, name: str) -> list[str]:
    """The cells of the table row whose first cell reads `name`."""
    for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = table_cells(tr)
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r}")
