"""Every outcome measure of `outcomes.md`, computed in SQL from the records.

One module feeds the report pages, the dashboards, the exports, the API and the command line,
so the numbers can never disagree. One SQL statement builds a row of facts per enrolled person
(from one pass over jobs, education and employer contacts each, never a query per person) and
counts the people meeting each condition, grouped by program, by employment specialist or over
a whole set of programs. The drill-down list behind a figure selects the people of that same
facts table with that same condition, so it can never disagree with the count either.

Dates are compared as whole day numbers (days since 1970-01-01), the one date arithmetic
SQLite and PostgreSQL both do exactly.
"""

# The SQL below is built from integers this module computes (day numbers, program ids) and
# fixed column names, never from user input; values from outside go in as parameters.
# ruff: noqa: S608, S611

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from accounts.models import Program
from accounts.roles import Role
from core.dates import Quarter
from people.models import JobSeeker

EPOCH = datetime.date(1970, 1, 1)
FAR = 2_932_896  # 9999-12-31 as a day number: "no end date"
RAPID_JOB_SEARCH_DAYS = 30
STEADY_WINDOW_DAYS = 365
STEADY_MIN_ENROLLED_DAYS = 90


def day(d: datetime.date) -> int:
    return (d - EPOCH).days


# --- The keys, in the order of the Learning Community form (quarterly-report.md §6) ------------

LABELS: dict[str, str] = {
    "caseload_served": _("People served"),
    "worked_competitive": _("People who worked in a competitive job"),
    "employment_rate": _("Employment rate (%)"),
    "in_education": _("People in education or training"),
    "worked_or_education": _("People working or in education"),
    "new_job_starts": _("New competitive job starts"),
    "people_with_new_job": _("People with a new job start"),
    "employment_specialists": _("Employment specialists"),
    "es_fte": _("Employment specialist FTE"),
    "active_at_end": _("Caseload at the end of the quarter"),
    "caseload_per_es_fte": _("Caseload per full-time employment specialist"),
    "rapid_job_search.cohort": _("People whose 30th day after enrollment fell in the quarter"),
    "rapid_job_search.met": _("… of them with a face-to-face employer contact within 30 days"),
    "rapid_job_search.rate": _("Rapid job search rate (%)"),
    "days_interest_to_first_job.n": _("People whose first job in the program started"),
    "days_interest_to_first_job.median": _("Median days from wanting to work to the first job"),
    "average_hours_per_week": _("Average hours a week in competitive jobs"),
    "average_hourly_wage": _("Average hourly wage in competitive jobs ($)"),
    "steady_workers": _("Steady workers"),
    "estimated_treatment_savings": _("Estimated treatment savings this quarter ($, estimate)"),
}
KEYS: list[str] = list(LABELS)

# Figures that count people: each has a drill-down list. `new_job_starts` counts jobs; its list
# is the people behind them.
DRILLDOWN_KEYS: tuple[str, ...] = (
    "caseload_served",
    "active_at_end",
    "worked_competitive",
    "in_education",
    "worked_or_education",
    "new_job_starts",
    "people_with_new_job",
    "rapid_job_search.cohort",
    "rapid_job_search.met",
    "days_interest_to_first_job.n",
    "steady_workers",
)
STAFF_KEYS = ("employment_specialists", "es_fte", "caseload_per_es_fte")

SAVINGS_SOURCE = _(
    "Estimate: about $16,000 a year lower treatment cost per steady worker, from the 10-year "
    "follow-up study of IPS workers; the program may set its own yearly figure."
)


# --- Rounding (outcomes.md: half away from zero) ------------------------------------------------


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _rate(part: int, whole: int) -> Decimal | None:
    return None if not whole else _round(Decimal(part) * 100 / Decimal(whole), "0.1")


def _mean(total, n: int) -> Decimal | None:
    return None if not n else _round(Decimal(str(total)) / Decimal(n), "0.01")


# --- The SQL -------------------------------------------------------------------------------------
#
# One statement computes every person count and job figure. Per-person facts come from one pass
# over each kind of row (jobs, education, employer contacts) joined to the enrolled people, not
# from a subquery per person; the database then counts the people who meet each condition.
# Day numbers, the interval ends and the quarter's bounds are integers written into the SQL by
# this module (never user input); program ids likewise.


