"""Every outcome measure of `outcomes.md`, computed in SQL from the records.

One module feeds the report pages, the dashboards, the exports, the API and the command line,
so the numbers can never disagree. One SQL statement builds a row of facts per person who can
count in the quarter (from one pass over the jobs of the people served, and an indexed look-up
of an education enrollment or an employer contact where one counts, never a query per person),
counts the people meeting each condition, grouped by program (with the row of
all programs together), by employment specialist or over a whole set of programs, and adds the
median and the staff figures. The drill-down list behind a figure selects the people of that same
facts table with that same condition, so it can never disagree with the count either.

Dates are compared as dates (SQLite keeps them as ISO text, which sorts in date order); only
the few sums of days (steady work, days to the first job) count days between two dates, and only
for the rows they concern: on SQLite each of those is a function call per row.
"""

# The SQL below is built from dates and integers this module computes (quarter bounds, program
# ids) and fixed column names, never from user input; values from outside go in as parameters.
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

FAR_DATE = datetime.date(9999, 12, 31)  # "no end date"
RAPID_JOB_SEARCH_DAYS = 30
STEADY_WINDOW_DAYS = 365
STEADY_MIN_ENROLLED_DAYS = 90


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


# The places each figure that is not a count is rounded to (outcomes.md), when it is computed and
# when a locked copy is read back (from_json); counts are whole numbers.
PLACES: dict[str, str] = {
    "employment_rate": "0.1",
    "rapid_job_search.rate": "0.1",
    "days_interest_to_first_job.median": "0.1",
    "caseload_per_es_fte": "0.1",
    "average_hours_per_week": "0.01",
    "average_hourly_wage": "0.01",
    "es_fte": "0.01",
    "estimated_treatment_savings": "0.01",
}


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _rate(part: int, whole: int, key: str) -> Decimal | None:
    return None if not whole else _round(Decimal(part) * 100 / Decimal(whole), PLACES[key])


def _mean(total, n: int, key: str) -> Decimal | None:
    return None if not n else _round(Decimal(str(total)) / Decimal(n), PLACES[key])


# --- The SQL -------------------------------------------------------------------------------------
#
# One statement computes every person count and job figure. Per-person facts come from one pass
# over the jobs joined to the enrolled people, and an EXISTS for an education enrollment or an
# employer contact (which both databases answer from an index on the person); the database then
# counts the people who meet each condition.
# The quarter's bounds are dates written into the SQL by this module (never user input); program
# ids likewise.


class _Period:
    """A quarter's bounds and the windows the measures look back over, as dates."""

    def __init__(self, quarter: Quarter):
        self.quarter = quarter
        self.start, self.end = quarter.start, quarter.end
        # The 365 days ending on the quarter's last day (steady workers).
        self.steady_start = quarter.end - datetime.timedelta(days=STEADY_WINDOW_DAYS - 1)
        # Day 30 (enrollment + 30 days) falls in the quarter.
        self.cohort_from = quarter.start - datetime.timedelta(days=RAPID_JOB_SEARCH_DAYS)
        self.cohort_to = quarter.end - datetime.timedelta(days=RAPID_JOB_SEARCH_DAYS)
        # Nobody enrolled after the quarter or closed before both the quarter and the 30-day
        # cohort's first enrollment day counts in any figure: the facts skip them.
        self.first_day = self.cohort_from


class _Dialect:
    """The few spellings SQLite and PostgreSQL disagree on. Dates stay dates: SQLite keeps them as
    ISO text, which compares in date order, so only the few sums of days do date arithmetic."""

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"

    def date(self, value: datetime.date) -> str:
        """A date this module computed, as a literal the columns compare with directly."""
        return f"'{value.isoformat()}'" if self.sqlite else f"DATE '{value.isoformat()}'"

    def days(self, later: str, earlier: str) -> str:
        """Whole days from one date to another."""
        if self.sqlite:
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"({later} - {earlier})"

    def new_days(self, end: str, until: str, start: str, since: str, earlier_end: str) -> str:
        """Days of a job from `start` to `end`, counted from `since` to `until` and not already
        counted for an earlier job (which ran until `earlier_end`, NULL when there is none)."""
        if self.sqlite:
            return (
                f"MAX(0, CAST(julianday(MIN({end}, {until})) - MAX(julianday(MAX({start}, {since})) - 1, "
                f"COALESCE(julianday({earlier_end}), 0)) AS INTEGER))"
            )
        return (
            f"GREATEST(0, LEAST({end}, {until}) - GREATEST(GREATEST({start}, {since}) - 1, "
            f"COALESCE({earlier_end}, DATE '0001-01-01')))"
        )

    def plus_days(self, column: str, n: int) -> str:
        return f"date({column}, '+{int(n)} days')" if self.sqlite else f"({column} + {int(n)})"

    def greatest(self, *terms: str) -> str:
        return f"{'MAX' if self.sqlite else 'GREATEST'}({', '.join(terms)})"

    def least(self, *terms: str) -> str:
        return f"{'MIN' if self.sqlite else 'LEAST'}({', '.join(terms)})"


