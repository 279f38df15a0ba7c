"""The figures behind the dashboards: measures over 8 quarters, the quarters offered, small-cell suppression.

Every figure comes from `reporting.measures` (live, the same rules as the quarterly report). A
dashboard costs a fixed number of queries per quarter shown, whatever the number of people.

A dashboard shows the latest complete quarter unless the user chooses another one
(`QuarterChoice`): any quarter from the first one with figures (the program's start date or its
first enrollment, whichever is earlier) to the one in progress. The 8 quarters of the charts end
at the quarter shown.

Small-cell suppression (the analyst's state dashboard, `STATE_OUTCOMES_VIEW` without being a
state trainer or administrator):
- every count of 1 to 10 is shown as "<11" (`charts.SUPPRESSED`). A count of 0 is shown as 0:
  it names nobody, and it is the usual rule for public health tables (cells of 1–10 hidden);
- a figure derived from a hidden count is hidden too: a rate whose numerator or denominator is
  hidden, the median days when its n is hidden, the means of hours and wages when the number of
  workers is hidden, the savings when the steady workers are hidden, the caseload ratio when the
  end-of-quarter caseload is hidden, the FTE when the number of specialists is hidden;
- "working or in education" is hidden when it differs from "worked" or from "in education" by
  1 to 10 (the difference would be a small count of people);
- in a table of programs with its pooled total, a count hidden in exactly one program is hidden
  in a second program too (the smallest one shown), so no hidden count can be got back by
  subtracting the others from the total; the rates of those programs follow;
- the "average of programs" is the mean of the rates that are shown.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program, ProgramStatus
from core.dates import Quarter, QuarterError, quarters_between

from . import measures
from .charts import SUPPRESSED

QUARTERS_SHOWN = 8
SMALL_CELL_MAX = 10

COUNT_KEYS = [
    "caseload_served",
    "active_at_end",
    "worked_competitive",
    "new_job_starts",
    "people_with_new_job",
    "in_education",
    "worked_or_education",
    "rapid_job_search.cohort",
    "rapid_job_search.met",
    "days_interest_to_first_job.n",
    "employment_specialists",
    "steady_workers",
]
# A derived figure and the counts it is computed from: hidden when any of them is hidden.
DERIVED = {
    "employment_rate": ("worked_competitive", "caseload_served"),
    "rapid_job_search.rate": ("rapid_job_search.met", "rapid_job_search.cohort"),
    "days_interest_to_first_job.median": ("days_interest_to_first_job.n",),
    "average_hours_per_week": ("worked_competitive",),
    "average_hourly_wage": ("worked_competitive",),
    "estimated_treatment_savings": ("steady_workers",),
    "caseload_per_es_fte": ("active_at_end", "employment_specialists"),
    "es_fte": ("employment_specialists",),
}


def latest_complete_quarter(today) -> Quarter:
    return Quarter.containing(today).previous()


def quarters_ending(last: Quarter, n: int = QUARTERS_SHOWN) -> list[Quarter]:
    """The n quarters up to and including `last`, oldest first (fewer if the calendar runs out)."""
    out = [last]
    while len(out) < n and out[-1] > Quarter(1, 1):
        out.append(out[-1].previous())
    return list(reversed(out))


# --- The quarters a dashboard offers ---------------------------------------------------------------


@dataclass(frozen=True)
class QuarterChoice:
    """The quarters a user may look at: from the first with figures to the one in progress."""

    today: datetime.date
    first: Quarter

    @property
    def current(self) -> Quarter:
        """The quarter in progress (its figures are so far)."""
        return Quarter.containing(self.today)

    @property
    def default(self) -> Quarter:
        """What a dashboard shows unless another quarter is chosen: the latest complete one."""
        return latest_complete_quarter(self.today)

    @property
    def earliest(self) -> Quarter:
        return min(self.first, self.default)

    @property
    def quarters(self) -> list[Quarter]:
        """Every quarter offered, newest first."""
        return list(reversed(quarters_between(self.earliest, self.current)))

    def check(self, quarter: Quarter) -> None:
        """A QuarterError with a clear message for a quarter that is not offered."""
        if quarter > self.current:
            raise QuarterError(
                _("%(quarter)s has not begun yet: there are no figures for it. The latest is %(current)s.")
                % {"quarter": quarter, "current": self.current}
            )
        if quarter < self.earliest:
            raise QuarterError(
                _("There are no figures before %(first)s: choose a quarter from %(first)s to %(current)s.")
                % {"first": self.earliest, "current": self.current}
            )


def _first_quarter(programs, today: datetime.date) -> Quarter:
    """The earliest quarter with figures: the programs' first start date or first enrollment (one query)."""
    found = Program.objects.filter(pk__in=programs.values("pk")).aggregate(
        started=Min("start_date"), enrolled=Min("job_seekers__enrollment_date")
    )
    days = [d for d in found.values() if d is not None]
    return Quarter.containing(min([*days, today]))


