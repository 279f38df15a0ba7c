"""The public "I want to work" page (no log-in, English and Spanish) and the program's referral inbox."""

from __future__ import annotations

from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.forms import apply_errors
from core.models import AuditAction

from .. import services as referral_services
from ..forms.public import (
    LinkSubmissionForm,
    MakeReferralForm,
    NotAPersonForm,
    PublicReferralForm,
    form_token,
    language_label,
    token_problem,
)
from ..models import FilterReason, JobSeeker, PublicReferralSubmission, SubmissionStatus
from ..selectors import possible_duplicates
from ..selectors.public import INBOX_LISTS, inbox_counts, inbox_list, public_program
from ..services import public as services

# --- The public page --------------------------------------------------------------------------


def _page_language(request) -> str:
    """The page's language: the visitor's choice on the page (?lang=, kept across the form), else theirs."""
    languages = dict(settings.LANGUAGES)
    for source in (request.POST, request.GET):
        chosen = source.get("lang")
        if chosen in languages:
            return chosen
    current = getattr(request, "LANGUAGE_CODE", "")
    return current if current in languages else settings.LANGUAGE_CODE


def _in_page_language(view):
    """Render the whole page (and its error messages) in the language the visitor chose."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        lang = _page_language(request)
        with translation.override(lang):
            response = view(request, *args, lang=lang, **kwargs)
        response.headers["Content-Language"] = lang
        return response

    return wrapper


def _public_render(request, template, context, *, lang, status=200):
    other = next(code for code, _name in settings.LANGUAGES if code != lang)
    context = {
        **context,
        "lang": lang,
        "other_language": other,
        "other_language_name": translation.get_language_info(other)["name_local"],
        "switch_url": f"{request.path}?lang={other}",
    }
    return render(request, template, context, status=status)


def _closed(request, program, lang):
    """A friendly "not here" page: the program does not take referrals online (or does not exist)."""
    return _public_render(
        request, "people/public_referral_closed.html", {"program": program}, lang=lang, status=404
    )


def _bot_signal(form, program) -> str:
    """Why this submission looks like a script's ("" when it looks like a person's)."""
    if form.cleaned_data.get("website"):
        return FilterReason.HONEYPOT
    return token_problem(form.cleaned_data.get("token", ""), program)


@never_cache
@_in_page_language
def public_referral(request, slug, lang):
    program = public_program(slug)
    if program is None or not services.accepts_public_referrals(program):
        return _closed(request, program, lang)
    initial = {"preferred_language": lang, "token": form_token(program)}
    form = PublicReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_submission_receive(
                program=program,
                client_ip=audit.client_ip(request),
                filter_reason=_bot_signal(form, program),
                **form.submission_data(),
            )
        except services.TooManySubmissions:
            return _public_render(
                request, "people/public_referral_too_many.html", {"program": program}, lang=lang, status=429
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "closed":
                return _closed(request, program, lang)
            apply_errors(form, exc)
        else:
            # A submission filtered as a possible bot gets the same answer: a person is never told no.
            return redirect(f"{reverse('people:public_referral_thanks', args=[program.slug])}?lang={lang}")
    return _public_render(
        request,
        "people/public_referral.html",
        {"program": program, "form": form},
        lang=lang,
        status=400 if form.errors else 200,
    )


@never_cache
@_in_page_language
def public_referral_thanks(request, slug, lang):
    program = public_program(slug)
    if program is None:
        return _closed(request, program, lang)
    return _public_render(request, "people/public_referral_thanks.html", {"program": program}, lang=lang)


# --- The referral inbox -----------------------------------------------------------------------


INBOX_PAGE_SIZE = 25


def _inbox_program(request, slug) -> Program:
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, roles.Action.REFERRAL_INBOX, program)
    return program


@login_required
def referral_inbox(request, slug):
    program = _inbox_program(request, slug)
    which = request.GET.get("show")
    if which not in INBOX_LISTS:
        which = "new"
    counts = inbox_counts(user=request.user, program=program)
    page = Paginator(inbox_list(user=request.user, program=program, which=which), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for submission in page:
        submission.language_name = language_label(submission.preferred_language)
    tabs = [
        ("new", _("New"), counts["new"]),
        ("filtered", _("Filtered"), counts["filtered"]),
        ("referral_made", _("Referral made"), counts["referral_made"]),
        ("not_a_person", _("Spam or test"), counts["not_a_person"]),
    ]
    return render(
        request,
        "people/referral_inbox.html",
        {
            "program": program,
            "which": which,
            "tabs": tabs,
            "page": page,
            "query": f"show={which}",
            "public_url": request.build_absolute_uri(reverse("people:public_referral", args=[program.slug]))
            if services.accepts_public_referrals(program)
            else "",
        },
    )


def _submission(request, slug, submission_pk) -> PublicReferralSubmission:
    submission = access.get_for(
        request.user,
        PublicReferralSubmission.objects.select_related("program", "job_seeker", "handled_by"),
        submission_pk,
        roles.Action.REFERRAL_INBOX,
    )
    if submission.program.slug != slug:
        raise Http404
    return submission


def _linkable(request, program):
    return access.restrict(
        JobSeeker.objects.filter(program=program), request.user, roles.Action.JOB_SEEKER_VIEW
    )


def _under_14_warning(submission) -> str:
    """The warning staff confirm before referring someone who was under 14 on the day they wrote."""
    if submission.date_of_birth is None:
        return ""
    received_on = timezone.localtime(submission.received_at, ZoneInfo(submission.program.time_zone)).date()
    try:
        referral_services.check_under_14(submission.date_of_birth, received_on)
    except ValidationError as exc:
        return exc.message % exc.params
    return ""


@login_required
def public_submission_detail(request, slug, submission_pk):
    submission = _submission(request, slug, submission_pk)
    program = submission.program
    handled = submission.status == SubmissionStatus.REFERRAL_MADE
    duplicates = []
    if not handled:
        duplicates = possible_duplicates(
            program=program,
            first_name=submission.first_name,
            last_name=submission.last_name,
            date_of_birth=submission.date_of_birth,
        )
    young = _under_14_warning(submission) if not handled else ""
    refer_form = MakeReferralForm(confirm_duplicate=bool(duplicates), confirm_under_14=bool(young))
    link_form = LinkSubmissionForm(job_seekers=_linkable(request, program))
    spam_form = NotAPersonForm()
    bad_request = False

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "refer":
            refer_form = MakeReferralForm(
                request.POST, confirm_duplicate=bool(duplicates), confirm_under_14=bool(young)
            )
            if refer_form.is_valid():
                try:
                    job_seeker = services.public_submission_make_referral(
                        actor=request.user,
                        submission=submission,
                        allow_duplicate=bool(refer_form.cleaned_data.get("allow_duplicate")),
                        confirm_under_14=bool(refer_form.cleaned_data.get("confirm_under_14")),
                    )
                except ValidationError as exc:
                    code = getattr(exc, "code", None)
                    if code in ("duplicate", "under_14"):
                        if code == "duplicate":
                            duplicates = exc.params["duplicates"]
                        refer_form = MakeReferralForm(
                            request.POST, confirm_duplicate=bool(duplicates), confirm_under_14=bool(young)
                        )
                        refer_form.is_valid()
                        refer_form.add_error(None, exc.message % exc.params)
                    else:
                        apply_errors(refer_form, exc)
                else:
                    messages.success(
                        request,
                        _("%(name)s was referred (%(ref)s).") % {"name": job_seeker, "ref": job_seeker.ref},
                    )
                    return redirect("people:job_seeker_detail", slug=program.slug, pk=job_seeker.pk)
        elif action == "link":
            link_form = LinkSubmissionForm(request.POST, job_seekers=_linkable(request, program))
            if link_form.is_valid():
                try:
                    job_seeker = services.public_submission_make_referral(
                        actor=request.user,
                        submission=submission,
                        existing_job_seeker=link_form.cleaned_data["job_seeker"],
                    )
                except ValidationError as exc:
                    apply_errors(link_form, exc)
                else:
                    messages.success(
                        request,
                        _("The submission is linked to %(name)s (%(ref)s).")
                        % {"name": job_seeker, "ref": job_seeker.ref},
                    )
                    return redirect("people:job_seeker_detail", slug=program.slug, pk=job_seeker.pk)
        elif action == "not_a_person":
            spam_form = NotAPersonForm(request.POST)
            if spam_form.is_valid():
                try:
                    services.public_submission_mark_not_a_person(actor=request.user, submission=submission)
                except ValidationError as exc:
                    apply_errors(spam_form, exc)
                else:
                    messages.success(request, _("The submission was set aside as spam or a test entry."))
                    return redirect("people:referral_inbox", slug=program.slug)
        else:
            bad_request = True

    has_errors = bad_request or any(f.errors for f in (refer_form, link_form, spam_form))
    if has_errors:
        # A colleague may have handled it meanwhile: show the submission as it is now.
        submission.refresh_from_db()
        handled = submission.status == SubmissionStatus.REFERRAL_MADE
    # Said above the actions: what a form cannot show on one of its own fields.
    errors = [
        *refer_form.non_field_errors(),
        *(error for errors in link_form.errors.values() for error in errors),
        *spam_form.non_field_errors(),
    ]
    # The page shows what a person sent about themself: opening it is a read of personal data.
    audit.record(
        actor=request.user, action=AuditAction.READ, obj=submission, job_seeker_id=submission.job_seeker_id
    )
    return render(
        request,
        "people/referral_inbox_detail.html",
        {
            "program": program,
            "submission": submission,
            "language_name": language_label(submission.preferred_language),
            "duplicates": duplicates,
            "under_14_warning": young,
            "refer_form": refer_form,
            "link_form": link_form,
            "spam_form": spam_form,
            "bad_request": bad_request,
            "errors": errors,
            "handled": handled,
        },
        status=400 if has_errors else 200,
    )
