"""Dates the domain uses: calendar quarters (`2026Q2`), ISO weeks, and "days since"."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import total_ordering

_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*-?\s*Q(\d+)\s*$", re.IGNORECASE)


class QuarterError(ValueError):
    """A text that does not name a calendar quarter."""


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: Q1 is January to March."""

    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise QuarterError(f"There is no quarter {self.number}: a year has quarters 1 to 4.")
        if not 1 <= self.year <= 9999:
            raise QuarterError(f"{self.year} is not a year we can use.")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read `2026Q2` (also `2026-Q2`, `2026q2`); anything else is a QuarterError that says why."""
        match = _QUARTER_RE.match(str(text))
        if not match:
            raise QuarterError(
                f"{text!r} is not a quarter: write the year, Q and the quarter number, like 2026Q2."
            )
        year, number = int(match.group(1)), int(match.group(2))
        if not 1 <= number <= 4:
            raise QuarterError(f"{text!r} is not a quarter: a year has quarters Q1 to Q4.")
        return cls(year, number)

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> datetime.date:
        # The last day of the quarter's last month: the day before the next month begins, except
        # in December (9999Q4 has no next quarter to step back from).
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def __lt__(self, other: Quarter) -> bool:
        return (self.year, self.number) < (other.year, other.number)

    def __str__(self) -> str:
        return f"{self.year:04d}Q{self.number}"  # four digits, so parse() reads it back


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from first to last, both included (empty if last comes first)."""
    out = []
    q = first
    while q <= last:
        out.append(q)
        q = q.next()
    return out


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week (Monday to Sunday); week 1 holds the year's first Thursday."""

    year: int
    week: int

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise ValueError(f"{self.year} is not a year we can use.")
        weeks = datetime.date(self.year, 12, 28).isocalendar()[1]  # 28 December is always in the last week
        if not 1 <= self.week <= weeks:
            raise ValueError(f"There is no week {self.week} in {self.year}: it has weeks 1 to {weeks}.")

    @classmethod
    def containing(cls, day: datetime.date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def start(self) -> datetime.date:
        return datetime.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date.fromisocalendar(self.year, self.week, 7)

    def previous(self) -> IsoWeek:
        return IsoWeek.containing(self.start - datetime.timedelta(days=7))

    def next(self) -> IsoWeek:
        return IsoWeek.containing(self.start + datetime.timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"


def days_since(day: datetime.date | None, today: datetime.date) -> int | None:
    """Whole days from `day` to `today` (0 on the same day); None when there is no date."""
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        day = day.date()
    return (today - day).days


def today_in(time_zone: str | None = None) -> datetime.date:
    """Today's date in a program's time zone (the settings' zone when none is given)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    if not time_zone:
        return timezone.localdate()
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()
