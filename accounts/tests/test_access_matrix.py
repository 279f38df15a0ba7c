"""The access matrix: every role × every action × the user's own program and another program.

The expectations below are written out by hand on purpose. They are not read from
accounts/roles.py, so a change to the capability table that is not also made here fails, and
a new view or API endpoint that is not listed in MATRIX or PUBLIC fails `test_every_route_is_in_the_matrix`.

Columns are always in the order of ROLES:
    ES   employment specialist        TT   treatment-team member     TRN  state trainer
    SUP  IPS supervisor               VR   VR counselor              ADM  state administrator
    PM   program manager              BC   benefits counselor        ANL  analyst
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import access, services
from accounts.models import Program
from accounts.roles import Action, Role
from accounts.tests.factories import MembershipFactory, ProgramFactory, UserFactory
from accounts.tests.helpers import signed_in_client

ROLES = (
    "employment_specialist",
    "ips_supervisor",
    "program_manager",
    "treatment_team_member",
    "vr_counselor",
    "benefits_counselor",
    "state_trainer",
    "state_administrator",
    "analyst",
)
STATE_WIDE = {"state_trainer", "state_administrator", "analyst"}
LOGIN_URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- How to reach each route -----------------------------------------------------------------


@dataclass
class Ctx:
    """What a request in the matrix needs: the signed-in user, and a colleague to act on."""

    user: object
    colleague: object


def _slug_url(name: str) -> Callable:
    return lambda ctx, program: reverse(name, args=[program.slug])


def _plain_url(name: str) -> Callable:
    return lambda ctx, program: reverse(name)


def _program_form_data(ctx, program):
    link = program.programarea_set.get(is_primary=True)
    return {
        "version": program.version,
        "slug": program.slug,
        "name": f"{program.name} (renamed)",
        "agency": program.agency_id,
        "state": program.state,
        "primary_area": link.area_id,
        "status": program.status,
        "start_date": program.start_date.isoformat(),
        "meeting_gap_days": 21,
    }


def _new_program_data(ctx, program):
    data = _program_form_data(ctx, program)
    data.update({"slug": "matrix-new-site", "name": "Matrix New Site", "version": ""})
    return data


def _invite_data(ctx, program):
    return {
        "email": "invited.person@example.test",
        "first_name": "Invited",
        "last_name": "Person",
        "role": "employment_specialist",
        "fte": "0.50",
    }


def _state_invite_data(ctx, program):
    return {
        "email": "invited.analyst@example.test",
        "first_name": "Invited",
        "last_name": "Analyst",
        "role": "analyst",
    }


def _profile_data(ctx, program):
    return {
        "version": ctx.user.version,
        "first_name": "Changed",
        "last_name": "Name",
        "phone": "",
        "language": "en",
    }


def _referral_data(ctx, program):
    return {
        "first_name": "Matrix",
        "last_name": "Referral",
        "date_of_birth": "1990-04-02",
        "preferred_language": "en",
        "referral_source": "self",
    }


def _job_seeker_url(ctx, program):
    """A person of that program with no consent: a partner sees nothing of them."""
    from people.tests.factories import JobSeekerFactory

    person = JobSeekerFactory(program=program)
    return reverse("people:job_seeker_detail", args=[program.slug, person.pk])


def _person_url(name: str, *, enrolled: bool = False) -> Callable:
    """A page about a person of that program with no consent (enrolled, for a transfer)."""

    def url(ctx, program):
        from people.models import CaseloadAssignment
        from people.tests.factories import JobSeekerFactory

        person = JobSeekerFactory(program=program)
        if enrolled:
            specialist = MembershipFactory(role="employment_specialist", program=program)
            person.enrollment_date = timezone.localdate() - datetime.timedelta(days=30)
            person.employment_specialist = specialist
            person.save()
            CaseloadAssignment.objects.create(
                job_seeker=person, employment_specialist=specialist, from_date=person.enrollment_date
            )
        return reverse(name, args=[program.slug, person.pk])

    return url


def _colleague_membership(ctx, program):
    return ctx.colleague.memberships.values_list("pk", flat=True).first() or ""


def _contact_attempt_data(ctx, program):
    when = timezone.localtime() - datetime.timedelta(hours=1)
    return {"attempted_at": when.strftime("%Y-%m-%dT%H:%M"), "method": "phone", "outcome": "no_answer"}


def _enroll_data(ctx, program):
    return {
        "version": 1,
        "enrollment_date": timezone.localdate().isoformat(),
        "employment_specialist": _colleague_membership(ctx, program),
    }


def _transfer_data(ctx, program):
    return {
        "version": 1,
        "on_date": timezone.localdate().isoformat(),
        "employment_specialist": _colleague_membership(ctx, program),
        "reason": "Matrix transfer",
    }


def _person(program):
    from people.tests.factories import JobSeekerFactory

    return JobSeekerFactory(program=program)


def _service_note_data(ctx, program):
    return {
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "kind": "meeting_job_seeker",
        "location": "community",
        "mode": "in_person",
        "minutes": 30,
        "text": "Matrix note",
    }


def _note_url(name: str, *, api: bool = False) -> Callable:
    """A note about a person of that program with no consent, written by the user if they are staff there."""

    def url(ctx, program):
        from people.tests.factories_notes import ServiceNoteFactory

        writer = ctx.user.memberships.filter(
            program=program, role__in=["employment_specialist", "ips_supervisor", "program_manager"]
        ).first() or MembershipFactory(role="employment_specialist", program=program)
        note = ServiceNoteFactory(job_seeker=_person(program), staff=writer)
        if api:
            return reverse(name, args=[note.pk])
        return reverse(name, args=[program.slug, note.job_seeker_id, note.pk])

    return url


def _employer_url(name: str, *, part: str | None = None, api: bool = False) -> Callable:
    """A business of that program (and one of its locations or people, for `part`)."""
    from employers.tests.factories_employers import matrix_url

    return matrix_url(name, part=part, api=api)


def _employer_merge_data(*, api: bool = False) -> Callable:
    """A merge of another business of that program into the one in the address."""
    from employers.tests.factories_employers import matrix_merge_data

    return matrix_merge_data(api=api)


@dataclass(frozen=True)
class Check:
    """One request and what it answers for each role in ROLES (own program, other program)."""

    method: str
    own: tuple[int, ...]
    other: tuple[int, ...] | None = None  # None: the route does not take a program
    anonymous: int = 302
    data: Callable | None = None


@dataclass(frozen=True)
class Route:
    url: Callable
    checks: list[Check] = field(default_factory=list)


# What everyone gets, for rows where nothing depends on the role.
#            ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
ALL_200 = (200, 200, 200, 200, 200, 200, 200, 200, 200)
ALL_302 = (302, 302, 302, 302, 302, 302, 302, 302, 302)
ALL_405 = (405, 405, 405, 405, 405, 405, 405, 405, 405)

MATRIX: dict[str, Route] = {
    "core:home": Route(_plain_url("core:home"), [Check("get", ALL_200)]),
    "accounts:account": Route(
        _plain_url("accounts:account"),
        [Check("get", ALL_200), Check("post", ALL_302, data=_profile_data)],
    ),
    "accounts:api_token": Route(
        _plain_url("accounts:api_token"), [Check("get", ALL_405), Check("post", ALL_302)]
    ),
    "accounts:mfa_setup": Route(_plain_url("accounts:mfa_setup"), [Check("get", ALL_200)]),
    "accounts:mfa_verify": Route(_plain_url("accounts:mfa_verify"), [Check("get", ALL_302)]),
    "accounts:mfa_recovery_codes": Route(
        _plain_url("accounts:mfa_recovery_codes"), [Check("get", ALL_302), Check("post", ALL_200)]
    ),
    "accounts:program_switch": Route(
        lambda ctx, program: reverse("accounts:program_switch"),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 302, 302, 302, 302, 302, 302),
                other=(404, 404, 404, 404, 404, 404, 302, 302, 302),
                data=lambda ctx, program: {"program": program.pk},
            ),
        ],
    ),
    "accounts:program_list": Route(_plain_url("accounts:program_list"), [Check("get", ALL_200)]),
    "accounts:program_create": Route(
        _plain_url("accounts:program_create"),
        [
            #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
            Check("get", own=(403, 403, 403, 403, 403, 403, 403, 200, 403)),
            Check("post", own=(403, 403, 403, 403, 403, 403, 403, 302, 403), data=_new_program_data),
        ],
    ),
    "accounts:program_detail": Route(
        _slug_url("accounts:program_detail"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 200),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 200),
            )
        ],
    ),
    "accounts:program_edit": Route(
        _slug_url("accounts:program_edit"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
            ),
            Check(
                "post",
                own=(403, 403, 302, 403, 403, 403, 403, 302, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 302, 403),
                data=_program_form_data,
            ),
        ],
    ),
    "accounts:program_invite": Route(
        _slug_url("accounts:program_invite"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
            ),
            Check(
                "post",
                own=(403, 403, 302, 403, 403, 403, 403, 302, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 302, 403),
                data=_invite_data,
            ),
        ],
    ),
    "accounts:agency_list": Route(
        _plain_url("accounts:agency_list"),
        #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
        [Check("get", own=(403, 403, 403, 403, 403, 403, 403, 200, 403))],
    ),
    "accounts:user_list": Route(
        _plain_url("accounts:user_list"),
        #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
        [Check("get", own=(403, 403, 403, 403, 403, 403, 403, 200, 403))],
    ),
    "accounts:state_invite": Route(
        _plain_url("accounts:state_invite"),
        [
            #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
            Check("get", own=(403, 403, 403, 403, 403, 403, 403, 200, 403)),
            Check("post", own=(403, 403, 403, 403, 403, 403, 403, 302, 403), data=_state_invite_data),
        ],
    ),
    "accounts:user_set_active": Route(
        lambda ctx, program: reverse("accounts:user_set_active", args=[ctx.colleague.pk]),
        [
            Check("get", ALL_405),
            #                  ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
            Check("post", own=(403, 403, 403, 403, 403, 403, 403, 302, 403)),
        ],
    ),
    "accounts:audit_list": Route(
        lambda ctx, program: f"{reverse('accounts:audit_list')}?program={program.slug}",
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                other=(403, 403, 404, 403, 403, 403, 403, 200, 403),
            )
        ],
    ),
    "accounts:audit_export": Route(
        lambda ctx, program: f"{reverse('accounts:audit_export')}?program={program.slug}",
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                other=(403, 403, 404, 403, 403, 403, 403, 200, 403),
            )
        ],
    ),
    "people:referral_create": Route(
        _slug_url("people:referral_create"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 302, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=_referral_data,
            ),
        ],
    ),
    # Own program: a person with no consent, so partners get 404; the analyst never sees a person.
    "people:job_seeker_detail": Route(
        _job_seeker_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    # Staff of the program work with a person; partners without consent get 404; state roles see
    # the person but may not act (403).
    "people:contact_attempt_create": Route(
        _person_url("people:contact_attempt_create"),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=_contact_attempt_data,
            ),
        ],
    ),
    "people:job_seeker_enroll": Route(
        _person_url("people:job_seeker_enroll"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=_enroll_data,
            ),
        ],
    ),
    "people:job_seeker_transfer": Route(
        _person_url("people:job_seeker_transfer", enrolled=True),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=_transfer_data,
            ),
        ],
    ),
    # --- routes: caseload and worklist ---
    # Everyone who may see people opens a program's caseload and Today; partners see only the
    # people whose consent allows it (none here); the analyst never sees a person.
    "people:caseload": Route(
        _slug_url("people:caseload"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "people:worklist": Route(
        _slug_url("people:worklist"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    # --- routes: public page and referral inbox ---
    # The program staff's inbox of the "I want to work" page; partners and the state never see it.
    "people:referral_inbox": Route(
        _slug_url("people:referral_inbox"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            )
        ],
    ),
    # A submission of that program (made through the reverse relation: no import needed here).
    "people:public_submission_detail": Route(
        lambda ctx, program: reverse(
            "people:public_submission_detail",
            args=[
                program.slug,
                program.public_submissions.create(
                    first_name="Matrix", last_name="Sender", phone="555-0100"
                ).pk,
            ],
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: {"action": "not_a_person", "confirm": "on"},
            ),
        ],
    ),
    # --- routes: record page, timeline, print, closure ---
    # A person of that program with no consent: partners get 404 (never a 403 that says the person
    # is there); state trainer and administrator read, the analyst never sees a person. Closing and
    # re-opening are the program staff's (state roles 403).
    "people:job_seeker_timeline": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "people:job_seeker_timeline"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "people:job_seeker_print": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "people:job_seeker_print"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "people:job_seeker_close": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "people:job_seeker_close", enrolled_person=True
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_close_data,
            ),
        ],
    ),
    "people:job_seeker_reopen": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "people:job_seeker_reopen", closed=True
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_reopen_data,
            ),
        ],
    ),
    # The API: the list (of one program) and referring; one person; the actions on a person.
    "api:job-seeker-list": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_api_list_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 201, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_referral_data,
            ),
        ],
    ),
    "api:job-seeker-detail": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "api:job-seeker-detail", api=True
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check("put", ALL_405, anonymous=401),
        ],
    ),
    "api:job-seeker-enroll": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "api:job-seeker-enroll", api=True
        ),
        [
            Check("get", ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_enroll_data,
            ),
        ],
    ),
    "api:job-seeker-transfer": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "api:job-seeker-transfer", enrolled_person=True, api=True
        ),
        [
            Check("get", ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_transfer_data,
            ),
        ],
    ),
    "api:job-seeker-close": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "api:job-seeker-close", enrolled_person=True, api=True
        ),
        [
            Check("get", ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_close_data,
            ),
        ],
    ),
    "api:job-seeker-reopen": Route(
        __import__("people.tests.factories_record", fromlist=["_"]).matrix_person_url(
            "api:job-seeker-reopen", closed=True, api=True
        ),
        [
            Check("get", ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("people.tests.factories_record", fromlist=["_"]).matrix_reopen_data,
            ),
        ],
    ),
    # --- routes: consents ---
    # The people here have no consent for a partner (a family consent at most): partners get 404.
    # Staff see and record consents; state roles see them but may not act (403).
    "people:consent_list": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_person_url(
            "people:consent_list"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "people:consent_create": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_person_url(
            "people:consent_create"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_consents", fromlist=["_"]).matrix_consent_data,
            ),
        ],
    ),
    "people:consent_revoke": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_revoke_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
        ],
    ),
    "people:job_seeker_treatment_team": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_person_url(
            "people:job_seeker_treatment_team"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_consents", fromlist=["_"]).matrix_treatment_team_data,
            ),
        ],
    ),
    "api:consent-list": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_api_list_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("people.tests.factories_consents", fromlist=["_"]).matrix_api_create_data,
            ),
        ],
    ),
    "api:consent-detail": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_api_detail_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:consent-revoke": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_api_revoke_url,
        [
            Check("get", ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
            ),
        ],
    ),
    "api:consent-check": Route(
        __import__("people.tests.factories_consents", fromlist=["_"]).matrix_api_check_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
            )
        ],
    ),
    # --- routes: career profile ---
    # A person of that program with no consent (so partners get 404, never a 403 that says the
    # person is there) and a career profile at version 1. Staff read and edit it; the state trainer
    # and administrator read it but may not change it (403); the analyst never sees a person.
    "people:career_profile": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:career_profile"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            ),
        ],
    ),
    "people:career_profile_edit": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:career_profile_edit"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_data,
            ),
        ],
    ),
    "people:career_profile_versions": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:career_profile_versions"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            ),
        ],
    ),
    "people:career_profile_version": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:career_profile_version", number=1
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            ),
        ],
    ),
    "people:work_history_add": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:work_history_add"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_work_add_data,
            ),
        ],
    ),
    "people:work_history_edit": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:work_history_edit", entry="work"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_work_edit_data,
            ),
        ],
    ),
    "people:work_history_remove": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:work_history_remove", entry="work"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_remove_data,
            ),
        ],
    ),
    "people:education_history_add": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:education_history_add"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_education_add_data,
            ),
        ],
    ),
    "people:education_history_edit": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:education_history_edit", entry="education"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_education_edit_data,
            ),
        ],
    ),
    "people:education_history_remove": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_profile_url(
            "people:education_history_remove", entry="education"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_profile", fromlist=["_"]).matrix_remove_data,
            ),
        ],
    ),
    # The API: GET reads the profile. The matrix client sends no JSON body, so a PATCH that passes
    # the gate answers 415 (Unsupported Media Type); people/tests/test_profile_api.py covers the writes.
    "api:career-profile": Route(
        __import__("people.tests.factories_profile", fromlist=["_"]).matrix_api_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "patch",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(415, 415, 415, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
            ),
            Check("post", ALL_405, anonymous=401),
        ],
    ),
    # --- routes: employment plan ---
    # Own program: an enrolled person with no consent, so partners get 404; staff work on the plan;
    # state roles read the plan page but may not change anything (403); the analyst sees no person.
    "people:employment_plan": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url("people:employment_plan"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            ),
        ],
    ),
    "people:employment_plan_create": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:employment_plan_create"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
        ],
    ),
    "people:employment_plan_activate": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:employment_plan_activate", "plan"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("agree"),
            ),
        ],
    ),
    "people:employment_plan_review": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:employment_plan_review", "plan", active=True
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("review"),
            ),
        ],
    ),
    "people:employment_plan_discard": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:employment_plan_discard", "plan"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("version"),
            ),
        ],
    ),
    "people:plan_goal_create": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_goal_create", "plan"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("goal"),
            ),
        ],
    ),
    "people:plan_goal_edit": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_goal_edit", "goal"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("goal"),
            ),
        ],
    ),
    "people:plan_goal_move": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_goal_move", "goal"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("move_up"),
            ),
        ],
    ),
    "people:plan_goal_remove": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_goal_remove", "goal"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("version"),
            ),
        ],
    ),
    "people:plan_step_create": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_step_create", "goal"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("step"),
            ),
        ],
    ),
    "people:plan_step_edit": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_step_edit", "step"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("step"),
            ),
        ],
    ),
    "people:plan_step_done": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_step_done", "step"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("version"),
            ),
        ],
    ),
    "people:plan_step_move": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_step_move", "step"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("move_up"),
            ),
        ],
    ),
    "people:plan_step_remove": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "people:plan_step_remove", "step"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("version"),
            ),
        ],
    ),
    # The plans API: the same gate; 401 for a caller who is not signed in.
    "api:employment-plan-list": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "api:employment-plan-list", api=True
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("api_plan"),
                anonymous=401,
            ),
        ],
    ),
    "api:employment-plan-detail": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "api:employment-plan-detail", "plan", api=True
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
        ],
    ),
    "api:employment-plan-goals": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "api:employment-plan-goals", "plan", api=True
        ),
        [
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("goal"),
                anonymous=401,
            ),
        ],
    ),
    "api:employment-plan-steps": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "api:employment-plan-steps", "plan", api=True
        ),
        [
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("api_step"),
                anonymous=401,
            ),
        ],
    ),
    "api:employment-plan-activate": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "api:employment-plan-activate", "plan", api=True
        ),
        [
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("agree"),
                anonymous=401,
            ),
        ],
    ),
    "api:employment-plan-review": Route(
        __import__("people.tests.factories_plans", fromlist=["_"]).matrix_url(
            "api:employment-plan-review", "plan", active=True, api=True
        ),
        [
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("people.tests.factories_plans", fromlist=["_"]).matrix_data("review"),
                anonymous=401,
            ),
        ],
    ),
    # --- routes: service notes ---
    # A note about a person of that program with no consent; written by the user where they are staff
    # there (only the writer may edit), else by another employment specialist.
    "people:service_notes": Route(
        _person_url("people:service_notes"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "people:service_note_create": Route(
        _person_url("people:service_note_create"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=_service_note_data,
            ),
        ],
    ),
    "people:service_note_edit": Route(
        _note_url("people:service_note_edit"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: {**_service_note_data(ctx, program), "version": 1},
            ),
        ],
    ),
    "people:note_addendum_create": Route(
        _note_url("people:note_addendum_create"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: {"text": "Matrix addendum"},
            ),
        ],
    ),
    "api:service-note-list": Route(
        lambda ctx, program: f"{reverse('api:service-note-list')}?job_seeker={_person(program).pk}",
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=lambda ctx, program: {
                    **_service_note_data(ctx, program),
                    "job_seeker": _person(program).pk,
                },
            ),
        ],
    ),
    "api:service-note-detail": Route(
        _note_url("api:service-note-detail", api=True),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:service-note-addenda": Route(
        _note_url("api:service-note-addenda", api=True),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=lambda ctx, program: {"text": "Matrix addendum"},
            ),
        ],
    ),
    # --- routes: employers ---
    # Job development is the program staff's work; the state trainer and administrator read it; partners
    # and the analyst never see a business (403 in their own program, 404 in another one).
    "employers:employer_list": Route(
        _slug_url("employers:employer_list"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "employers:employer_create": Route(
        _slug_url("employers:employer_create"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: {"name": "Matrix Business", "relationship": "prospect"},
            ),
        ],
    ),
    "employers:employer_detail": Route(
        _employer_url("employers:employer_detail"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "employers:employer_edit": Route(
        _employer_url("employers:employer_edit"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: {
                    "version": 1,
                    "name": "Matrix Business",
                    "relationship": "prospect",
                },
            ),
        ],
    ),
    "employers:employer_merge": Route(
        _employer_url("employers:employer_merge"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=_employer_merge_data(),
            ),
        ],
    ),
    **{
        f"employers:employer_{part}_{step}": Route(
            _employer_url(f"employers:employer_{part}_{step}", part=None if step == "create" else part),
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                ),
                Check(
                    "post",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                    data=lambda ctx, program: {
                        "label": "Matrix place",
                        "name": "Matrix Person",
                        "role": "owner",
                    },
                ),
            ],
        )
        for part in ("location", "person")
        for step in ("create", "edit")
    },
    **{
        f"employers:employer_{part}_archive": Route(
            _employer_url(f"employers:employer_{part}_archive", part=part),
            [
                Check("get", ALL_405, other=ALL_405),
                Check(
                    "post",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                ),
            ],
        )
        for part in ("location", "person")
    },
    "api:employer-list": Route(
        lambda ctx, program: f"{reverse('api:employer-list')}?program={program.slug}",
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=lambda ctx, program: {"program": program.slug, "name": "Matrix Business"},
            ),
        ],
    ),
    "api:employer-detail": Route(
        _employer_url("api:employer-detail", api=True),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:employer-merge": Route(
        _employer_url("api:employer-merge", api=True),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=_employer_merge_data(api=True),
            ),
        ],
    ),
    # --- routes: employer contacts and job development ---
    # Job development is the program staff's own work; the state trainer and administrator read it
    # (for fidelity reviews) but never log contacts; partners and the analyst see none of it.
    "employers:contact_list": Route(
        _slug_url("employers:contact_list"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "employers:job_development": Route(
        _slug_url("employers:job_development"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "employers:contact_create": Route(
        _slug_url("employers:contact_create"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: __import__(
                    "employers.tests.factories_contacts", fromlist=["x"]
                ).matrix_contact_data(ctx, program),
            ),
        ],
    ),
    "employers:contact_edit": Route(
        lambda ctx, program: __import__(
            "employers.tests.factories_contacts", fromlist=["x"]
        ).matrix_contact_url("employers:contact_edit")(ctx, program),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=lambda ctx, program: {
                    **__import__("employers.tests.factories_contacts", fromlist=["x"]).matrix_contact_data(
                        ctx, program
                    ),
                    "version": 1,
                },
            ),
        ],
    ),
    "api:employer-contact-list": Route(
        lambda ctx, program: f"{reverse('api:employer-contact-list')}?program={program.slug}",
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=lambda ctx, program: {
                    **__import__("employers.tests.factories_contacts", fromlist=["x"]).matrix_contact_data(
                        ctx, program
                    ),
                    "face_to_face": "true",
                    "program": program.slug,
                },
            ),
        ],
    ),
    "api:employer-contact-detail": Route(
        lambda ctx, program: __import__(
            "employers.tests.factories_contacts", fromlist=["x"]
        ).matrix_contact_url("api:employer-contact-detail", api=True)(ctx, program),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    # --- routes: openings and matching ---
    # Openings are the IPS team's job development: staff see and change them, the state trainer and
    # administrator read them, partners and the analyst get 403 in a program they see (404 elsewhere).
    "employers:opening_list": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "employers:opening_list", "program"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "employers:opening_create": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "employers:opening_create", "employer"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("employers.tests.factories_openings", fromlist=["_"]).matrix_data("form"),
            ),
        ],
    ),
    "employers:opening_detail": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "employers:opening_detail"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "employers:opening_edit": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url("employers:opening_edit"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("employers.tests.factories_openings", fromlist=["_"]).matrix_data("edit"),
            ),
        ],
    ),
    "employers:opening_match_set": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "employers:opening_match_set"
        ),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("employers.tests.factories_openings", fromlist=["_"]).matrix_data("match"),
            ),
        ],
    ),
    # A person in job search with no consent: partners get 404 as on every page about a person.
    "employers:job_seeker_openings": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "employers:job_seeker_openings", "person"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    # The list answers everyone with the openings they may see (none for partners and the analyst).
    "api:opening-list": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "api:opening-list", "api_list"
        ),
        [
            Check("get", ALL_200, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("employers.tests.factories_openings", fromlist=["_"]).matrix_data(
                    "api_create"
                ),
            ),
        ],
    ),
    "api:opening-detail": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "api:opening-detail", "api_opening"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:opening-suggestions": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "api:opening-suggestions", "api_opening"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:opening-matches": Route(
        __import__("employers.tests.factories_openings", fromlist=["_"]).matrix_url(
            "api:opening-matches", "api_opening"
        ),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("employers.tests.factories_openings", fromlist=["_"]).matrix_data(
                    "api_match"
                ),
            ),
        ],
    ),
    # --- routes: jobs and minimum wages ---
    # An enrolled person of that program with no consent (and a job of theirs): partners get 404; the
    # state trainer and administrator read (403 on writes); the analyst never sees a person. The
    # minimum-wage table is state-wide: everyone reads it, only the state administrator writes.
    "jobs:job_list": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).person_jobs_url("jobs:job_list"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "jobs:job_create": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).person_jobs_url("jobs:job_create"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_job_data,
            ),
        ],
    ),
    "jobs:job_detail": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).job_url("jobs:job_detail"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "jobs:job_edit": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).job_url("jobs:job_edit"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_job_edit_data,
            ),
        ],
    ),
    "jobs:job_end": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).job_url("jobs:job_end"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_job_end_data,
            ),
        ],
    ),
    "jobs:minimum_wage_list": Route(
        _plain_url("jobs:minimum_wage_list"),
        [
            Check("get", ALL_200),
            #                  ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
            Check(
                "post",
                own=(403, 403, 403, 403, 403, 403, 403, 302, 403),
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_rate_data,
            ),
        ],
    ),
    "jobs:minimum_wage_edit": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_rate_url,
        [
            #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
            Check("get", own=(403, 403, 403, 403, 403, 403, 403, 200, 403)),
            Check(
                "post",
                own=(403, 403, 403, 403, 403, 403, 403, 302, 403),
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_federal_rate_data,
            ),
        ],
    ),
    "api:job-list": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).api_job_list_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_api_job_data,
            ),
        ],
    ),
    "api:job-detail": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).job_url("api:job-detail", api=True),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:job-end": Route(
        __import__("jobs.tests.factories_jobs", fromlist=["_"]).job_url("api:job-end", api=True),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_job_end_data,
            ),
        ],
    ),
    "api:minimum-wage-list": Route(
        _plain_url("api:minimum-wage-list"),
        [
            Check("get", ALL_200, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 403, 403, 403, 403, 403, 201, 403),
                anonymous=401,
                data=__import__("jobs.tests.factories_jobs", fromlist=["_"]).matrix_rate_data,
            ),
        ],
    ),
    # --- routes: education and follow-along ---
    # An enrolled person of that program with no consent: partners get 404; state trainer and
    # administrator read (403 on writes); the analyst never sees a person.
    "jobs:education_list": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_education_list_url(
            "jobs:education_list"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "jobs:education_create": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_education_list_url(
            "jobs:education_create"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("supports.tests.factories_supports", fromlist=["_"]).matrix_education_data,
            ),
        ],
    ),
    "jobs:education_edit": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_education_edit_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__(
                    "supports.tests.factories_supports", fromlist=["_"]
                ).matrix_education_edit_data,
            ),
        ],
    ),
    "supports:follow_along": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_follow_along_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(302, 302, 302, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                data=__import__("supports.tests.factories_supports", fromlist=["_"]).matrix_follow_along_data,
            ),
        ],
    ),
    # Like the caseload: partners open it and see only people whose consent allows it (none here).
    "supports:follow_along_list": Route(
        _slug_url("supports:follow_along_list"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "api:education-list": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_api_education_list_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(201, 201, 201, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=__import__(
                    "supports.tests.factories_supports", fromlist=["_"]
                ).matrix_api_education_create_data,
            ),
        ],
    ),
    "api:education-detail": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_api_education_url(
            "api:education-detail"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:education-end": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_api_education_url(
            "api:education-end"
        ),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
                data=lambda ctx, program: {"version": 1, "end_date": timezone.localdate().isoformat()},
            ),
        ],
    ),
    "api:follow-along-list": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_api_follow_along_list_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
    "api:follow-along-detail": Route(
        __import__("supports.tests.factories_supports", fromlist=["_"]).matrix_api_follow_along_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 404, 404, 404, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            # The matrix client sends no JSON body: a PATCH that passes the gate answers 415;
            # supports/tests/test_follow_along.py covers the writes.
            Check(
                "patch",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(415, 415, 415, 404, 404, 404, 403, 403, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 403, 403),
                anonymous=401,
            ),
        ],
    ),
    # The API answers 401 to a caller who is not signed in, never a redirect.
    "api:me": Route(_plain_url("api:me"), [Check("get", ALL_200, anonymous=401)]),
    "api:program-list": Route(
        _plain_url("api:program-list"),
        [Check("get", ALL_200, anonymous=401), Check("post", ALL_405, anonymous=401)],
    ),
    "api:program-detail": Route(
        lambda ctx, program: reverse("api:program-detail", kwargs={"slug": program.slug}),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 200, 200, 200, 200, 200, 200),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 200),
                anonymous=401,
            )
        ],
    ),
    "api_schema": Route(_plain_url("api_schema"), [Check("get", ALL_200, anonymous=401)]),
    "api_docs": Route(_plain_url("api_docs"), [Check("get", ALL_200)]),
    # --- routes: quarterly reports ---
    # Changing an entered item and cancelling an amendment: the manager and the administrator only.
    **{
        name: Route(
            url,
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
                ),
                Check(
                    "post",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(403, 403, 302, 403, 403, 403, 403, 302, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 302, 403),
                    data=data,
                ),
            ],
        )
        for name, url, data in (
            (
                "reporting:report_entry_edit",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_entry_edit_url,
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_entry_data,
            ),
            (
                "reporting:report_amend_cancel",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_report_url(
                    "reporting:report_amend_cancel", amend_first=True
                ),
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_version_data,
            ),
        )
    },
    # A program's reports: its staff and the state trainer/administrator read them; partners and the
    # analyst never (403 where they see the program); only the manager and the administrator submit.
    **{
        name: Route(
            url,
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                )
            ],
        )
        for name, url in (
            ("reporting:report_list", _slug_url("reporting:report_list")),
            (
                "reporting:report_detail",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_report_url(
                    "reporting:report_detail"
                ),
            ),
            (
                "reporting:report_submission",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_report_url(
                    "reporting:report_submission", submit_first=True, extra=(1,)
                ),
            ),
            (
                "reporting:report_drilldown",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_drilldown_url,
            ),
        )
    },
    **{
        name: Route(
            url,
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
                ),
                Check(
                    "post",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(403, 403, 302, 403, 403, 403, 403, 302, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 302, 403),
                    data=data,
                ),
            ],
        )
        for name, url, data in (
            (
                "reporting:report_entry_add",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_report_url(
                    "reporting:report_entry_add"
                ),
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_entry_data,
            ),
            (
                "reporting:report_entry_withdraw",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_entry_withdraw_url,
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_version_data,
            ),
            (
                "reporting:report_submit",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_report_url(
                    "reporting:report_submit"
                ),
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_version_data,
            ),
            (
                "reporting:report_amend",
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_report_url(
                    "reporting:report_amend", submit_first=True
                ),
                __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_version_data,
            ),
        )
    },
    # The state team's tracker; the administrator sets due dates and benchmarks.
    "reporting:state_tracker": Route(
        _plain_url("reporting:state_tracker"),
        #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
        [Check("get", own=(403, 403, 403, 403, 403, 403, 200, 200, 403))],
    ),
    "reporting:deadline_set": Route(
        _plain_url("reporting:deadline_set"),
        [
            Check("get", ALL_405),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 403, 403, 403, 403, 403, 302, 403),
                data=__import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_deadline_data,
            ),
        ],
    ),
    # Benchmarks: whoever reads a program's or the state's outcomes reads them.
    "reporting:benchmark_list": Route(
        _plain_url("reporting:benchmark_list"),
        #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
        [Check("get", own=(200, 200, 200, 403, 403, 403, 200, 200, 200))],
    ),
    "reporting:benchmark_edit": Route(
        __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_benchmark_url,
        [
            #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
            Check("get", own=(403, 403, 403, 403, 403, 403, 403, 200, 403)),
            Check(
                "post",
                own=(403, 403, 403, 403, 403, 403, 403, 302, 403),
                data=__import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_benchmark_data,
            ),
        ],
    ),
    # --- routes: dashboards ---
    # A program's dashboard and report downloads: its staff and the state trainer/administrator
    # (partners and the analyst 403 where they see the program). "My caseload" needs a staff post
    # in the program (404 for the state roles). The state dashboard: the state roles (the analyst
    # with small cells hidden); the state workbook: trainer and administrator.
    **{
        name: Route(
            lambda ctx, program, name=name: reverse(name, args=[program.slug]),
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                )
            ],
        )
        for name in ("reporting:dashboard",)
    },
    "reporting:dashboard_me": Route(
        _slug_url("reporting:dashboard_me"),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 404, 404, 403),
                other=(404, 404, 404, 404, 404, 404, 404, 404, 403),
            )
        ],
    ),
    "reporting:state_dashboard": Route(
        _plain_url("reporting:state_dashboard"),
        #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
        [Check("get", own=(403, 403, 403, 403, 403, 403, 200, 200, 200))],
    ),
    **{
        name: Route(
            lambda ctx, program, name=name: reverse(name, args=[program.slug, "2026Q2"]),
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                )
            ],
        )
        for name in ("reporting:report_csv", "reporting:report_xlsx", "reporting:report_pdf")
    },
    # Several quarters of a program's report in one workbook: the same people as a single download.
    "reporting:report_range_xlsx": Route(
        lambda ctx, program: __import__(
            "reporting.tests.factories_quarters", fromlist=["range_url"]
        ).range_url(program),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
            )
        ],
    ),
    "reporting:state_xlsx": Route(
        lambda ctx, program: reverse("reporting:state_xlsx", args=["2026Q2"]),
        #                 ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
        [Check("get", own=(403, 403, 403, 403, 403, 403, 200, 200, 403))],
    ),
    # --- routes: import and export ---
    # The program manager (and the state administrator, for any program) imports and exports a
    # program's records; everyone else who sees the program gets 403, others 404.
    "reporting:program_import": Route(
        _slug_url("reporting:program_import"),
        [
            Check(
                "get",
                (403, 403, 200, 403, 403, 403, 403, 200, 403),
                (404, 404, 404, 404, 404, 404, 403, 200, 403),
            ),
            Check(
                "post",
                (403, 403, 302, 403, 403, 403, 403, 302, 403),
                (404, 404, 404, 404, 404, 404, 403, 302, 403),
                data=lambda ctx, program: __import__(
                    "reporting.tests.factories_interchange", fromlist=["upload_data"]
                ).upload_data(program),
            ),
        ],
    ),
    "reporting:program_import_run": Route(
        lambda ctx, program: __import__(
            "reporting.tests.factories_interchange", fromlist=["run_url"]
        ).run_url(ctx, program, "reporting:program_import_run"),
        [
            Check(
                "get",
                (403, 403, 200, 403, 403, 403, 403, 200, 403),
                (404, 404, 404, 404, 404, 404, 403, 200, 403),
            )
        ],
    ),
    "reporting:program_import_confirm": Route(
        lambda ctx, program: __import__(
            "reporting.tests.factories_interchange", fromlist=["run_url"]
        ).run_url(ctx, program, "reporting:program_import_confirm"),
        [
            Check(
                "post",
                (403, 403, 302, 403, 403, 403, 403, 302, 403),
                (404, 404, 404, 404, 404, 404, 403, 302, 403),
            )
        ],
    ),
    "reporting:program_export": Route(
        _slug_url("reporting:program_export"),
        [
            Check(
                "get",
                (403, 403, 200, 403, 403, 403, 403, 200, 403),
                (404, 404, 404, 404, 404, 404, 403, 200, 403),
            ),
            Check(
                "post",
                (403, 403, 200, 403, 403, 403, 403, 200, 403),
                (404, 404, 404, 404, 404, 404, 403, 200, 403),
            ),
        ],
    ),
    # --- routes: reporting API ---
    # Cancelling an amendment, and the entered items: readers of the report list and read them; the
    # manager and the administrator enter, change and withdraw them. The matrix client sends no JSON
    # body, so a PATCH that passes the gate answers 415; reporting/tests/test_reports_api.py covers it.
    "api:report-cancel-amendment": Route(
        __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_report_url(
            "api:report-cancel-amendment", amend_first=True
        ),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
                anonymous=401,
                data=__import__(
                    "reporting.tests.factories_reports", fromlist=["_"]
                ).matrix_api_report_version,
            ),
        ],
    ),
    "api:report-entry-list": Route(
        __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_entry_list_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 201, 403, 403, 403, 403, 201, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 201, 403),
                anonymous=401,
                data=__import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_entry_data,
            ),
        ],
    ),
    "api:report-entry-detail": Route(
        __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_entry_url(
            "api:report-entry-detail"
        ),
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            ),
            Check(
                "patch",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 415, 403, 403, 403, 403, 415, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 415, 403),
                anonymous=401,
            ),
            Check("delete", ALL_405, other=ALL_405, anonymous=401),
        ],
    ),
    "api:report-entry-withdraw": Route(
        __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_entry_url(
            "api:report-entry-withdraw"
        ),
        [
            Check("get", ALL_405, other=ALL_405, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
                anonymous=401,
                data=__import__(
                    "reporting.tests.factories_reports", fromlist=["_"]
                ).matrix_api_report_version,
            ),
        ],
    ),
    # Reports: the list is everyone's own programs' reports (empty for partners and the analyst).
    "api:report-list": Route(
        _plain_url("api:report-list"),
        [
            Check("get", ALL_200, anonymous=401),
            Check(
                "post",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(403, 403, 201, 403, 403, 403, 403, 201, 403),
                other=(404, 404, 404, 404, 404, 404, 403, 201, 403),
                anonymous=401,
                data=__import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_open_data,
            ),
        ],
    ),
    **{
        name: Route(
            __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_report_url(name),
            [
                Check(
                    "get",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                    anonymous=401,
                )
            ],
        )
        for name in ("api:report-detail", "api:report-submissions")
    },
    **{
        name: Route(
            __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_api_report_url(
                name, submit_first=name == "api:report-amend"
            ),
            [
                Check("get", ALL_405, other=ALL_405, anonymous=401),
                Check(
                    "post",
                    #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                    own=(403, 403, 200, 403, 403, 403, 403, 200, 403),
                    other=(404, 404, 404, 404, 404, 404, 403, 200, 403),
                    anonymous=401,
                    data=__import__(
                        "reporting.tests.factories_reports", fromlist=["_"]
                    ).matrix_api_report_version,
                ),
            ],
        )
        for name in ("api:report-submit", "api:report-amend")
    },
    "api:measures-list": Route(
        __import__("reporting.tests.factories_reports", fromlist=["_"]).matrix_measures_url,
        [
            Check(
                "get",
                #     ES   SUP  PM   TT   VR   BC   TRN  ADM  ANL
                own=(200, 200, 200, 403, 403, 403, 200, 200, 403),
                other=(404, 404, 404, 404, 404, 404, 200, 200, 403),
                anonymous=401,
            )
        ],
    ),
}


@dataclass(frozen=True)
class Public:
    """A route anyone may open without signing in, and what an anonymous visitor gets."""

    url: Callable[[], str]
    method: str
    status: int
    data: dict | None = None
    location: str | None = None  # where a redirect must lead


def _invitation_url():
    admin = UserFactory()
    MembershipFactory(user=admin, role="state_administrator", program=None)
    program = ProgramFactory()
    _invitation, token = services.invitation_create(
        actor=admin,
        email="new.colleague@example.test",
        first_name="New",
        last_name="Colleague",
        role="vr_counselor",
        program=program,
    )
    return reverse("accounts:invitation", args=[token])


PUBLIC: dict[str, Public] = {
    "accounts:login": Public(lambda: reverse("accounts:login"), "get", 200),
    "accounts:logout": Public(lambda: reverse("accounts:logout"), "post", 302, location=LOGIN_URL),
    "accounts:password_reset": Public(lambda: reverse("accounts:password_reset"), "get", 200),
    "accounts:password_reset_done": Public(lambda: reverse("accounts:password_reset_done"), "get", 200),
    # A made-up link: the page explains that the link is not valid.
    "accounts:password_reset_confirm": Public(
        lambda: reverse("accounts:password_reset_confirm", args=["MQ", "not-a-token"]), "get", 200
    ),
    "accounts:password_reset_complete": Public(
        lambda: reverse("accounts:password_reset_complete"), "get", 200
    ),
    "accounts:invitation": Public(_invitation_url, "get", 200),
    "healthz": Public(lambda: reverse("healthz"), "get", 200),
    "set_language": Public(
        lambda: reverse("set_language"),
        "post",
        302,
        data={"language": "es", "next": "/accounts/login/"},
        location=LOGIN_URL,
    ),
    # The "I want to work" page of a program that takes referrals online, and its thank-you page.
    "people:public_referral": Public(
        lambda: reverse("people:public_referral", args=[ProgramFactory(self_referral_open=True).slug]),
        "get",
        200,
    ),
    "people:public_referral_thanks": Public(
        lambda: reverse("people:public_referral_thanks", args=[ProgramFactory().slug]), "get", 200
    ),
}


# --- The route list is complete -----------------------------------------------------------------


def _all_routes(resolver=None, namespace=""):
    """(full name or None, pattern text) for every route, walking through includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, pattern in _all_routes(entry, inner):
                yield name, f"{entry.pattern}{pattern}"
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), str(entry.pattern)


