"""Pages for a person's consents (releases of information): the list, a new consent, a revocation,
the check before sharing, and the person's treatment team."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access, roles
from core.dates import today_in
from core.forms import apply_errors

from ..forms.consents import ConsentForm, ConsentRevokeForm, SharingCheckForm, TreatmentTeamForm
from ..models import Consent, TreatmentTeam
from ..selectors import consents as consent_selectors
from ..services import consents as consent_services
from .common import form_page, record_read, save_posted
from .common import job_seeker_for as _job_seeker

ACTIVE, UPCOMING, EXPIRED, REVOKED = "active", "upcoming", "expired", "revoked"


def _today(job_seeker) -> datetime.date:
    return today_in(job_seeker.program.time_zone)


def _classified(consents, today: datetime.date) -> list[Consent]:
    """Each consent with `status`, `expiring_soon` and `scope_labels` set for the templates."""
    soon = today + datetime.timedelta(days=consent_selectors.EXPIRING_WITHIN_DAYS)
    out = []
    for consent in consents:
        if consent.revoked_at is not None:
            consent.status = REVOKED
        elif consent.expiry_date < today:
            consent.status = EXPIRED
        elif consent.start_date > today:
            consent.status = UPCOMING
        else:
            consent.status = ACTIVE
        consent.expiring_soon = consent.status == ACTIVE and consent.expiry_date <= soon
        consent.scope_labels = [scope.get_item_display() for scope in consent.scopes.all()]
        out.append(consent)
    return out


def _consents(request, job_seeker) -> list[Consent]:
    return _classified(
        consent_selectors.consent_list(user=request.user, job_seeker=job_seeker), _today(job_seeker)
    )


def record_section(request, job_seeker) -> dict:
    """What the record page shows of this part: context for templates/people/_record_consents.html.

    The person's consents in force (and those signed but not started yet), and how many expired or
    revoked ones stay on the record. A partner sees only the consents of their own kind.
    """
    consents = _consents(request, job_seeker)
    return {
        "consents_active": [c for c in consents if c.status == ACTIVE],
        "consents_upcoming": [c for c in consents if c.status == UPCOMING],
        "consents_expiring_count": sum(1 for c in consents if c.expiring_soon),
        "consents_past_count": sum(1 for c in consents if c.status in (EXPIRED, REVOKED)),
    }


def _teams(request, job_seeker):
    return access.restrict(
        TreatmentTeam.objects.filter(program=job_seeker.program), request.user, roles.Action.JOB_SEEKER_EDIT
    )


def _sharing_check(request, job_seeker):
    """The check before sharing, asked with GET: (form, consent in force or None, refusal or None)."""
    if "check" not in request.GET:
        return SharingCheckForm(), None, None
    form = SharingCheckForm(request.GET)
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    try:
        consent = consent_services.consent_in_force(
            job_seeker, data["partner_kind"], data["scope_item"], part2=data["part2"]
        )
    except ValidationError as exc:
        return form, None, " ".join(exc.messages)
    return form, consent, None


@login_required
def consent_list(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_VIEW)
    record_read(request, job_seeker)
    consents = _consents(request, job_seeker)
    can_edit = access.can(request.user, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    context = {
        "job_seeker": job_seeker,
        "program": job_seeker.program,
        "can_edit": can_edit,
        "active": [c for c in consents if c.status == ACTIVE],
        "upcoming": [c for c in consents if c.status == UPCOMING],
        "expired": [c for c in consents if c.status == EXPIRED],
        "revoked": [c for c in consents if c.status == REVOKED],
        "within_days": consent_selectors.EXPIRING_WITHIN_DAYS,
        "treatment_team": job_seeker.treatment_team,
    }
    status = 200
    if can_edit:
        check_form, in_force, refusal = _sharing_check(request, job_seeker)
        context.update(check_form=check_form, in_force=in_force, refusal=refusal)
        if check_form.errors:
            status = 400
        if job_seeker.treatment_team_id is None:
            context["team_form"] = TreatmentTeamForm(
                teams=_teams(request, job_seeker), initial={"version": job_seeker.version}
            )
    return render(request, "people/consent_list.html", context, status=status)


@login_required
def consent_create(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    today = _today(job_seeker)
    form = ConsentForm(
        request.POST if request.method == "POST" else None, initial={"signed_on": today, "start_date": today}
    )
    if save_posted(
        request, form, consent_services.consent_record, on_error=apply_errors, job_seeker=job_seeker
    ):
        messages.success(request, _("The consent was recorded."))
        return redirect("people:consent_list", slug=slug, pk=pk)
    return form_page(request, job_seeker, "people/consent_form.html", form)


@login_required
def consent_revoke(request, slug, pk, consent_pk):
    """A confirmation page (works without JavaScript); the POST revokes at once."""
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    consent = access.get_for(
        request.user,
        Consent.objects.filter(job_seeker=job_seeker).prefetch_related("scopes"),
        consent_pk,
        roles.Action.JOB_SEEKER_EDIT,
    )
    form = ConsentRevokeForm(request.POST if request.method == "POST" else None)
    if save_posted(request, form, consent_services.consent_revoke, on_error=apply_errors, consent=consent):
        messages.success(
            request, _("The consent for %(recipient)s is revoked.") % {"recipient": consent.partner_name}
        )
        return redirect("people:consent_list", slug=slug, pk=pk)
    record_read(request, job_seeker)  # the page shows the consent: a read of the record
    (consent,) = _classified([consent], _today(job_seeker))
    return form_page(request, job_seeker, "people/consent_revoke.html", form, consent=consent)


@login_required
def job_seeker_treatment_team(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    form = TreatmentTeamForm(
        request.POST if request.method == "POST" else None,
        teams=_teams(request, job_seeker),
        initial={"version": job_seeker.version, "treatment_team": job_seeker.treatment_team_id},
    )
    if save_posted(request, form, consent_services.job_seeker_set_treatment_team, job_seeker=job_seeker):
        messages.success(
            request,
            _("%(name)s's treatment team is now %(team)s.")
            % {"name": job_seeker, "team": form.cleaned_data["treatment_team"]},
        )
        return redirect("people:consent_list", slug=slug, pk=pk)
    return form_page(request, job_seeker, "people/treatment_team_form.html", form)