class _Period:
    """A quarter as day numbers, and the windows the measures look back over."""

    def __init__(self, quarter: Quarter):
        self.quarter = quarter
        self.start, self.end = day(quarter.start), day(quarter.end)
        self.steady_start = self.end - STEADY_WINDOW_DAYS + 1
        # Day 30 (enrollment + 30 days) falls in the quarter.
        self.cohort_from, self.cohort_to = (
            self.start - RAPID_JOB_SEARCH_DAYS,
            self.end - RAPID_JOB_SEARCH_DAYS,
        )


class _Dialect:
    """The few spellings SQLite and PostgreSQL disagree on."""

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"

    def day(self, column: str) -> str:
        if self.sqlite:
            return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
        return f"({column} - DATE '1970-01-01')"

    def greatest(self, *terms: str) -> str:
        return f"{'MAX' if self.sqlite else 'GREATEST'}({', '.join(terms)})"

    def least(self, *terms: str) -> str:
        return f"{'MIN' if self.sqlite else 'LEAST'}({', '.join(terms)})"


def _people_sql(d: _Dialect, p: _Period, program_ids: list[int]) -> str:
    """CTEs ending in `facts`: one row per enrolled person with every fact the conditions read."""
    ids = ", ".join(str(int(i)) for i in program_ids) or "NULL"
    return f"""
    per AS (
      SELECT js.id, js.program_id, COALESCE(js.employment_specialist_id, 0) AS specialist_id,
             {d.day("js.interest_date")} AS interest, en, cl,
             {d.greatest(str(p.start), "en")} AS s_start, {d.least(str(p.end), "cl")} AS s_end,
             {d.greatest(str(p.steady_start), "en")} AS w_start
      FROM (SELECT jsx.*, {d.day("jsx.enrollment_date")} AS en,
                   COALESCE({d.day("jsx.closed_date")}, {FAR}) AS cl
            FROM people_jobseeker jsx
            WHERE jsx.program_id IN ({ids}) AND jsx.enrollment_date IS NOT NULL
              AND jsx.archived_at IS NULL) js
    ),
    jobs AS (
      SELECT per.id AS pid, per.program_id, per.specialist_id, j.id AS jid,
             {d.day("j.start_date")} AS st, COALESCE({d.day("j.end_date")}, {FAR}) AS ed,
             j.hours_per_week, j.hourly_wage, per.en, per.cl, per.s_start, per.s_end, per.w_start
      FROM jobs_job j JOIN per ON per.id = j.job_seeker_id
      WHERE j.competitive_integrated AND j.archived_at IS NULL
    ),
    swept AS (
      SELECT jobs.*, MAX(ed) OVER (PARTITION BY pid ORDER BY st, jid
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
      FROM jobs
    ),
    job_facts AS (
      SELECT pid,
        MAX(CASE WHEN st <= s_end AND ed >= s_start THEN 1 ELSE 0 END) AS worked,
        MAX(CASE WHEN st >= s_start AND st <= s_end THEN 1 ELSE 0 END) AS new_job,
        MIN(CASE WHEN st >= en AND st <= cl THEN st END) AS first_job,
        SUM({d.greatest("0", d.least("ed", "s_end") + " - " + d.greatest("st", "w_start", "COALESCE(earlier_end + 1, 0)") + " + 1")})
          AS steady_days
      FROM swept GROUP BY pid
    ),
    education_facts AS (
      SELECT per.id AS pid, 1 AS in_education
      FROM jobs_educationenrollment e JOIN per ON per.id = e.job_seeker_id
      WHERE e.archived_at IS NULL AND {d.day("e.start_date")} <= per.s_end
        AND COALESCE({d.day("e.end_date")}, {FAR}) >= per.s_start
      GROUP BY per.id
    ),
    contact_facts AS (
      SELECT per.id AS pid, 1 AS met
      FROM employers_employercontactjobseeker cj
        JOIN employers_employercontact c ON c.id = cj.contact_id
        JOIN per ON per.id = cj.job_seeker_id
      WHERE c.face_to_face AND c.archived_at IS NULL AND c.purpose <> 'support_on_job'
        AND per.en BETWEEN {p.cohort_from} AND {p.cohort_to}
        AND {d.day("c.date")} BETWEEN per.en AND per.en + {RAPID_JOB_SEARCH_DAYS}
      GROUP BY per.id
    ),
    facts AS (
      SELECT per.id, per.program_id, per.specialist_id, per.interest, per.en, per.cl,
        CASE WHEN per.s_start <= per.s_end THEN 1 ELSE 0 END AS served,
        COALESCE(jf.worked, 0) AS worked, COALESCE(jf.new_job, 0) AS new_job, jf.first_job,
        COALESCE(jf.steady_days, 0) AS steady_days, COALESCE(ef.in_education, 0) AS in_education,
        COALESCE(cf.met, 0) AS met, {d.greatest("per.s_end - per.w_start + 1", "0")} AS w_days
      FROM per
        LEFT JOIN job_facts jf ON jf.pid = per.id
        LEFT JOIN education_facts ef ON ef.pid = per.id
        LEFT JOIN contact_facts cf ON cf.pid = per.id
    )"""