def _people_sql(d: _Dialect, p: _Period, program_ids: list[int], group: str | None = None) -> str:
    """CTEs ending in `facts`: one row per enrolled person with every fact the conditions read.

    Every row carries `g`, the group it counts in: its program, nothing (0), or for "specialist"
    the employment specialist whose caseload the person was on in the quarter: the latest caseload
    assignment begun by their last day in it (the quarter's last day, or the closure if earlier), so
    a person transferred since still counts for the specialist who worked with them then. Records
    with no assignment history (imported ones) fall back to today's specialist.

    `en` and `cl` are the enrollment and closure dates (no closure: the far future). Only the jobs of
    people served in the quarter that started by the end of their service in it are read: a job
    started after that counts in no figure of the quarter.
    """
    ids = ", ".join(str(int(i)) for i in program_ids) or "NULL"
    qs, qe, far = d.date(p.start), d.date(p.end), d.date(FAR_DATE)
    g = {"program": "js.program_id", None: "0"}.get(group)
    if group == "specialist":
        last_day = d.least(qe, f"COALESCE(js.closed_date, {qe})")
        g = f"""COALESCE((SELECT ca.employment_specialist_id FROM people_caseloadassignment ca
                   WHERE ca.job_seeker_id = js.id AND ca.from_date <= {last_day}
                   ORDER BY ca.from_date DESC, ca.id DESC LIMIT 1), js.employment_specialist_id, 0)"""
    s_start, s_end = d.greatest(qs, "en"), d.least(qe, "cl")  # the service interval in the quarter
    w_start = d.greatest(d.date(p.steady_start), "en")  # the enrolled part of the steady window
    return f"""
    per AS (
      SELECT js.id, js.program_id, {g} AS g, js.interest_date AS interest, js.enrollment_date AS en,
             COALESCE(js.closed_date, {far}) AS cl
      FROM people_jobseeker js
      WHERE js.program_id IN ({ids}) AND js.enrollment_date <= {qe}
        AND (js.closed_date IS NULL OR js.closed_date >= {d.date(p.first_day)}) AND js.archived_at IS NULL
    ),
    jobs AS (
      SELECT per.id AS pid, per.g, per.program_id, per.interest, per.en, per.cl,
             j.id AS jid, j.start_date AS st, COALESCE(j.end_date, {far}) AS ed,
             j.hours_per_week, j.hourly_wage, {s_start} AS s_start, {s_end} AS s_end, {w_start} AS w_start
      FROM per JOIN jobs_job j ON j.job_seeker_id = per.id
      WHERE per.cl >= {qs} AND j.competitive_integrated AND j.archived_at IS NULL
        AND j.start_date <= {qe} AND j.start_date <= per.cl
    ),
    swept AS (
      SELECT pid, g, program_id, interest, en, cl, st, hours_per_week, hourly_wage,
        CASE WHEN ed >= s_start THEN 1 ELSE 0 END AS held,
        CASE WHEN st >= s_start THEN 1 ELSE 0 END AS started,
        {d.days("s_end", "w_start")} + 1 AS w_days,
        CASE WHEN ed < {d.date(p.steady_start)} THEN 0 ELSE {d.new_days("ed", "s_end", "st", "w_start", "MAX(ed) OVER earlier")} END AS steady
      FROM jobs
      WINDOW earlier AS (PARTITION BY pid ORDER BY st, jid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ),
    job_facts AS (
      SELECT pid, MAX(g) AS g, MAX(program_id) AS program_id, MAX(interest) AS interest,
        MAX(en) AS en, MAX(cl) AS cl, MAX(held) AS worked, MAX(started) AS new_job,
        MIN(CASE WHEN st >= en THEN st END) AS first_job, MAX(w_days) AS w_days, SUM(steady) AS steady_days
      FROM swept GROUP BY pid
    ),
    job_sums AS (
      SELECT g, SUM(started) AS new_job_starts,
        SUM(CASE WHEN held = 1 THEN hours_per_week END) AS hours_total,
        COUNT(CASE WHEN held = 1 THEN hours_per_week END) AS hours_n,
        SUM(CASE WHEN held = 1 THEN hourly_wage END) AS wage_total,
        COUNT(CASE WHEN held = 1 THEN hourly_wage END) AS wage_n
      FROM swept GROUP BY g
    ),
    education_facts AS (
      SELECT per.id AS pid, per.g, 1 AS in_education FROM per
      WHERE per.cl >= {qs} AND EXISTS (
        SELECT 1 FROM jobs_educationenrollment e
        WHERE e.job_seeker_id = per.id AND e.archived_at IS NULL
          AND e.start_date <= {s_end} AND (e.end_date IS NULL OR e.end_date >= {s_start}))
    ),
    contact_facts AS (
      SELECT per.id AS pid, per.g, 1 AS met FROM per
      WHERE per.en BETWEEN {d.date(p.cohort_from)} AND {d.date(p.cohort_to)} AND EXISTS (
        SELECT 1 FROM employers_employercontactjobseeker cj
          JOIN employers_employercontact c ON c.id = cj.contact_id
        WHERE cj.job_seeker_id = per.id AND c.face_to_face AND c.archived_at IS NULL
          AND c.purpose <> 'support_on_job'
          AND c.date BETWEEN per.en AND {d.plus_days("per.en", RAPID_JOB_SEARCH_DAYS)})
    ),
    facts AS (
      SELECT per.id, per.program_id, per.g, per.interest, per.en, per.cl,
        COALESCE(jf.worked, 0) AS worked, COALESCE(jf.new_job, 0) AS new_job, jf.first_job,
        COALESCE(jf.steady_days, 0) AS steady_days, COALESCE(jf.w_days, 0) AS w_days,
        COALESCE(ef.in_education, 0) AS in_education, COALESCE(cf.met, 0) AS met
      FROM per
        LEFT JOIN job_facts jf ON jf.pid = per.id
        LEFT JOIN education_facts ef ON ef.pid = per.id
        LEFT JOIN contact_facts cf ON cf.pid = per.id
    )"""


