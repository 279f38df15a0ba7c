"""Background work of the reporting app: a web import runs here, in `manage.py db_worker`."""

from __future__ import annotations

import io
import logging
import zipfile

from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .interchange.importer import program_import
from .interchange.rules import Problem
from .interchange.source import SourceError, read_uploads
from .models import ImportRun, ImportStatus

logger = logging.getLogger(__name__)


def pack_uploads(uploads: list[tuple[str, bytes]]) -> bytes:
    """The uploaded files, as they came, in one zip kept on the run until the import has run."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in uploads:
            archive.writestr(name, data)
    return out.getvalue()


def unpack_uploads(blob: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _finish(run_id: int, *, status: str, summary: dict, problems: list[dict], keep_upload: bool) -> None:
    fields = {"status": status, "summary": summary, "problems": problems, "finished_at": timezone.now()}
    if not keep_upload:
        fields["upload"] = None
    ImportRun.objects.filter(pk=run_id).update(**fields)


@task
def run_import(run_id: int) -> str:
    """Check (dry run) or import the files of one ImportRun, telling its progress as it goes."""
    run = ImportRun.objects.select_related("program", "uploaded_by").get(pk=run_id)
    if run.upload is None:
        _finish(run_id, status=ImportStatus.FAILED, summary={}, problems=[], keep_upload=False)
        return "no upload"
    ImportRun.objects.filter(pk=run_id).update(status=ImportStatus.CHECKING, rows_done=0)

    def progress(phase: str, done: int, total: int) -> None:
        status = ImportStatus.CHECKING if phase == "check" else ImportStatus.WRITING
        ImportRun.objects.filter(pk=run_id).update(status=status, rows_done=done, rows_total=total)

    with translation.override(run.uploaded_by.language):
        try:
            try:
                tables, problems = read_uploads(unpack_uploads(bytes(run.upload)))
            except SourceError as exc:
                tables, problems = {}, [exc.problem]
            if tables or not problems:
                result = program_import(
                    actor=run.uploaded_by,
                    tables=tables,
                    source_problems=problems,
                    dry_run=run.dry_run,
                    program=run.program,
                    progress=progress,
                )
                problems, summary = result.problems, result.counts
            else:
                summary = {}
        except Exception:
            logger.exception("Import run %s stopped", run_id)
            problem = Problem(
                run.file_names, None, None, _("the import stopped unexpectedly; nothing was written")
            )
            _finish(
                run_id,
                status=ImportStatus.FAILED,
                summary={},
                problems=[problem.as_dict()],
                keep_upload=False,
            )
            raise
    ok = not problems
    _finish(
        run_id,
        status=ImportStatus.DONE if ok else ImportStatus.FAILED,
        summary=summary,
        problems=[p.as_dict() for p in problems],
        # After a clean dry run the files wait for "Confirm import"; otherwise they are gone.
        keep_upload=ok and run.dry_run,
    )
    return "ok" if ok else f"{len(problems)} problems"