def _conditions(p: _Period) -> dict[str, str]:
    """Who each person count counts: a condition on a row of `facts`."""
    served = "served = 1"
    cohort = f"en BETWEEN {p.cohort_from} AND {p.cohort_to}"
    new_job = f"{served} AND new_job = 1"
    return {
        "caseload_served": served,
        "active_at_end": f"en <= {p.end} AND cl > {p.end}",
        "worked_competitive": f"{served} AND worked = 1",
        "in_education": f"{served} AND in_education = 1",
        "worked_or_education": f"{served} AND (worked = 1 OR in_education = 1)",
        "new_job_starts": new_job,
        "people_with_new_job": new_job,
        "rapid_job_search.cohort": cohort,
        "rapid_job_search.met": f"{cohort} AND met = 1",
        "days_interest_to_first_job.n": f"first_job BETWEEN {p.start} AND {p.end}",
        # At least half of the days enrolled in the 365 ending on the quarter's last day, and
        # enrolled at least 90 of them.
        "steady_workers": f"{served} AND w_days >= {STEADY_MIN_ENROLLED_DAYS} AND 2 * steady_days >= w_days",
    }


_GROUP_COLUMN = {"program": "program_id", "specialist": "specialist_id", None: "0"}


def _figures_sql(d: _Dialect, p: _Period, program_ids: list[int], group: str | None) -> str:
    g = _GROUP_COLUMN[group]
    counts = ",\n".join(
        f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {_column(key)}"
        for key, cond in _conditions(p).items()
        if key != "new_job_starts"
    )
    held = "s_start <= s_end AND st <= s_end AND ed >= s_start"  # a day of the job in the service interval
    return f"""
    WITH {_people_sql(d, p, program_ids)},
    person_figures AS (
      SELECT {g} AS g, {counts},
        SUM(CASE WHEN {_conditions(p)["steady_workers"]} THEN pr.treatment_savings_per_year ELSE 0 END)
          AS savings_per_year
      FROM facts JOIN accounts_program pr ON pr.id = facts.program_id
      {_group_by(group)}
    ),
    job_figures AS (
      SELECT {g} AS g,
        SUM(CASE WHEN {held} AND st >= s_start THEN 1 ELSE 0 END) AS new_job_starts,
        SUM(CASE WHEN {held} THEN hours_per_week END) AS hours_total,
        COUNT(CASE WHEN {held} THEN hours_per_week END) AS hours_n,
        SUM(CASE WHEN {held} THEN hourly_wage END) AS wage_total,
        COUNT(CASE WHEN {held} THEN hourly_wage END) AS wage_n
      FROM jobs {_group_by(group)}
    )
    SELECT person_figures.*, job_figures.new_job_starts, job_figures.hours_total, job_figures.hours_n,
           job_figures.wage_total, job_figures.wage_n
    FROM person_figures LEFT JOIN job_figures ON job_figures.g = person_figures.g"""


