"""The benchmark's yardstick: one hand-written SQL query for two figures of every program.

It counts `caseload_served` and `worked_competitive` (outcomes.md) per program in one pass,
the least any statewide report must do. `make bench` times the whole statewide report against it.
The people served are picked in WHERE and each one's jobs probed through the index on
(job_seeker_id, start_date): the quickest plain form of it we found on both databases (the same
counts as a SUM over every person with the EXISTS in a CASE take three times as long).
"""

from __future__ import annotations

from django.db import connection

from core.dates import Quarter

SQL = """
SELECT js.program_id, COUNT(*) AS served,
  COUNT(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM jobs_job j
    WHERE j.job_seeker_id = js.id AND j.competitive_integrated AND j.archived_at IS NULL
      AND j.start_date <= %s AND (js.closed_date IS NULL OR j.start_date <= js.closed_date)
      AND (j.end_date IS NULL OR (j.end_date >= %s AND j.end_date >= js.enrollment_date)))) AS worked
FROM people_jobseeker js
WHERE js.enrollment_date <= %s AND (js.closed_date IS NULL OR js.closed_date >= %s)
  AND js.archived_at IS NULL
GROUP BY js.program_id
"""


def served_and_worked(quarter: Quarter) -> dict[int, tuple[int, int]]:
    """{program id: (caseload_served, worked_competitive)} for every program with enrolled people."""
    start, end = quarter.start, quarter.end
    with connection.cursor() as cursor:
        cursor.execute(SQL, [end, start, end, start])
        return {program_id: (int(served), int(worked)) for program_id, served, worked in cursor.fetchall()}
