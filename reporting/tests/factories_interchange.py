"""Interchange files for tests: the hand-made valid folder, for any program, as CSV, zip or XLSX."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

VALID = Path(__file__).parent / "data" / "interchange" / "valid"


def valid_files(slug: str | None = None) -> dict[str, bytes]:
    """The valid folder's files; with `slug`, program.csv names that program."""
    files = {p.name: p.read_bytes() for p in sorted(VALID.iterdir())}
    if slug:
        files["program.csv"] = files["program.csv"].replace(b"\nnorth-woods-ips,", f"\n{slug},".encode())
    return files


def as_zip(files: dict[str, bytes], folder: str = "records") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}", data)
    return out.getvalue()


def as_xlsx(files: dict[str, bytes]) -> bytes:
    """A workbook with one sheet per file (sheet `jobs` = jobs.csv), every cell as text but dates as dates."""
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, data in files.items():
        sheet = book.create_sheet(name.removesuffix(".csv"))
        for cells in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
            values = []
            for cell in cells:
                try:
                    values.append(datetime.date.fromisoformat(cell) if len(cell) == 10 else cell)
                except ValueError:
                    values.append(cell)
            sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_data(program) -> dict:
    """A web import's form data: the valid folder as a zip, for that program."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"files": SimpleUploadedFile("records.zip", as_zip(valid_files(program.slug)))}


def run_url(ctx, program, name: str) -> str:
    """The address of an import run of that program (queued, uploaded by the colleague)."""
    from django.urls import reverse

    from reporting.models import ImportRun

    run = ImportRun.objects.create(program=program, uploaded_by=ctx.colleague, file_names="records.zip")
    return reverse(name, args=[program.slug, run.pk])