def _conditions(d: _Dialect, p: _Period) -> dict[str, str]:
    """Who each person count counts: a condition on a row of `facts`."""
    served = f"cl >= {d.date(p.start)}"
    cohort = f"en BETWEEN {d.date(p.cohort_from)} AND {d.date(p.cohort_to)}"
    new_job = f"{served} AND new_job = 1"
    return {
        "caseload_served": served,
        "active_at_end": f"cl > {d.date(p.end)}",
        "worked_competitive": f"{served} AND worked = 1",
        "in_education": f"{served} AND in_education = 1",
        "worked_or_education": f"{served} AND (worked = 1 OR in_education = 1)",
        "new_job_starts": new_job,
        "people_with_new_job": new_job,
        "rapid_job_search.cohort": cohort,
        "rapid_job_search.met": f"{cohort} AND met = 1",
        "days_interest_to_first_job.n": f"first_job BETWEEN {d.date(p.start)} AND {d.date(p.end)}",
        # At least half of the days enrolled in the 365 ending on the quarter's last day, and
        # enrolled at least 90 of them.
        "steady_workers": f"{served} AND w_days >= {STEADY_MIN_ENROLLED_DAYS} AND 2 * steady_days >= w_days",
    }


TOTAL = -1  # the row of all groups together, next to the rows per program


def _column(key: str) -> str:
    return "n_" + key.replace(".", "_")


# Where each count is counted: the few that concern everyone over the people (`per`), the rest
# over the much smaller sets of people with a job, an education enrollment or an employer contact.
_PER_PERSON = ("caseload_served", "active_at_end", "rapid_job_search.cohort")
_PER_WORKER = ("worked_competitive", "people_with_new_job", "days_interest_to_first_job.n", "steady_workers")
_JOB_SUMS = (
    "new_job_starts",
    "hours_total",
    "hours_n",
    "wage_total",
    "wage_n",
)  # from the job rows (job_sums)
COLUMNS = [
    _column(key)
    for key in (
        *_PER_PERSON,
        *_PER_WORKER,
        "in_education",
        "worked_or_education",
        "rapid_job_search.met",
    )
] + [*_JOB_SUMS, "savings_per_year"]


