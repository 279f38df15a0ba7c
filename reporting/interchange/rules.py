"""The interchange format (shared/domain/interchange.md): its files, columns and cell rules.

Reading a cell never touches the database: every rule here names the file, the line and the
column of what is wrong, so a program can fix its spreadsheet in one pass. The importer adds the
rules that need the other files (refs, dates across rows) and the database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from employers.models import ContactPurpose
from jobs.models import EducationKind, EndReason
from people.models import ClosureReason, NoteKind, NoteLocation

# staff.csv role -> accounts Role value
STAFF_ROLES = {
    "employment_specialist": "employment_specialist",
    "supervisor": "ips_supervisor",
    "program_manager": "program_manager",
}
ROLE_TO_FILE = {value: key for key, value in STAFF_ROLES.items()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is (file, line, column) and the rule it breaks."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += _(" line %(line)s") % {"line": self.line}
        if self.column:
            where += _(", column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, yesno, money, hours, fte, minutes, enum, email, state, slug, ref, refs
    required: bool = False  # a value must be there (and so must the column)
    max_length: int | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    name: str
    required: bool
    columns: tuple[Column, ...]
    key: str | None = "ref"  # rows are matched by this column; None: by all their columns
    single_row: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _t(name, max_length, required=False):
    return Column(name, "text", required=required, max_length=max_length)


def _d(name, required=False):
    return Column(name, "date", required=required)


def _yn(name, required=False):
    return Column(name, "yesno", required=required)


def _enum(name, choices, required=False):
    return Column(name, "enum", required=required, choices=tuple(choices))


def _ref(name, required=False):
    return Column(name, "ref", required=required, max_length=40)


FILES: dict[str, FileSpec] = {
    spec.name: spec
    for spec in [
        FileSpec(
            "program.csv",
            True,
            (
                Column("slug", "slug", required=True, max_length=50),
                _t("name", 200, True),
                _t("agency", 200, True),
                _t("county", 100),
                Column("state", "state", required=True),
                _d("start_date"),
            ),
            key="slug",
            single_row=True,
        ),
        FileSpec(
            "staff.csv",
            True,
            (
                _ref("ref", True),
                _t("first_name", 150, True),
                _t("last_name", 150, True),
                Column("email", "email", required=True, max_length=254),
                _enum("role", STAFF_ROLES, True),
                Column("fte", "fte", required=True),
                _d("start_date", True),
                _d("end_date"),
            ),
        ),
        FileSpec(
            "job_seekers.csv",
            True,
            (
                _ref("ref", True),
                _t("first_name", 100, True),
                _t("last_name", 100, True),
                _d("date_of_birth"),
                _d("referral_date", True),
                _d("interest_date"),
                _d("enrollment_date"),
                _ref("employment_specialist"),
                _d("closed_date"),
                _enum("closure_reason", ClosureReason.values),
            ),
        ),
        FileSpec(
            "employers.csv",
            False,
            (
                _ref("ref", True),
                _t("name", 200, True),
                _t("industry", 200),
                _t("city", 100),
                Column("state", "state"),
            ),
        ),
        FileSpec(
            "employer_contacts.csv",
            False,
            (
                _d("date", True),
                _ref("staff", True),
                _ref("employer", True),
                _yn("face_to_face", True),
                Column("with_job_seeker", "refs"),
                _enum("purpose", ContactPurpose.values, True),
            ),
            key=None,
        ),
        FileSpec(
            "jobs.csv",
            False,
            (
                _ref("ref", True),
                _ref("job_seeker", True),
                _ref("employer"),
                _t("employer_name", 200),
                _t("title", 200, True),
                _d("start_date", True),
                _d("end_date"),
                _enum("end_reason", EndReason.values),
                Column("hours_per_week", "hours"),
                Column("hourly_wage", "money"),
                _yn("pays_same_as_coworkers"),
                _yn("open_to_anyone"),
                _yn("agency_time_limit"),
                _yn("self_employment"),
                _yn("found_with_ips"),
            ),
        ),
        FileSpec(
            "education.csv",
            False,
            (
                _ref("job_seeker", True),
                _enum("kind", EducationKind.values, True),
                _t("name", 200, True),
                _d("start_date", True),
                _d("end_date"),
                _yn("completed"),
            ),
            key=None,
        ),
        FileSpec(
            "service_notes.csv",
            False,
            (
                _ref("job_seeker", True),
                _d("date", True),
                _ref("staff"),
                _enum("kind", NoteKind.values, True),
                _enum("location", NoteLocation.values, True),
                Column("minutes", "minutes"),
                _t("text", None, True),
            ),
            key=None,
        ),
    ]
}
FILE_ORDER = list(FILES)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")
_HOURS = re.compile(r"^\d+(\.\d)?$")
_FTE = re.compile(r"^\d+(\.\d{1,2})?$")
_SLUG = re.compile(r"^[a-z0-9-]+$")
_STATE = re.compile(r"^[A-Z]{2}$")
_INT = re.compile(r"^\d+$")


class CellError(Exception):
    """A cell's value breaks its column's rule; the message says how."""


def _quoted(text: str) -> str:
    return f"“{text}”"


def parse_cell(column: Column, text: str):
    """The value of one cell (None when empty), or CellError with the rule it breaks."""
    text = (text or "").strip()
    if not text:
        if column.required:
            raise CellError(_("a value is required"))
        return None
    if column.max_length and len(text) > column.max_length and column.kind not in ("refs",):
        raise CellError(
            _("%(value)s is longer than %(n)s characters")
            % {"value": _quoted(text[:60]), "n": column.max_length}
        )
    kind = column.kind
    if kind in ("text", "ref"):
        return text
    if kind == "refs":
        refs = [part.strip() for part in text.split(";") if part.strip()]
        for ref in refs:
            if len(ref) > 40:
                raise CellError(_("%(value)s is longer than 40 characters") % {"value": _quoted(ref[:60])})
        return refs
    if kind == "date":
        if not _DATE.match(text):
            raise CellError(_("%(value)s is not a date (YYYY-MM-DD)") % {"value": text})
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CellError(_("%(value)s is not a date (YYYY-MM-DD)") % {"value": text}) from None
    if kind == "yesno":
        lowered = text.lower()
        if lowered not in ("yes", "no"):
            raise CellError(_("%(value)s is not yes or no") % {"value": _quoted(text)})
        return lowered == "yes"
    if kind == "enum":
        if text not in column.choices:
            raise CellError(
                _("%(value)s is not one of: %(choices)s")
                % {"value": _quoted(text), "choices": ", ".join(column.choices)}
            )
        return text
    if kind == "money":
        if "$" in text:
            raise CellError(_("%(value)s: write money as a plain number, without $") % {"value": text})
        if not _MONEY.match(text):
            if re.match(r"^\d+\.\d{3,}$", text):
                raise CellError(_("%(value)s has more than two decimals") % {"value": text})
            raise CellError(
                _("%(value)s is not an amount in dollars (like 15.50)") % {"value": _quoted(text)}
            )
        value = Decimal(text)
        if value > 500:
            raise CellError(_("%(value)s: an hourly wage is at most 500") % {"value": text})
        return value
    if kind == "hours":
        if not _HOURS.match(text):
            raise CellError(
                _("%(value)s is not a number of hours with at most one decimal") % {"value": _quoted(text)}
            )
        value = Decimal(text)
        if not (0 < value <= 80):
            raise CellError(_("%(value)s: hours a week must be more than 0 and at most 80") % {"value": text})
        return value
    if kind == "fte":
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not _FTE.match(text):
            raise CellError(
                _("%(value)s is not a number with at most two decimals (like 0.5)") % {"value": _quoted(text)}
            )
        if not (0 < value <= 1):
            raise CellError(_("%(value)s: fte must be more than 0 and at most 1") % {"value": text})
        return value
    if kind == "minutes":
        if not _INT.match(text) or not (1 <= int(text) <= 720):
            raise CellError(
                _("%(value)s: minutes must be a whole number from 1 to 720") % {"value": _quoted(text)}
            )
        return int(text)
    if kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(_("%(value)s is not an e-mail address") % {"value": _quoted(text)}) from None
        return text.lower()
    if kind == "state":
        if not _STATE.match(text):
            raise CellError(
                _("%(value)s is not a two-letter state code (like WI)") % {"value": _quoted(text)}
            )
        return text
    if kind == "slug":
        if not _SLUG.match(text):
            raise CellError(
                _("%(value)s: use only lower-case letters, digits and -") % {"value": _quoted(text)}
            )
        return text
    raise AssertionError(kind)  # pragma: no cover


# --- Writing cells (the exporter) -----------------------------------------------------------------


def format_cell(column: Column, value) -> str:
    """The text of a value in the format: the inverse of parse_cell; empty for unknown."""
    if value is None or value == "" or value == []:
        return ""
    kind = column.kind
    if kind == "date":
        return value.isoformat()
    if kind == "yesno":
        return "yes" if value else "no"
    if kind in ("money",):
        return f"{Decimal(value):.2f}"
    if kind == "hours":
        return f"{Decimal(value):.1f}"
    if kind == "fte":
        return f"{Decimal(value):.2f}"
    if kind == "refs":
        return ";".join(value)
    return str(value)


@dataclass
class Row:
    """One data row of a file: where it is, and its parsed values (absent columns are None)."""

    file: str
    line: int
    values: dict = field(default_factory=dict)
    text: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.values.get(name)
