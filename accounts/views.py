"""Pages for signing in, MFA, invitations, the account, programs and users."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.forms import apply_errors
from core.models import AuditAction

from . import access, mfa, roles, selectors, services
from .forms import (
    EmailAuthenticationForm,
    InvitationForm,
    ProfileForm,
    ProgramForm,
    SetPasswordForm,
    SetupTokenForm,
    TokenForm,
)
from .models import Membership, Program, ProgramArea, ProgramStatus, User

RECOVERY_CODE_COUNT = 10


def _show_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form. A stale version is told above the form: the version field
    is hidden, and an error on it would read "(Hidden field version) …"."""
    if hasattr(exc, "error_dict") and "version" in exc.error_dict:
        errors = dict(exc.error_dict)
        form.add_error(None, errors.pop("version"))
        if not errors:
            return
        exc = ValidationError(errors)
    apply_errors(form, exc)


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


login_view = LoginView.as_view()


@require_POST
def logout_view(request):
    return auth_views.LogoutView.as_view()(request)


# --- Multi-factor authentication -----------------------------------------------------------


def _qr_svg(device: TOTPDevice) -> str:
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def _issue_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@login_required
def mfa_setup(request):
    """Enroll an authenticator app: scan the QR code, type one code, keep the recovery codes."""
    user = request.user
    if mfa.confirmed_totp(user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:mfa_verify')}?next={_safe_next(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = SetupTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _issue_recovery_codes(user)
                audit.record(actor=user, action=AuditAction.MFA_ENROLLED, obj=user)
            otp_login(request, device)
            request.session["recovery_codes"] = codes
            request.session["after_recovery"] = _safe_next(request)
            return redirect("accounts:mfa_recovery_codes")
        form.add_error(
            "token", _("That code did not match. Check the time on your phone and try the newest code.")
        )
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr_svg": _qr_svg(device), "secret": _b32(device), "next": _safe_next(request)},
        status=400 if form.errors else 200,
    )


def _b32(device: TOTPDevice) -> str:
    import base64

    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
def mfa_recovery_codes(request):
    """Show the recovery codes once, right after enrollment or after making new ones."""
    if request.method == "POST":
        if not request.user.is_verified():
            raise Http404
        request.session["recovery_codes"] = _issue_recovery_codes(request.user)
        request.session["after_recovery"] = reverse("accounts:account")
        audit.record(
            actor=request.user,
            action=AuditAction.UPDATE,
            obj=request.user,
            changes={"recovery_codes": ["***", "***"]},
        )
    codes = request.session.pop("recovery_codes", None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request,
        "accounts/mfa_recovery_codes.html",
        {"codes": codes, "next": request.session.pop("after_recovery", reverse("core:home"))},
    )


@login_required
def mfa_verify(request):
    """The second step of signing in: a code from the app or one recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    if not mfa.confirmed_totp(user):
        return redirect(f"{reverse('accounts:mfa_setup')}?next={_safe_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        from django_otp import match_token

        device = match_token(user, token)
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        audit.record(
            actor=user, action=AuditAction.LOGIN_FAILED, obj=user, changes={"mfa": [None, "wrong code"]}
        )
        form.add_error("token", _("That code is not right, or it was already used. Try the newest code."))
    return render(
        request,
        "accounts/mfa_verify.html",
        {"form": form, "next": _safe_next(request)},
        status=400 if form.errors else 200,
    )


# --- Invitations ---------------------------------------------------------------------------


def invitation_accept(request, token):
    """The invited person sets a password, then enrolls MFA."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            else:  # the password validators' messages
                form.add_error("password1", exc)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your password is set. Now set up your authenticator app."))
            return redirect("accounts:mfa_setup" if settings.OPENIPS_REQUIRE_MFA else "core:home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


def _role_choices(actor, program):
    if access.can(actor, roles.Action.USER_MANAGE):
        allowed = roles.PROGRAM_ROLES if program is not None else roles.STATE_ROLES
    else:
        allowed = roles.INVITABLE_BY_PROGRAM_MANAGER
    return [(r.value, r.label) for r in roles.Role if r in allowed]


def _invite(request, program):
    form = InvitationForm(request.POST or None, role_choices=_role_choices(request.user, program))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _token = services.invitation_create(
                actor=request.user,
                program=program,
                build_url=lambda t: request.build_absolute_uri(reverse("accounts:invitation", args=[t])),
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works once, for %(days)s days.")
                % {"email": invitation.email, "days": settings.OPENIPS_INVITATION_DAYS},
            )
            return (
                redirect("accounts:program_detail", slug=program.slug)
                if program
                else redirect("accounts:user_list")
            )
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "program": program},
        status=400 if form.errors else 200,
    )


@login_required
def program_invite(request, slug):
    program = access.get_for(request.user, Program, slug, roles.Action.STAFF_INVITE, lookup="slug")
    return _invite(request, program)


@login_required
def state_invite(request):
    access.require(request.user, roles.Action.USER_MANAGE)
    return _invite(request, None)


# --- Account -------------------------------------------------------------------------------