def _statement(d: _Dialect, p: _Period, program_ids: list[int], group: str | None) -> tuple[str, list]:
    """One statement for every figure of every group: the person counts, the job figures, the
    middle rows of days-to-first-job and the staff. Grouped by program, it also returns the row of
    all the programs together (g = TOTAL), read from the same facts: person and job figures are
    sums over programs (a person belongs to one program), the median and the specialists (who may
    work for two programs) are computed over everyone.

    The conditions are those of `_conditions`, the ones the drill-down lists select with: the
    people counts read `per`, the workers' counts `job_facts` (a person without a job worked no
    day, started nothing and is no steady worker), the others their own facts."""
    conditions = _conditions(d, p)

    def counts(keys):
        return ", ".join(f"COUNT(*) FILTER (WHERE {conditions[key]}) AS {_column(key)}" for key in keys)

    with_total = group == "program"
    ranks = (
        "ROW_NUMBER() OVER (ORDER BY days, pid) AS r_all, COUNT(*) OVER () AS n_all"
        if with_total
        else "0 AS r_all, 0 AS n_all"
    )
    total_rows = (
        f"""UNION ALL SELECT {TOTAL}, {", ".join(f"SUM({c})" for c in COLUMNS)} FROM grouped"""
        if with_total
        else ""
    )
    total_middle = (
        f"""UNION ALL SELECT {TOTAL}, SUM(days), COUNT(*) FROM firsts
        WHERE r_all = (n_all + 1) / 2 OR r_all = (n_all + 2) / 2"""
        if with_total
        else ""
    )
    ids = ", ".join(str(int(i)) for i in program_ids) or "NULL"
    in_post = f"""FROM accounts_membership
        WHERE program_id IN ({ids}) AND role = %s AND start_date <= {d.date(p.quarter.end)}
          AND (end_date IS NULL OR end_date >= {d.date(p.quarter.start)})"""
    staff_columns = f"""COUNT(DISTINCT user_id) AS specialists, SUM(fte) AS fte_total,
        SUM(CASE WHEN end_date IS NULL OR end_date >= {d.date(p.quarter.end)} THEN fte ELSE 0 END) AS fte_at_end"""
    if group == "specialist":  # staff figures belong to programs, not to one specialist's people
        staff = "staff AS (SELECT 0 AS g, 0 AS specialists, 0 AS fte_total, 0 AS fte_at_end WHERE 1 = 0)"
        params: list = []
    else:
        g = "program_id" if group == "program" else "0"
        staff = f"""staff AS (
      SELECT {g} AS g, {staff_columns} {in_post} {"GROUP BY program_id" if group else ""}
      {f"UNION ALL SELECT {TOTAL}, {staff_columns} {in_post}" if with_total else ""}
    )"""
        params = [Role.EMPLOYMENT_SPECIALIST.value] * (2 if with_total else 1)
    held_people = ", ".join(f"COALESCE(w.{_column(k)}, 0) AS {_column(k)}" for k in _PER_WORKER)
    sums = ", ".join(f"s.{c} AS {c}" for c in _JOB_SUMS)
    sql = f"""
    WITH {_people_sql(d, p, program_ids, group)},
    people_g AS (
      SELECT g, {counts(_PER_PERSON)} FROM per GROUP BY g
    ),
    workers_g AS (
      SELECT jf.g, {counts(_PER_WORKER)},
        SUM(pr.treatment_savings_per_year) FILTER (WHERE {conditions["steady_workers"]}) AS savings_per_year
      FROM job_facts jf JOIN accounts_program pr ON pr.id = jf.program_id
      GROUP BY jf.g
    ),
    education_g AS (
      SELECT ef.g, COUNT(*) AS n_in_education,
        COUNT(*) FILTER (WHERE jf.pid IS NULL OR NOT ({conditions["worked_competitive"]})) AS not_working
      FROM education_facts ef LEFT JOIN job_facts jf ON jf.pid = ef.pid
      GROUP BY ef.g
    ),
    met_g AS (SELECT g, COUNT(*) AS n_met FROM contact_facts GROUP BY g),
    grouped AS (
      SELECT pg.g, {", ".join(f"pg.{_column(k)}" for k in _PER_PERSON)}, {held_people},
        COALESCE(e.n_in_education, 0) AS n_in_education,
        COALESCE(w.{_column("worked_competitive")}, 0) + COALESCE(e.not_working, 0) AS n_worked_or_education,
        COALESCE(m.n_met, 0) AS n_rapid_job_search_met, {sums}, w.savings_per_year
      FROM people_g pg
        LEFT JOIN workers_g w ON w.g = pg.g
        LEFT JOIN job_sums s ON s.g = pg.g
        LEFT JOIN education_g e ON e.g = pg.g
        LEFT JOIN met_g m ON m.g = pg.g
    ),
    firsts AS (
      SELECT g, pid, days,
        ROW_NUMBER() OVER (PARTITION BY g ORDER BY days, pid) AS r, COUNT(*) OVER (PARTITION BY g) AS n,
        {ranks}
      FROM (SELECT g, pid, {d.days("first_job", "interest")} AS days FROM job_facts
            WHERE {conditions["days_interest_to_first_job.n"]}) f
    ),
    middles AS (
      SELECT g, SUM(days) AS median_sum, COUNT(*) AS median_n FROM firsts
      WHERE r = (n + 1) / 2 OR r = (n + 2) / 2 GROUP BY g
      {total_middle}
    ),
    {staff},
    everything AS (SELECT * FROM grouped {total_rows})
    SELECT everything.*, middles.median_sum, middles.median_n,
           staff.specialists, staff.fte_total, staff.fte_at_end
    FROM everything
      LEFT JOIN middles ON middles.g = everything.g
      LEFT JOIN staff ON staff.g = everything.g
    UNION ALL
    SELECT staff.g, {", ".join("NULL" for _ in COLUMNS)}, NULL, NULL, staff.specialists, staff.fte_total,
           staff.fte_at_end
    FROM staff WHERE staff.g IS NOT NULL AND staff.g NOT IN (SELECT g FROM everything)"""
    return sql, params


