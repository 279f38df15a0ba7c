"""Pages of the program data interchange: upload the spreadsheets, see the dry run, confirm, watch
the import run in the background; and download all of a program's records."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access, roles
from accounts.models import Program

from ..forms.interchange import ImportUploadForm
from ..interchange.exporter import as_zip, program_export
from ..interchange.source import max_bytes, size_in_words
from ..models import ImportRun, ImportStatus
from ..tasks import pack_uploads, run_import

IMPORT = roles.Action.PROGRAM_IMPORT
EXPORT = roles.Action.PROGRAM_EXPORT
# A dry run nobody confirms keeps its files this long, then they are cleared (personal data).
KEEP_UNCONFIRMED = datetime.timedelta(days=1)
# Room for the form's other fields and the multipart boundaries around the files.
FORM_OVERHEAD = 64 * 1024


def _program(request, slug, action) -> Program:
    """The program through the gate (404 if hidden), then the right to take `action` there (403)."""
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, action, program)
    return program


class _LimitedUpload(FileUploadHandler):
    """Drops the uploaded bytes once they pass the limit, so an oversize upload is never stored."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + FORM_OVERHEAD:
            self.too_large = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
        return None if self.too_large else raw_data

    def file_complete(self, file_size):
        return None


def _too_large_message() -> str:
    return _(
        "The upload is larger than %(size)s, the most an import may be. Nothing was kept. "
        "Split it, or ask your administrator."
    ) % {"size": size_in_words(max_bytes())}


def _clear_stale_uploads(program) -> None:
    ImportRun.objects.filter(
        program=program, upload__isnull=False, created_at__lt=timezone.now() - KEEP_UNCONFIRMED
    ).update(upload=None)


@csrf_exempt
@login_required
def import_start(request, slug):
    """Upload page. The size limit is installed before the body is read (hence csrf_protect inside)."""
    limit = max_bytes()
    handler = _LimitedUpload(request, limit)
    if request.method == "POST":
        request.upload_handlers.insert(0, handler)
    return _import_start(request, slug, handler, limit)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _import_start(request, slug, handler, limit):
    program = _program(request, slug, IMPORT)
    status = 200
    refusal = None
    if request.method == "POST":
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > limit + FORM_OVERHEAD
        form = ImportUploadForm(request.POST, request.FILES)
        if too_large or handler.too_large or sum(f.size for f in request.FILES.getlist("files")) > limit:
            form = ImportUploadForm()
            refusal = _too_large_message()
            status = 400
        elif form.is_valid():
            uploads = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            _clear_stale_uploads(program)
            run = ImportRun.objects.create(
                program=program,
                uploaded_by=request.user,
                dry_run=True,
                file_names=", ".join(name for name, _data in uploads)[:500],
                upload=pack_uploads(uploads),
            )
            result = run_import.enqueue(run.pk)
            ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
            return redirect("reporting:program_import_run", program.slug, run.pk)
        else:
            status = 400
    else:
        form = ImportUploadForm()
    runs = ImportRun.objects.filter(program=program).select_related("uploaded_by")[:10]
    return render(
        request,
        "reporting/import.html",
        {
            "program": program,
            "form": form,
            "runs": runs,
            "max_size": size_in_words(limit),
            "refusal": refusal,
        },
        status=status,
    )


def _run(request, slug, pk, action=IMPORT) -> tuple[Program, ImportRun]:
    program = _program(request, slug, action)
    run = ImportRun.objects.filter(program=program, pk=pk).select_related("uploaded_by").first()
    if run is None:
        raise Http404
    return program, run


@login_required
def import_run(request, slug, pk):
    """One run: its progress while the worker has it, then the problems or the summary."""
    program, run = _run(request, slug, pk)
    percent = int(100 * run.rows_done / run.rows_total) if run.rows_total else 0
    context = {
        "program": program,
        "run": run,
        "percent": percent,
        "problems": run.problems,
        "summary": run.summary,
        "can_confirm": run.dry_run and run.status == ImportStatus.DONE and run.upload is not None,
        "run_url": reverse("reporting:program_import_run", args=[program.slug, run.pk]),
    }
    if getattr(request, "htmx", False):
        return render(request, "reporting/import_run.html#progress", context)
    return render(request, "reporting/import_run.html", context)


@require_POST
@login_required
def import_confirm(request, slug, pk):
    """Run the real import of a clean dry run's files, in the background."""
    program, run = _run(request, slug, pk)
    updated = ImportRun.objects.filter(
        pk=run.pk, dry_run=True, status=ImportStatus.DONE, upload__isnull=False
    ).update(
        dry_run=False, status=ImportStatus.QUEUED, rows_done=0, summary={}, problems=[], finished_at=None
    )
    if updated:
        result = run_import.enqueue(run.pk)
        ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    return redirect("reporting:program_import_run", program.slug, run.pk)


@require_http_methods(["GET", "POST"])
@login_required
def export_download(request, slug):
    """All of the program's records as a zip of the interchange folder (personal data: audited)."""
    program = _program(request, slug, EXPORT)
    if request.method == "GET":
        return render(request, "reporting/import_export.html", {"program": program})
    files = program_export(actor=request.user, program=program)
    day = timezone.localdate().isoformat()
    folder = f"{program.slug}-{day}"
    response = HttpResponse(as_zip(files, folder), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{folder}.zip"'
    response["Cache-Control"] = "no-store"
    return response