def _medians_sql(d: _Dialect, p: _Period, program_ids: list[int], group: str | None) -> str:
    """The one or two middle rows of days-to-first-job, per group and over all (`pooled` = 1)."""
    g = _GROUP_COLUMN[group]
    return f"""
    WITH {_people_sql(d, p, program_ids)},
    firsts AS (
      SELECT {g} AS g, id, first_job - interest AS days FROM facts
      WHERE first_job BETWEEN {p.start} AND {p.end}
    ),
    ranked AS (
      SELECT g, days,
        ROW_NUMBER() OVER (PARTITION BY g ORDER BY days, id) AS rank_in_group,
        COUNT(*) OVER (PARTITION BY g) AS n_in_group
      FROM firsts
    )
    SELECT g, days FROM ranked
    WHERE rank_in_group = (n_in_group + 1) / 2 OR rank_in_group = (n_in_group + 2) / 2"""


def _staff_figures(p: _Period, program_ids: list[int], group: str | None) -> dict:
    """Employment specialists in post at any time in the quarter, their FTE, and the FTE on its last day."""
    ids = ", ".join(str(int(i)) for i in program_ids) or "NULL"
    g = _GROUP_COLUMN[group]
    rows = _fetch(
        f"""
        SELECT {g} AS g, COUNT(DISTINCT user_id) AS specialists, SUM(fte) AS fte_total,
               SUM(CASE WHEN end_date IS NULL OR end_date >= %s THEN fte ELSE 0 END) AS fte_at_end
        FROM accounts_membership
        WHERE program_id IN ({ids}) AND role = %s AND start_date <= %s
          AND (end_date IS NULL OR end_date >= %s)
        {_group_by(group)}""",
        [p.quarter.end, Role.EMPLOYMENT_SPECIALIST.value, p.quarter.end, p.quarter.start],
    )
    return {row.pop("g"): row for row in rows}


def _group_by(group: str | None) -> str:
    return f"GROUP BY {_GROUP_COLUMN[group]}" if group else ""  # all programs together: one row


def _column(key: str) -> str:
    return "n_" + key.replace(".", "_")


def _fetch(sql: str, params=()) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _assemble(people: dict, staff: dict | None, median) -> dict:
    def n(key):
        return int(people.get(_column(key)) or 0)

    def money(total):
        return Decimal(str(total or 0)).quantize(Decimal("0.01"))  # SQLite sums decimals as floats

    served, worked = n("caseload_served"), n("worked_competitive")
    cohort, met = n("rapid_job_search.cohort"), n("rapid_job_search.met")
    figures = {
        "caseload_served": served,
        "active_at_end": n("active_at_end"),
        "worked_competitive": worked,
        "employment_rate": _rate(worked, served),
        "new_job_starts": int(people.get("new_job_starts") or 0),
        "people_with_new_job": n("people_with_new_job"),
        "in_education": n("in_education"),
        "worked_or_education": n("worked_or_education"),
        "rapid_job_search": {"cohort": cohort, "met": met, "rate": _rate(met, cohort)},
        "days_interest_to_first_job": {"n": n("days_interest_to_first_job.n"), "median": median},
        "average_hours_per_week": _mean(money(people.get("hours_total")), int(people.get("hours_n") or 0)),
        "average_hourly_wage": _mean(money(people.get("wage_total")), int(people.get("wage_n") or 0)),
        "employment_specialists": None,
        "es_fte": None,
        "caseload_per_es_fte": None,
        "steady_workers": n("steady_workers"),
        "estimated_treatment_savings": _round(money(people.get("savings_per_year")) / 4, "0.01"),
    }
    if staff is not None:
        fte, fte_at_end = money(staff.get("fte_total")), money(staff.get("fte_at_end"))
        figures["employment_specialists"] = int(staff.get("specialists") or 0)
        figures["es_fte"] = fte
        figures["caseload_per_es_fte"] = (
            None if not fte_at_end else _round(Decimal(figures["active_at_end"]) / fte_at_end, "0.1")
        )
    return figures


