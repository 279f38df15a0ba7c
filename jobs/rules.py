"""The competitive-integrated rule and the applicable minimum wage: pure functions, no database.

records.md ("Competitive integrated") and interchange.md (jobs.csv): a job is competitive
integrated when (it is self-employment, or it pays at least the applicable minimum wage and the
same as coworkers doing similar work) and it is open to anyone and no agency set a time limit.
A value the rule needs that is empty (unknown) makes the job not competitive, with the reason
`information_missing`, until it is filled in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .models import Jurisdiction, NotCompetitiveBecause

NO_MINIMUM = Decimal("0.00")

# The fields of a job the rule reads.
RULE_FIELDS = (
    "hourly_wage",
    "pays_same_as_coworkers",
    "open_to_anyone",
    "agency_time_limit",
    "self_employment",
)


def _get(row: Any, name: str):
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)


def _applies(rate: Any, program_state: str, wage_locality: str) -> bool:
    """Does a rate of the table bind a program in this state and locality?"""
    jurisdiction = _get(rate, "jurisdiction")
    state = (_get(rate, "state") or "").strip().upper()
    if jurisdiction == Jurisdiction.FEDERAL:
        return True
    if state != (program_state or "").strip().upper():
        return False
    if jurisdiction == Jurisdiction.STATE:
        return True
    locality = (_get(rate, "locality") or "").strip().casefold()
    return bool(locality) and locality == (wage_locality or "").strip().casefold()


def applicable_minimum_wage(
    program_state: str, wage_locality: str, on_date: datetime.date, rates: Iterable[Any]
) -> Decimal:
    """The highest of the federal, state and locality minimums in force on `on_date`.

    `rates` are MinimumWage rows (or mappings with the same fields). Per jurisdiction the rate in
    force is the one with the latest `effective_from` on or before the date; the result is the
    highest of those. With no rate in force at all it is 0.00 (no minimum known).
    """
    in_force: dict[tuple, tuple[datetime.date, Decimal]] = {}
    for rate in rates:
        effective_from = _get(rate, "effective_from")
        if effective_from is None or effective_from > on_date:
            continue
        if not _applies(rate, program_state, wage_locality):
            continue
        key = (
            _get(rate, "jurisdiction"),
            (_get(rate, "state") or "").upper(),
            (_get(rate, "locality") or "").casefold(),
        )
        current = in_force.get(key)
        if current is None or effective_from > current[0]:
            in_force[key] = (effective_from, Decimal(_get(rate, "hourly_rate")))
    return max((rate for _day, rate in in_force.values()), default=NO_MINIMUM)


def competitive_integrated(job_fields: Any, minimum: Decimal) -> tuple[bool, list[str]]:
    """(is it competitive integrated, the reasons it is not) for a job and the minimum that applies.

    `job_fields` is a Job or a mapping with RULE_FIELDS. The reasons are NotCompetitiveBecause
    keys in the order of that list; the answer is True exactly when there are none.
    """
    wage = _get(job_fields, "hourly_wage")
    pays_same = _get(job_fields, "pays_same_as_coworkers")
    open_to_anyone = _get(job_fields, "open_to_anyone")
    time_limit = _get(job_fields, "agency_time_limit")
    self_employment = bool(_get(job_fields, "self_employment"))

    reasons: set[str] = set()
    missing = False
    if not self_employment:
        # An owner has no coworkers' pay or employer's minimum to compare with.
        if wage is None:
            missing = True
        elif Decimal(wage) < Decimal(minimum):
            reasons.add(NotCompetitiveBecause.BELOW_MINIMUM_WAGE)
        if pays_same is None:
            missing = True
        elif not pays_same:
            reasons.add(NotCompetitiveBecause.PAYS_LESS_THAN_COWORKERS)
    if open_to_anyone is None:
        missing = True
    elif not open_to_anyone:
        reasons.add(NotCompetitiveBecause.NOT_OPEN_TO_ANYONE)
    if time_limit is None:
        missing = True
    elif time_limit:
        reasons.add(NotCompetitiveBecause.AGENCY_TIME_LIMIT)
    if missing:
        reasons.add(NotCompetitiveBecause.INFORMATION_MISSING)
    ordered = [key for key in NotCompetitiveBecause.values if key in reasons]
    return not ordered, ordered