def _fetch(sql: str, params=()) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _assemble(row: dict, with_staff: bool) -> dict:
    def n(key):
        return int(row.get(_column(key)) or 0)

    def money(total):
        return Decimal(str(total or 0)).quantize(Decimal("0.01"))  # SQLite sums decimals as floats

    served, worked = n("caseload_served"), n("worked_competitive")
    cohort, met = n("rapid_job_search.cohort"), n("rapid_job_search.met")
    middle_n = int(row.get("median_n") or 0)
    figures = {
        "caseload_served": served,
        "active_at_end": n("active_at_end"),
        "worked_competitive": worked,
        "employment_rate": _rate(worked, served, "employment_rate"),
        "new_job_starts": int(row.get("new_job_starts") or 0),
        "people_with_new_job": n("people_with_new_job"),
        "in_education": n("in_education"),
        "worked_or_education": n("worked_or_education"),
        "rapid_job_search": {
            "cohort": cohort,
            "met": met,
            "rate": _rate(met, cohort, "rapid_job_search.rate"),
        },
        "days_interest_to_first_job": {
            "n": n("days_interest_to_first_job.n"),
            # The middle value, or the mean of the two middle values.
            "median": _round(
                Decimal(int(row["median_sum"])) / middle_n, PLACES["days_interest_to_first_job.median"]
            )
            if middle_n
            else None,
        },
        "average_hours_per_week": _mean(
            money(row.get("hours_total")), int(row.get("hours_n") or 0), "average_hours_per_week"
        ),
        "average_hourly_wage": _mean(
            money(row.get("wage_total")), int(row.get("wage_n") or 0), "average_hourly_wage"
        ),
        "employment_specialists": None,
        "es_fte": None,
        "caseload_per_es_fte": None,
        "steady_workers": n("steady_workers"),
        "estimated_treatment_savings": _round(
            money(row.get("savings_per_year")) / 4, PLACES["estimated_treatment_savings"]
        ),
    }
    if with_staff:
        fte, fte_at_end = money(row.get("fte_total")), money(row.get("fte_at_end"))
        figures["employment_specialists"] = int(row.get("specialists") or 0)
        figures["es_fte"] = _round(fte, PLACES["es_fte"])
        figures["caseload_per_es_fte"] = (
            None
            if not fte_at_end
            else _round(Decimal(figures["active_at_end"]) / fte_at_end, PLACES["caseload_per_es_fte"])
        )
    return figures