def test_every_route_is_in_the_matrix():
    missing = sorted(
        f"{name or '(unnamed)'} at /{pattern}"
        for name, pattern in _all_routes()
        if name is None or (name not in MATRIX and name not in PUBLIC)
    )
    assert not missing, (
        "These routes are not in the access matrix; add each to MATRIX (with what every role gets) "
        "or to PUBLIC in accounts/tests/test_access_matrix.py: " + ", ".join(missing)
    )


def test_every_matrix_entry_is_a_real_route():
    names = {name for name, _pattern in _all_routes() if name}
    stale = sorted((set(MATRIX) | set(PUBLIC)) - names)
    assert not stale, f"The matrix lists routes that no longer exist: {stale}"
    assert not set(MATRIX) & set(PUBLIC), "A route is either public or in the matrix, not both"


def test_the_matrix_has_a_column_for_every_role():
    assert set(ROLES) == set(Role.values)
    assert len(ROLES) == len(Role.values)
    for name, route in MATRIX.items():
        for check in route.checks:
            assert len(check.own) == len(ROLES), name
            assert check.other is None or len(check.other) == len(ROLES), name


# --- Every role × every route × own and other program --------------------------------------------


def _user_with(role, program):
    user = UserFactory()
    MembershipFactory(user=user, role=role, program=None if role in STATE_WIDE else program)
    return user


