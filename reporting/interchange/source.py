"""Read an interchange folder from wherever it comes: a directory, a zip, an XLSX workbook (one
sheet per file, sheet `job_seekers` = job_seekers.csv) or CSV files uploaded one by one.

Everything ends up as `Table`s of text cells with their line numbers; the size limit is checked
before anything is read (OPENIPS_IMPORT_MAX_BYTES).
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .rules import FILES, Problem

# 100 MB: a large program's whole history is a few MB; 200 MB is refused.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "OPENIPS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class SourceError(Exception):
    """The input cannot be read at all (too large, not a zip or workbook); nothing was read."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Table:
    name: str
    header: list[str] = field(default_factory=list)
    header_line: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)


def size_in_words(n: int) -> str:
    """A size for a message: "100 MB", "1.5 MB", "2 KB" (one decimal, none after a whole number)."""
    amount, unit = (n / (1024 * 1024), "MB") if n >= 1024 * 1024 else (n / 1024, "KB")
    text = f"{amount:.1f}"
    return f"{text.removesuffix('.0')} {unit}"


def check_size(total: int, what: str) -> None:
    limit = max_bytes()
    if total > limit:
        raise SourceError(
            Problem(
                what,
                None,
                None,
                _("%(size)s is more than the %(limit)s an import may be; split it or ask your administrator")
                % {"size": size_in_words(total), "limit": size_in_words(limit)},
            )
        )


def _is_blank(cells: list[str]) -> bool:
    return all(not (c or "").strip() for c in cells)


def read_csv(name: str, data: bytes) -> tuple[Table | None, list[Problem]]:
    """One CSV file: UTF-8 (a BOM is fine), a header row, then rows; blank rows are skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                None,
                _("the file is not UTF-8 text (byte 0x%(byte)02x); save it as “CSV UTF-8”")
                % {"byte": data[exc.start]},
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    table = Table(name)
    problems: list[Problem] = []
    last = 0
    try:
        for cells in reader:
            line = last + 1
            last = reader.line_num
            if not table.header:
                if _is_blank(cells):
                    continue
                table.header = [c.strip().lower() for c in cells]
                table.header_line = line
                continue
            if _is_blank(cells):
                continue
            table.rows.append((line, cells))
    except csv.Error as exc:
        problems.append(
            Problem(name, last + 1, None, _("the file is not valid CSV: %(error)s") % {"error": exc})
        )
    if not table.header:
        problems.append(Problem(name, 1, None, _("the file has no header row")))
        return None, problems
    return table, problems


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, what: str = "workbook") -> tuple[dict[str, Table], list[Problem]]:
    """A workbook with one sheet per file; the sheet name is the file name with or without .csv."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        raise SourceError(Problem(what, None, None, _("this is not an XLSX workbook"))) from None
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            if not name.endswith(".csv"):
                name += ".csv"
            table = Table(name)
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if _is_blank(cells):
                    continue
                if not table.header:
                    while cells and not cells[-1].strip():
                        cells.pop()
                    table.header = [c.strip().lower() for c in cells]
                    table.header_line = number
                    continue
                table.rows.append((number, cells[: max(len(table.header), _last_filled(cells))]))
            if table.header:
                tables[name] = table
    finally:
        book.close()
    return tables, problems


def _last_filled(cells: list[str]) -> int:
    for i in range(len(cells), 0, -1):
        if cells[i - 1].strip():
            return i
    return 0


def read_files(files: dict[str, bytes]) -> tuple[dict[str, Table], list[Problem]]:
    """CSV files by name (`staff.csv` ...); other names are told as unknown files."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for name in sorted(files):
        base = name.lower()
        if base not in FILES:
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    _("unknown file; the files of the format are: %(names)s") % {"names": ", ".join(FILES)},
                )
            )
            continue
        table, file_problems = read_csv(base, files[name])
        problems.extend(file_problems)
        if table is not None:
            tables[base] = table
    return tables, problems


def read_zip(data: bytes, what: str = "zip file") -> tuple[dict[str, Table], list[Problem]]:
    """A zip of the folder (the CSV files may sit in one sub-folder)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError(Problem(what, None, None, _("this is not a zip file"))) from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not os.path.basename(info.filename).startswith(".")
            and info.filename.lower().endswith(".csv")
        ]
        # A zip can unpack to far more than it weighs: the limit applies to what it holds.
        check_size(sum(info.file_size for info in members), what)
        files = {os.path.basename(info.filename): archive.read(info) for info in members}
    return read_files(files)


def read_directory(path: str | Path) -> tuple[dict[str, Table], list[Problem]]:
    """A folder of CSV files (other files, like a README, are left alone)."""
    folder = Path(path)
    if not folder.is_dir():
        raise SourceError(Problem(str(path), None, None, _("no such folder")))
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    check_size(sum(p.stat().st_size for p in paths), str(path))
    return read_files({p.name: p.read_bytes() for p in paths})


def read_path(path: str | Path) -> tuple[dict[str, Table], list[Problem]]:
    """A folder, a .zip or an .xlsx on disk."""
    p = Path(path)
    if p.is_dir():
        return read_directory(p)
    if not p.is_file():
        raise SourceError(Problem(str(path), None, None, _("no such file or folder")))
    check_size(p.stat().st_size, p.name)
    if p.suffix.lower() == ".xlsx":
        return read_xlsx(p.read_bytes(), p.name)
    if p.suffix.lower() == ".zip":
        return read_zip(p.read_bytes(), p.name)
    return read_files({p.name: p.read_bytes()})


def read_uploads(uploads: list[tuple[str, bytes]]) -> tuple[dict[str, Table], list[Problem]]:
    """What a person uploaded: one zip, one workbook, or CSV files."""
    names = [name.lower() for name, _data in uploads]
    if len(uploads) == 1 and names[0].endswith(".zip"):
        return read_zip(uploads[0][1], uploads[0][0])
    if len(uploads) == 1 and names[0].endswith(".xlsx"):
        return read_xlsx(uploads[0][1], uploads[0][0])
    if any(n.endswith((".zip", ".xlsx")) for n in names):
        raise SourceError(
            Problem(
                ", ".join(name for name, _data in uploads),
                None,
                None,
                _("upload one zip file, one XLSX workbook, or the CSV files, not a mix"),
            )
        )
    return read_files({os.path.basename(name): data for name, data in uploads})