def _compute(program_ids: list[int], quarter: Quarter, group: str | None) -> dict:
    """{group: figures} from one statement; the group is a program id (and TOTAL for all of them),
    a specialist's membership id (0: none) or 0 for all."""
    sql, params = _statement(_Dialect(), _Period(quarter), program_ids, group)
    with_staff = group != "specialist"
    computed = {row["g"]: _assemble(row, with_staff) for row in _fetch(sql, params)}
    if group is None and 0 not in computed:
        computed[0] = _assemble({}, with_staff)
    return computed


def _header(slug: str | None, quarter: Quarter) -> dict:
    return {
        "program": slug,
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


def statewide(programs: QuerySet, quarter: Quarter | str) -> tuple[dict[int, dict], dict]:
    """Each program's report and the figures of all their people pooled, from one statement:
    ({program id: figures}, pooled figures)."""
    quarter = _quarter(quarter)
    if isinstance(programs, Program):
        listed = [(programs.pk, programs.slug)]
    else:
        listed = list(programs.order_by("pk").values_list("pk", "slug"))
    computed = _compute([pk for pk, _slug in listed], quarter, "program")
    empty = _assemble({}, with_staff=True)
    per_program = {pk: _header(slug, quarter) | computed.get(pk, empty) for pk, slug in listed}
    return per_program, _header(None, quarter) | computed.get(TOTAL, empty)


def for_programs(programs: QuerySet, quarter: Quarter | str) -> dict[int, dict]:
    """Each program's report for the quarter: {program id: figures}, in a fixed number of queries."""
    return statewide(programs, quarter)[0]


def report(program: Program, quarter: Quarter | str) -> dict:
    """One program's quarterly report, in the shape `quarterly_report --format json` prints."""
    return for_programs(program, quarter)[program.pk]


def pooled(programs: QuerySet, quarter: Quarter | str) -> dict:
    """The figures of all people of these programs together (the state's "all people pooled")."""
    quarter = _quarter(quarter)
    return _header(None, quarter) | _compute(_program_ids(programs), quarter, None)[0]


def by_specialist(program: Program, quarter: Quarter | str) -> dict[int | None, dict]:
    """Person figures per employment specialist, keyed by the ES membership whose caseload each person
    was on in the quarter (their caseload assignments; None: nobody); staff figures are None there. A
    specialist none of whose people count in the quarter (all enrolled later or gone before it) has
    no entry."""
    quarter = _quarter(quarter)
    computed = _compute([program.pk], quarter, "specialist")
    return {(g or None): _header(program.slug, quarter) | figures for g, figures in computed.items()}


def nobody(program: Program, quarter: Quarter | str) -> dict:
    """The person figures of a group with nobody in it (every count 0, rates and means None), in the
    shape `by_specialist` gives for each specialist."""
    quarter = _quarter(quarter)
    return _header(program.slug, quarter) | _assemble({}, with_staff=False)


def people_behind(program: Program, quarter: Quarter | str, key: str) -> QuerySet:
    """The people a figure counts: the same condition as the count, as a list."""
    if key not in DRILLDOWN_KEYS:
        raise ValueError(f"{key!r} is not a figure with a list of people behind it.")
    d, p = _Dialect(), _Period(_quarter(quarter))
    ids = f"WITH {_people_sql(d, p, [program.pk])} SELECT id FROM facts WHERE {_conditions(d, p)[key]}"
    return JobSeeker.objects.filter(pk__in=RawSQL(ids, [])).order_by("last_name", "first_name", "pk")


def value(figures: dict, key: str):
    """A figure by its flat key ("rapid_job_search.rate")."""
    head, _, tail = key.partition(".")
    found = figures.get(head)
    return found.get(tail) if tail and isinstance(found, dict) else found


def rows(figures: dict) -> list[tuple[str, str, object]]:
    """(key, label, value) in the form's order."""
    return [(key, LABELS[key], value(figures, key)) for key in KEYS]


def from_json(figures: dict) -> dict:
    """Figures locked as JSON read back as computed: each number that is not a count the Decimal it
    was, with its places ("2.00" FTE, not the float 2.0), so a submitted report reads like its draft."""
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in figures.items()}
    for key, places in PLACES.items():
        head, _, tail = key.partition(".")
        holder, name = (out.get(head), tail) if tail else (out, head)
        if isinstance(holder, dict) and isinstance(holder.get(name), int | float):
            holder[name] = _round(Decimal(str(holder[name])), places)
    return out


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