def _send(client, check, url, ctx, program):
    data = check.data(ctx, program) if check.data else {}
    return getattr(client, check.method)(url, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route_name", sorted(MATRIX))
def test_role_on_route(db, route_name, role):
    route = MATRIX[route_name]
    program = ProgramFactory()
    other_program = ProgramFactory()
    user = _user_with(role, program)
    colleague = _user_with("employment_specialist", program)
    ctx = Ctx(user=user, colleague=colleague)
    client = signed_in_client(user)
    column = ROLES.index(role)
    for check in route.checks:
        places = [("own program", program, check.own)]
        if check.other is not None:
            places.append(("other program", other_program, check.other))
        for where, target, expected in places:
            url = route.url(ctx, target)
            response = _send(client, check, url, ctx, target)
            assert response.status_code == expected[column], (
                f"{role} {check.method.upper()} {url} ({where}): "
                f"expected {expected[column]}, got {response.status_code}"
            )
            if response.status_code == 302:
                assert not response["Location"].startswith(LOGIN_URL), (
                    f"{role} {check.method.upper()} {url} was sent to sign in"
                )


@pytest.mark.parametrize("route_name", sorted(MATRIX))
def test_anonymous_is_refused(client, db, route_name):
    route = MATRIX[route_name]
    program = ProgramFactory()
    ctx = Ctx(user=UserFactory(), colleague=UserFactory())
    for check in route.checks:
        url = route.url(ctx, program)
        response = _send(client, check, url, ctx, program)
        assert response.status_code == check.anonymous, f"anonymous {check.method.upper()} {url}"
        if check.anonymous == 302:
            assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.parametrize("route_name", sorted(PUBLIC))
def test_public_route_answers_anonymous(client, db, route_name):
    entry = PUBLIC[route_name]
    url = entry.url()
    response = getattr(client, entry.method)(url, entry.data or {})
    assert response.status_code == entry.status, url
    if entry.location is not None:
        assert response["Location"] == entry.location


# --- The gate itself: can / restrict / get_for / require ----------------------------------------

# For each action: may the role take it in its own program, and in another program?
# (A state-wide role has no "own" program; it answers the same for both.)
#                                  ES     SUP    PM     TT     VR     BC     TRN    ADM    ANL
T, F = True, False
GATE: dict[str, tuple[tuple[bool, ...], tuple[bool, ...]]] = {
    Action.PROGRAM_VIEW: (
        (T, T, T, T, T, T, T, T, T),
        (F, F, F, F, F, F, T, T, T),
    ),
    Action.PROGRAM_CREATE: (
        (F, F, F, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.PROGRAM_EDIT: (
        (F, F, T, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.STAFF_VIEW: (
        (T, T, T, F, F, F, T, T, F),
        (F, F, F, F, F, F, T, T, F),
    ),
    Action.STAFF_INVITE: (
        (F, F, T, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.USER_MANAGE: (
        (F, F, F, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.AUDIT_VIEW: (
        (F, F, T, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.AGGREGATES_VIEW: (
        (T, T, T, T, T, T, T, T, T),
        (F, F, F, F, F, F, T, T, T),
    ),
    # Partners: in their program, and then only for people whose consent allows it
    # (people/tests/test_gate.py covers the consent rule row by row).
    Action.JOB_SEEKER_VIEW: (
        (T, T, T, T, T, T, T, T, F),
        (F, F, F, F, F, F, T, T, F),
    ),
    # Staff and a treatment-team member refer in their own program; nobody else refers.
    Action.JOB_SEEKER_REFER: (
        (T, T, T, T, F, F, F, F, F),
        (F, F, F, F, F, F, F, F, F),
    ),
    # Only the program's own staff log outreach, enroll and transfer.
    Action.JOB_SEEKER_EDIT: (
        (T, T, T, F, F, F, F, F, F),
        (F, F, F, F, F, F, F, F, F),
    ),
    # The "I want to work" inbox is the program staff's.
    Action.REFERRAL_INBOX: (
        (T, T, T, F, F, F, F, F, F),
        (F, F, F, F, F, F, F, F, F),
    ),
    # Job development: the IPS team works it; the state team reads it.
    Action.EMPLOYER_VIEW: (
        (T, T, T, F, F, F, T, T, F),
        (F, F, F, F, F, F, T, T, F),
    ),
    Action.EMPLOYER_EDIT: (
        (T, T, T, F, F, F, F, F, F),
        (F, F, F, F, F, F, F, F, F),
    ),
    # The minimum-wage table is state-wide reference data.
    Action.MINIMUM_WAGE_EDIT: (
        (F, F, F, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    # A program's outcomes: its staff and the state team; never a partner or the analyst.
    Action.REPORT_VIEW: (
        (T, T, T, F, F, F, T, T, F),
        (F, F, F, F, F, F, T, T, F),
    ),
    Action.REPORT_DRILLDOWN: (
        (T, T, T, F, F, F, T, T, F),
        (F, F, F, F, F, F, T, T, F),
    ),
    Action.REPORT_SUBMIT: (
        (F, F, T, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.PROGRAM_IMPORT: (
        (F, F, T, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    Action.PROGRAM_EXPORT: (
        (F, F, T, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
    # State-wide figures: the state team, and the analyst with small cells hidden.
    Action.STATE_OUTCOMES_VIEW: (
        (F, F, F, F, F, F, T, T, T),
        (F, F, F, F, F, F, T, T, T),
    ),
    Action.STATE_REPORTS_TRACK: (
        (F, F, F, F, F, F, T, T, F),
        (F, F, F, F, F, F, T, T, F),
    ),
    Action.REPORTING_SETTINGS_EDIT: (
        (F, F, F, F, F, F, F, T, F),
        (F, F, F, F, F, F, F, T, F),
    ),
}


def test_the_gate_table_has_every_action():
    assert set(GATE) == set(Action.values)


def _expected_refusal(program_visible: bool):
    """A row the user cannot see is a 404; one they see but may not act on is a 403."""
    return PermissionDenied if program_visible else Http404


@pytest.mark.parametrize("action", sorted(Action.values))
@pytest.mark.parametrize("role", ROLES)
def test_gate(db, role, action):
    program = ProgramFactory()
    other_program = ProgramFactory()
    user = _user_with(role, program)
    column = ROLES.index(role)
    own_ok, other_ok = GATE[action][0][column], GATE[action][1][column]
    sees_own, sees_other = GATE[Action.PROGRAM_VIEW][0][column], GATE[Action.PROGRAM_VIEW][1][column]

    assert access.can(user, action, program) is own_ok
    assert access.can(user, action, other_program) is other_ok
    assert access.can(user, action) is (own_ok or other_ok)

    visible = set(access.restrict(Program.objects.all(), user, action))
    assert (program in visible) is own_ok
    assert (other_program in visible) is other_ok

    for target, ok, sees in ((program, own_ok, sees_own), (other_program, other_ok, sees_other)):
        if ok:
            assert access.get_for(user, Program, target.pk, action) == target
            assert access.get_for(user, Program, target.slug, action, lookup="slug") == target
            access.require(user, action, target)
        else:
            with pytest.raises(_expected_refusal(sees)):
                access.get_for(user, Program, target.pk, action)
            with pytest.raises(_expected_refusal(sees)):
                access.require(user, action, target)
    if not (own_ok or other_ok):
        with pytest.raises(PermissionDenied):
            access.require(user, action)


def test_gate_treats_a_missing_or_malformed_key_as_not_found(make_user, program):
    user = make_user("state_administrator")
    for key in (10**9, "not-a-number", None):
        with pytest.raises(Http404):
            access.get_for(user, Program, key, Action.PROGRAM_VIEW)


# --- Memberships that are not current, and deactivated users -----------------------------------


def _membership_user(program, role="program_manager", **dates):
    user = UserFactory()
    MembershipFactory(user=user, role=role, program=None if role in STATE_WIDE else program, **dates)
    return user


def _assert_no_access(user, program):
    for action in Action.values:
        assert not access.can(user, action), action
        assert not access.can(user, action, program), action
        assert not access.restrict(Program.objects.all(), user, action).exists(), action
    with pytest.raises(Http404):
        access.get_for(user, Program, program.pk, Action.PROGRAM_VIEW)


@pytest.mark.parametrize("role", ["program_manager", "state_administrator"])
def test_an_ended_membership_gives_no_access(db, role):
    program = ProgramFactory()
    today = timezone.localdate()
    user = _membership_user(
        program,
        role,
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=1),
    )
    _assert_no_access(user, program)
    client = signed_in_client(user)
    assert client.get(reverse("accounts:program_detail", args=[program.slug])).status_code == 404
    assert client.get(reverse("accounts:program_edit", args=[program.slug])).status_code == 404
    assert client.get(reverse("api:program-detail", kwargs={"slug": program.slug})).status_code == 404
    assert client.get(reverse("api:program-list")).json()["count"] == 0
    assert client.get(reverse("accounts:audit_list")).status_code == 403
    assert program.name not in client.get(reverse("accounts:program_list")).content.decode()


def test_a_membership_ending_today_still_counts(db):
    program = ProgramFactory()
    today = timezone.localdate()
    user = _membership_user(program, start_date=today - datetime.timedelta(days=30), end_date=today)
    assert access.can(user, Action.PROGRAM_EDIT, program)
    assert (
        signed_in_client(user).get(reverse("accounts:program_edit", args=[program.slug])).status_code == 200
    )


@pytest.mark.parametrize("role", ["program_manager", "state_administrator"])
def test_a_membership_not_yet_started_gives_no_access(db, role):
    program = ProgramFactory()
    user = _membership_user(program, role, start_date=timezone.localdate() + datetime.timedelta(days=1))
    _assert_no_access(user, program)
    client = signed_in_client(user)
    assert client.get(reverse("accounts:program_detail", args=[program.slug])).status_code == 404
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("api:me")).json()["roles"] == []


@pytest.mark.parametrize("role", ["program_manager", "state_administrator"])
def test_a_deactivated_user_gets_nothing(db, role):
    program = ProgramFactory()
    user = _membership_user(program, role)
    client = signed_in_client(user)
    assert client.get(reverse("accounts:program_detail", args=[program.slug])).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])

    _assert_no_access(user, program)
    response = client.get(reverse("accounts:program_detail", args=[program.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert client.get(reverse("api:program-list")).status_code == 401
