"""What every page's layout needs: the navigation for the user's roles and the program switcher."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access, roles


def current_program(request):
    """The program the user chose in the switcher, or their only one."""
    if not request.user.is_authenticated:
        return None
    programs = [m.program for m in access.current_memberships(request.user) if m.program_id]
    chosen = request.session.get("current_program")
    for program in programs:
        if program.pk == chosen:
            return program
    if chosen and access.scope(request.user, roles.Action.PROGRAM_VIEW).everywhere:
        from .models import Program

        return Program.objects.filter(pk=chosen).first()
    return programs[0] if programs else None


def navigation(request):
    demo_banner = not settings.OPENIPS_REQUIRE_MFA
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_banner": demo_banner}
    program = current_program(request)
    nav = [(_("Home"), reverse("core:home"))]
    if program is not None:
        nav.append((program.name, reverse("accounts:program_detail", args=[program.slug])))
        if access.can(user, roles.Action.JOB_SEEKER_VIEW, program):
            # The specialist's day starts here: what needs doing, then the whole caseload.
            nav.append((_("Today"), reverse("people:worklist", args=[program.slug])))
            nav.append((_("Caseload"), reverse("people:caseload", args=[program.slug])))
        if access.can(user, roles.Action.EMPLOYER_VIEW, program):
            nav.append((_("Employers"), reverse("employers:employer_list", args=[program.slug])))
            nav.append((_("Job development"), reverse("employers:job_development", args=[program.slug])))
        if access.can(user, roles.Action.REPORT_VIEW, program):
            nav.append((_("Outcomes"), reverse("reporting:dashboard", args=[program.slug])))
            nav.append((_("Reports"), reverse("reporting:report_list", args=[program.slug])))
        if access.can(user, roles.Action.PROGRAM_IMPORT, program):
            nav.append((_("Import"), reverse("reporting:program_import", args=[program.slug])))
    nav.append((_("Programs"), reverse("accounts:program_list")))
    if access.can(user, roles.Action.STATE_OUTCOMES_VIEW):
        nav.append((_("State outcomes"), reverse("reporting:state_dashboard")))
    if access.can(user, roles.Action.STATE_REPORTS_TRACK):
        nav.append((_("State reports"), reverse("reporting:state_tracker")))
    if access.can(user, roles.Action.AUDIT_VIEW):
        nav.append((_("Audit trail"), reverse("accounts:audit_list")))
    if access.can(user, roles.Action.PROGRAM_CREATE):
        nav.append((_("Agencies"), reverse("accounts:agency_list")))
    if access.can(user, roles.Action.USER_MANAGE):
        nav.append((_("Users"), reverse("accounts:user_list")))
    switchable = {m.program_id: m.program for m in access.current_memberships(user) if m.program_id}
    return {
        "demo_banner": demo_banner,
        "nav_items": nav,
        "current_program": program,
        "switch_programs": sorted(switchable.values(), key=lambda p: p.name) if len(switchable) > 1 else [],
        "my_roles": sorted(
            {
                m.get_role_display()
                for m in access.current_memberships(user)
                if program is None or m.program_id in (None, program.pk)
            }
        ),
    }
