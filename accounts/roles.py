"""The one capability table: which role may do which action.

Program roles act inside the programs where they hold a current membership; state-wide roles
act in every program. The gate (`accounts.access`) is the only reader of this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYMENT_SPECIALIST = "employment_specialist", _("Employment specialist")
    IPS_SUPERVISOR = "ips_supervisor", _("IPS supervisor")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    TREATMENT_TEAM_MEMBER = "treatment_team_member", _("Treatment-team member")
    VR_COUNSELOR = "vr_counselor", _("VR (DVR) counselor")
    BENEFITS_COUNSELOR = "benefits_counselor", _("Benefits counselor")
    STATE_TRAINER = "state_trainer", _("State trainer / fidelity reviewer")
    STATE_ADMINISTRATOR = "state_administrator", _("State administrator")
    ANALYST = "analyst", _("Analyst")


ES = Role.EMPLOYMENT_SPECIALIST
SUP = Role.IPS_SUPERVISOR
PM = Role.PROGRAM_MANAGER
TT = Role.TREATMENT_TEAM_MEMBER
VR = Role.VR_COUNSELOR
BC = Role.BENEFITS_COUNSELOR
TRAINER = Role.STATE_TRAINER
ADMIN = Role.STATE_ADMINISTRATOR
ANALYST = Role.ANALYST

STAFF_ROLES = frozenset({ES, SUP, PM})
PARTNER_ROLES = frozenset({TT, VR, BC})
PROGRAM_ROLES = STAFF_ROLES | PARTNER_ROLES
STATE_ROLES = frozenset({TRAINER, ADMIN, ANALYST})
ALL_ROLES = PROGRAM_ROLES | STATE_ROLES

# Roles that can open a person's record need multi-factor authentication. The analyst sees
# aggregate figures only, never a person, so MFA is offered but not required.
PERSONAL_RECORD_ROLES = ALL_ROLES - {ANALYST}


class Action(models.TextChoices):
    PROGRAM_VIEW = "program.view", _("See a program")
    PROGRAM_CREATE = "program.create", _("Create a program")
    PROGRAM_EDIT = "program.edit", _("Change a program's details")
    STAFF_VIEW = "staff.view", _("See a program's staff")
    STAFF_INVITE = "staff.invite", _("Invite people to a program")
    USER_MANAGE = "user.manage", _("Invite state-wide users, deactivate and reactivate users")
    AUDIT_VIEW = "audit.view", _("Read the audit trail")
    AGGREGATES_VIEW = "aggregates.view", _("See aggregate figures")
    JOB_SEEKER_VIEW = "job_seeker.view", _("See a job seeker's record")
    JOB_SEEKER_REFER = "job_seeker.refer", _("Refer a person who wants to work")
    JOB_SEEKER_EDIT = (
        "job_seeker.edit",
        _("Work with a job seeker: outreach, enrollment, profile, plan, notes, consents, closure"),
    )
    REFERRAL_INBOX = "referral.inbox", _("Handle what the “I want to work” page received")
    EMPLOYER_VIEW = "employer.view", _("See the program's employers, contacts and openings")
    EMPLOYER_EDIT = "employer.edit", _("Log employer contacts; keep employers and openings up to date")
    MINIMUM_WAGE_EDIT = "minimum_wage.edit", _("Keep the minimum-wage table up to date")
    REPORT_VIEW = "report.view", _("See a program's outcomes, dashboards and quarterly reports")
    REPORT_DRILLDOWN = "report.drilldown", _("See the people behind a reported figure")
    REPORT_SUBMIT = "report.submit", _("Enter items on, submit and amend a quarterly report")
    PROGRAM_IMPORT = "program.import", _("Import a program's records from spreadsheets")
    PROGRAM_EXPORT = "program.export", _("Export all of a program's records")
    STATE_OUTCOMES_VIEW = (
        "state_outcomes.view",
        _("See the state dashboard (small counts hidden for analysts)"),
    )
    STATE_REPORTS_TRACK = "state_reports.track", _("Track which programs submitted their quarterly reports")
    REPORTING_SETTINGS_EDIT = "reporting_settings.edit", _("Set reporting deadlines and benchmarks")


CAPABILITIES: dict[str, frozenset[Role]] = {
    Action.PROGRAM_VIEW: ALL_ROLES,
    Action.PROGRAM_CREATE: frozenset({ADMIN}),
    Action.PROGRAM_EDIT: frozenset({PM, ADMIN}),
    Action.STAFF_VIEW: STAFF_ROLES | frozenset({TRAINER, ADMIN}),
    Action.STAFF_INVITE: frozenset({PM, ADMIN}),
    Action.USER_MANAGE: frozenset({ADMIN}),
    Action.AUDIT_VIEW: frozenset({PM, ADMIN}),
    Action.AGGREGATES_VIEW: ALL_ROLES,
    # Partners see a person only under an active consent (the gate adds that condition for
    # every row that belongs to a job seeker); the analyst never sees a person.
    Action.JOB_SEEKER_VIEW: ALL_ROLES - {ANALYST},
    # Anyone on the program's staff, and a clinician on a treatment team, may refer (zero exclusion).
    Action.JOB_SEEKER_REFER: STAFF_ROLES | frozenset({TT}),
    # The program's own staff log outreach, enroll and transfer; partners and the state do not.
    Action.JOB_SEEKER_EDIT: STAFF_ROLES,
    Action.REFERRAL_INBOX: STAFF_ROLES,
    # Job development is the IPS team's own work; the state team reads it for fidelity reviews.
    Action.EMPLOYER_VIEW: STAFF_ROLES | frozenset({TRAINER, ADMIN}),
    Action.EMPLOYER_EDIT: STAFF_ROLES,
    # A state-wide reference table: the state administrator keeps it.
    Action.MINIMUM_WAGE_EDIT: frozenset({ADMIN}),
    # Outcomes: the program's staff and the state team read a program's figures; the people
    # behind a figure are personal data, so never the analyst or a partner.
    Action.REPORT_VIEW: STAFF_ROLES | frozenset({TRAINER, ADMIN}),
    Action.REPORT_DRILLDOWN: STAFF_ROLES | frozenset({TRAINER, ADMIN}),
    # The program manager answers for the program's report; the state administrator may act for them.
    Action.REPORT_SUBMIT: frozenset({PM, ADMIN}),
    Action.PROGRAM_IMPORT: frozenset({PM, ADMIN}),
    Action.PROGRAM_EXPORT: frozenset({PM, ADMIN}),
    # State-wide figures: the analyst sees them with small cells suppressed.
    Action.STATE_OUTCOMES_VIEW: frozenset({TRAINER, ADMIN, ANALYST}),
    Action.STATE_REPORTS_TRACK: frozenset({TRAINER, ADMIN}),
    Action.REPORTING_SETTINGS_EDIT: frozenset({ADMIN}),
}

# The consent a partner role needs before it sees anything of a person.
PARTNER_CONSENT_KIND: dict[Role, str] = {
    TT: "treatment_team",
    VR: "vocational_rehabilitation",
    BC: "benefits_counselor",
}

# Roles a program manager may hand out in their own program; a state administrator may hand
# out every role.
INVITABLE_BY_PROGRAM_MANAGER = PROGRAM_ROLES


def roles_for(action: str) -> frozenset[Role]:
    """The roles that may take `action`; an unknown action is a programming error."""
    try:
        return CAPABILITIES[action]
    except KeyError:
        raise KeyError(f"Unknown action {action!r}: add it to accounts.roles.CAPABILITIES") from None


def can(role: str, action: str) -> bool:
    return role in roles_for(action)


def is_state_role(role: str) -> bool:
    return role in STATE_ROLES