def program_quarter_choice(program: Program, today: datetime.date) -> QuarterChoice:
    return QuarterChoice(today=today, first=_first_quarter(Program.objects.filter(pk=program.pk), today))


def state_quarter_choice(programs, today: datetime.date) -> QuarterChoice:
    return QuarterChoice(today=today, first=_first_quarter(programs, today))


# --- Series (oldest quarter first) ---------------------------------------------------------------


def program_series(program: Program, quarters: list[Quarter]) -> list[dict]:
    return [measures.report(program, q) for q in quarters]


def specialist_series(program: Program, membership_id: int, quarters: list[Quarter]) -> list[dict]:
    """An employment specialist's caseload figures (the people assigned to them); staff figures are None."""
    return [
        measures.by_specialist(program, q).get(membership_id) or measures.nobody(program, q) for q in quarters
    ]


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average_rate(per_program: list[dict], key: str = "employment_rate") -> Decimal | None:
    """The mean of the programs' rates that are shown (none hidden, none missing), one decimal."""
    rates = [measures.value(f, key) for f in per_program]
    rates = [Decimal(str(r)) for r in rates if r is not None and r is not SUPPRESSED]
    return _one_decimal(sum(rates) / len(rates)) if rates else None


@dataclass
class StateQuarter:
    quarter: Quarter
    pooled: dict
    programs: dict[int, dict]
    average_employment_rate: Decimal | None
    average_rapid_job_search_rate: Decimal | None


def state_programs(user):
    return access.restrict(
        Program.objects.filter(status=ProgramStatus.ACTIVE), user, roles.Action.STATE_OUTCOMES_VIEW
    ).order_by("name")


def state_series(programs, quarters: list[Quarter]) -> list[StateQuarter]:
    """Pooled figures and each program's figures, per quarter (a fixed number of queries per quarter)."""
    out = []
    for q in quarters:
        per_program = measures.for_programs(programs, q)
        out.append(
            StateQuarter(
                quarter=q,
                pooled=measures.pooled(programs, q),
                programs=per_program,
                average_employment_rate=average_rate(list(per_program.values())),
                average_rapid_job_search_rate=average_rate(
                    list(per_program.values()), "rapid_job_search.rate"
                ),
            )
        )
    return out


def report_charts(view) -> list:
    """The charts of a report's PDF: the 8 quarters up to the report's, the last one as exported."""
    from .charts import all_charts
    from .models import Benchmark

    quarters = quarters_ending(view.quarter)
    series = program_series(view.program, quarters[:-1]) + [view.figures]
    return all_charts(series, Benchmark.objects.filter(measure="employment_rate"))


# --- Suppression -----------------------------------------------------------------------------------


def must_suppress(user) -> bool:
    """The analyst sees state figures with small cells hidden; the state trainer and administrator see all."""
    held = access.roles_of(user)
    return roles.ANALYST in held and not held & {roles.TRAINER, roles.ADMIN}


def _is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SMALL_CELL_MAX


def _set(figures: dict, key: str, value) -> None:
    head, _, tail = key.partition(".")
    if tail:
        figures[head] = dict(figures[head]) | {tail: value}
    else:
        figures[head] = value


def _hide_derived(out: dict) -> dict:
    for key, parts in DERIVED.items():
        if any(measures.value(out, p) is SUPPRESSED for p in parts):
            _set(out, key, SUPPRESSED)
    return out


def suppress(figures: dict) -> dict:
    """A copy of the figures with every count of 1–10 and every figure derived from one hidden."""
    out = copy.deepcopy(figures)
    worked, education, both = (
        measures.value(figures, "worked_competitive"),
        measures.value(figures, "in_education"),
        measures.value(figures, "worked_or_education"),
    )
    if all(isinstance(v, int) for v in (worked, education, both)) and (
        _is_small(both - worked) or _is_small(both - education)
    ):
        _set(out, "worked_or_education", SUPPRESSED)
    for key in COUNT_KEYS:
        if _is_small(measures.value(out, key)):
            _set(out, key, SUPPRESSED)
    return _hide_derived(out)


def suppress_table(per_program: dict[int, dict]) -> dict[int, dict]:
    """Each program's figures suppressed, plus a second hidden cell where only one would be hidden."""
    out = {pk: suppress(f) for pk, f in per_program.items()}
    for key in COUNT_KEYS:
        hidden = [pk for pk, f in out.items() if measures.value(f, key) is SUPPRESSED]
        if len(hidden) != 1:
            continue
        shown = [
            (measures.value(f, key), pk)
            for pk, f in out.items()
            if isinstance(measures.value(f, key), int) and measures.value(f, key) > 0
        ]
        if shown:
            _set(out[min(shown)[1]], key, SUPPRESSED)
    return {pk: _hide_derived(f) for pk, f in out.items()}