@login_required
def account(request):
    """Your name, language, sign-in security and API token."""
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "version": user.version,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "language": user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(actor=user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Your details are saved."))
            response = redirect("accounts:account")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.cleaned_data["language"],
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    context = {
        "form": form,
        "memberships": access.current_memberships(user),
        "has_totp": mfa.confirmed_totp(user) is not None,
        "recovery_left": StaticToken.objects.filter(device__user=user).count(),
        "new_token": request.session.pop("new_api_token", None),
        "has_token": hasattr(user, "auth_token"),
    }
    return render(request, "accounts/account.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def api_token(request):
    if request.POST.get("revoke"):
        services.api_token_revoke(actor=request.user)
        messages.success(request, _("Your API token no longer works."))
    else:
        request.session["new_api_token"] = services.api_token_create(actor=request.user)
    return redirect("accounts:account")


@login_required
@require_POST
def program_switch(request):
    """Choose the program the pages show (for people who work in several)."""
    program = access.get_for(request.user, Program, request.POST.get("program"), roles.Action.PROGRAM_VIEW)
    request.session["current_program"] = program.pk
    return redirect(_safe_next(request, "core:home"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Programs ------------------------------------------------------------------------------


@login_required
def program_list(request):
    programs = selectors.program_list(user=request.user, search=request.GET.get("q", ""))
    from django.core.paginator import Paginator

    page = Paginator(programs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/program_list.html",
        {
            "page": page,
            "q": request.GET.get("q", ""),
            "query": _query_without_page(request),
            "can_create": access.can(request.user, roles.Action.PROGRAM_CREATE),
        },
    )


@login_required
def program_detail(request, slug):
    program = access.get_for(
        request.user,
        Program.objects.select_related("agency").prefetch_related(
            Prefetch("programarea_set", queryset=ProgramArea.objects.select_related("area"))
        ),
        slug,
        roles.Action.PROGRAM_VIEW,
        lookup="slug",
    )
    staff = None
    if access.can(request.user, roles.Action.STAFF_VIEW, program):
        staff = Membership.objects.current().filter(program=program).select_related("user")
    # The "I want to work" inbox (people app), counted in one query through the reverse relation
    # so that accounts does not import people.
    inbox, public_url = None, ""
    if access.can(request.user, roles.Action.REFERRAL_INBOX, program):
        inbox = program.public_submissions.aggregate(
            new=Count("pk", filter=Q(status="new", suspected_bot=False)),
            filtered=Count("pk", filter=Q(status="new", suspected_bot=True)),
        )
        if program.self_referral_open and program.status == ProgramStatus.ACTIVE:
            public_url = request.build_absolute_uri(reverse("people:public_referral", args=[program.slug]))
    return render(
        request,
        "accounts/program_detail.html",
        {
            "program": program,
            "staff": staff,
            "inbox": inbox,
            "public_url": public_url,
            "can_edit": access.can(request.user, roles.Action.PROGRAM_EDIT, program),
            "can_invite": access.can(request.user, roles.Action.STAFF_INVITE, program),
            "can_refer": access.can(request.user, roles.Action.JOB_SEEKER_REFER, program),
        },
    )


def _program_form_save(request, form, program=None):
    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    areas = list(data.pop("areas") or [])
    primary = data.pop("primary_area")
    try:
        if program is None:
            return services.program_create(actor=request.user, areas=areas, primary_area=primary, **data)
        return services.program_update(
            actor=request.user, program=program, version=version, areas=areas, primary_area=primary, **data
        )
    except ValidationError as exc:
        _show_errors(form, exc)
        return None


@login_required
def program_create(request):
    access.require(request.user, roles.Action.PROGRAM_CREATE)
    form = ProgramForm(request.POST or None, initial={"state": "WI", "status": "planning"})
    if request.method == "POST" and form.is_valid():
        program = _program_form_save(request, form)
        if program:
            messages.success(request, _("Program %(name)s created.") % {"name": program.name})
            return redirect("accounts:program_detail", slug=program.slug)
    return render(
        request,
        "accounts/program_form.html",
        {"form": form, "program": None},
        status=400 if form.errors else 200,
    )


@login_required
def program_edit(request, slug):
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_EDIT, lookup="slug")
    links = list(program.programarea_set.select_related("area"))
    primary = next((link.area for link in links if link.is_primary), None)
    initial = {
        name: getattr(program, name)
        for name in ProgramForm.base_fields
        if hasattr(program, name) and name not in ("areas",)
    }
    initial.update(
        {
            "pk": program.pk,
            "primary_area": primary,
            "areas": [link.area for link in links if not link.is_primary],
        }
    )
    form = ProgramForm(request.POST or None, initial=initial)
    if not access.can(request.user, roles.Action.PROGRAM_CREATE):
        # A program manager edits the program's own settings; identity and status stay with the state.
        for name in services.PROGRAM_IDENTITY_FIELDS:
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        if _program_form_save(request, form, program):
            messages.success(request, _("Program details saved."))
            return redirect("accounts:program_detail", slug=form.cleaned_data["slug"])
    return render(
        request,
        "accounts/program_form.html",
        {"form": form, "program": program},
        status=400 if form.errors else 200,
    )


# --- Users (state administrators) ----------------------------------------------------------


@login_required
def user_list(request):
    access.require(request.user, roles.Action.USER_MANAGE)
    from django.core.paginator import Paginator

    users = selectors.user_list(
        user=request.user, search=request.GET.get("q", ""), status=request.GET.get("status", "")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "query": _query_without_page(request),
            "q": request.GET.get("q", ""),
            "status": request.GET.get("status", ""),
        },
    )


@login_required
def user_set_active(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    access.require(request.user, roles.Action.USER_MANAGE)
    target = User.objects.filter(pk=pk).first()
    if target is None:
        raise Http404
    try:
        if request.POST.get("active") == "1":
            services.user_reactivate(actor=request.user, user=target)
            messages.success(request, _("%(name)s can sign in again.") % {"name": target})
        else:
            services.user_deactivate(actor=request.user, user=target)
            messages.success(
                request, _("%(name)s is deactivated and signed out everywhere.") % {"name": target}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:user_list")