def _medians(d: _Dialect, p: _Period, program_ids: list[int], group: str | None) -> dict:
    middle: dict = {}
    for row in _fetch(_medians_sql(d, p, program_ids, group)):
        middle.setdefault(row["g"], []).append(row["days"])
    return {g: _round(Decimal(sum(days)) / len(days), "0.1") for g, days in middle.items()}


def _compute(program_ids: list[int], quarter: Quarter, group: str | None) -> dict:
    """{group: figures}; the group is a program id, a specialist's membership id (0: none) or 0 for all."""
    d, p = _Dialect(), _Period(quarter)
    people = {row.pop("g"): row for row in _fetch(_figures_sql(d, p, program_ids, group))}
    staff = _staff_figures(p, program_ids, group) if group != "specialist" else None
    medians = _medians(d, p, program_ids, group)
    groups = set(people) | set(staff or {}) | ({0} if group is None else set())
    return {
        g: _assemble(people.get(g, {}), None if staff is None else staff.get(g, {}), medians.get(g))
        for g in groups
    }


def _header(program: Program | None, quarter: Quarter) -> dict:
    return {
        "program": program.slug if program else None,
        "quarter": str(quarter),
        "period_start": quarter.start,
        "period_end": quarter.end,
    }


def _quarter(quarter: Quarter | str) -> Quarter:
    return quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)


def _program_ids(programs) -> list[int]:
    if isinstance(programs, Program):
        return [programs.pk]
    return sorted(programs.values_list("pk", flat=True))


# --- The public interface ------------------------------------------------------------------------


def for_programs(programs: QuerySet, quarter: Quarter | str) -> dict[int, dict]:
    """Each program's report for the quarter: {program id: figures}, in a fixed number of queries."""
    quarter = _quarter(quarter)
    listed = list(programs.order_by("pk")) if not isinstance(programs, Program) else [programs]
    computed = _compute([pr.pk for pr in listed], quarter, "program")
    empty = _assemble({}, {}, None)
    return {pr.pk: _header(pr, quarter) | computed.get(pr.pk, empty) for pr in listed}


def report(program: Program, quarter: Quarter | str) -> dict:
    """One program's quarterly report, in the shape `quarterly_report --format json` prints."""
    return for_programs(program, quarter)[program.pk]


def pooled(programs: QuerySet, quarter: Quarter | str) -> dict:
    """The figures of all people of these programs together (the state's "all people pooled")."""
    quarter = _quarter(quarter)
    return _header(None, quarter) | _compute(_program_ids(programs), quarter, None)[0]


def by_specialist(program: Program, quarter: Quarter | str) -> dict[int | None, dict]:
    """Person figures per employment specialist, keyed by the ES membership each person is assigned to
    (`JobSeeker.employment_specialist_id`; None: nobody assigned); staff figures are None there."""
    quarter = _quarter(quarter)
    computed = _compute([program.pk], quarter, "specialist")
    return {(g or None): _header(program, quarter) | figures for g, figures in computed.items()}


def people_behind(program: Program, quarter: Quarter | str, key: str) -> QuerySet:
    """The people a figure counts: the same condition as the count, as a list."""
    if key not in DRILLDOWN_KEYS:
        raise ValueError(f"{key!r} is not a figure with a list of people behind it.")
    d, p = _Dialect(), _Period(_quarter(quarter))
    ids = f"WITH {_people_sql(d, p, [program.pk])} SELECT id FROM facts WHERE {_conditions(p)[key]}"
    return JobSeeker.objects.filter(pk__in=RawSQL(ids, [])).order_by("last_name", "first_name", "pk")


def value(figures: dict, key: str):
    """A figure by its flat key ("rapid_job_search.rate")."""
    head, _, tail = key.partition(".")
    found = figures.get(head)
    return found.get(tail) if tail and isinstance(found, dict) else found


def rows(figures: dict) -> list[tuple[str, str, object]]:
    """(key, label, value) in the form's order."""
    return [(key, LABELS[key], value(figures, key)) for key in KEYS]


def as_json(figures: dict) -> dict:
    """The figures with Decimals as numbers and dates as ISO text, for JSON, the API and snapshots."""

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, Decimal):
            return float(v)
        if isinstance(v, datetime.date):
            return v.isoformat()
        return v

    return plain(figures)
