"""Deterministic synthetic agencies, programs and staff for demos, tests and benchmarks.

Every person here is invented. Apps further down the import chain (people, and later jobs)
add their records through `register_builder`, so accounts never imports them. Dates are relative to today, so the demo always looks current.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models import AuditAction

from .models import Agency, AgencyKind, Membership, Program, ProgramArea, ProgramStatus, ServiceArea, User
from .roles import Role

SCALES = {"demo": 2, "state": 100, "nation": 1000}
DEMO_DOMAIN = "demo.openips.test"

FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hector",
    "Iris",
    "Jamal",
    "Kira",
    "Luis",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tia",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zane",
    "Lena",
    "Omar",
    "Nadia",
    "Theo",
]
LAST_NAMES = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Duarte",
    "Eklund",
    "Fischer",
    "Garza",
    "Holm",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moua",
    "Nguyen",
    "Olson",
    "Petersen",
    "Quist",
    "Reyes",
    "Schultz",
    "Thao",
    "Ueland",
    "Vang",
    "Weber",
    "Xiong",
    "Yang",
    "Zimmer",
    "Lor",
    "Haugen",
]

# The demo log-ins: one user for every role. The program manager works in both demo programs,
# so the program switcher shows.
DEMO_USERS = [
    # (local part, first, last, role, program index or None, fte)
    ("es.east", "Ana", "Alvarez", Role.EMPLOYMENT_SPECIALIST, 0, Decimal("1.00")),
    ("es2.east", "Ben", "Brooks", Role.EMPLOYMENT_SPECIALIST, 0, Decimal("1.00")),
    ("supervisor.east", "Carla", "Chen", Role.IPS_SUPERVISOR, 0, Decimal("0.50")),
    ("manager", "Dev", "Duarte", Role.PROGRAM_MANAGER, 0, Decimal("0.20")),
    ("manager", "Dev", "Duarte", Role.PROGRAM_MANAGER, 1, Decimal("0.20")),
    ("clinician.east", "Elena", "Eklund", Role.TREATMENT_TEAM_MEMBER, 0, None),
    ("vr.east", "Farid", "Fischer", Role.VR_COUNSELOR, 0, None),
    ("benefits.east", "Grace", "Garza", Role.BENEFITS_COUNSELOR, 0, None),
    ("es.west", "Hector", "Holm", Role.EMPLOYMENT_SPECIALIST, 1, Decimal("1.00")),
    ("supervisor.west", "Iris", "Ibarra", Role.IPS_SUPERVISOR, 1, Decimal("0.50")),
    ("trainer", "Jamal", "Jensen", Role.STATE_TRAINER, None, None),
    ("admin", "Kira", "Kowalski", Role.STATE_ADMINISTRATOR, None, None),
    ("analyst", "Luis", "Larsen", Role.ANALYST, None, None),
]


# Builders that later apps register (people adds job seekers and their records). Each is called as
# builder(result, rng=..., scale=..., today=...) inside build()'s transaction, in registration order.
_builders: list = []


def register_builder(builder) -> None:
    if builder not in _builders:
        _builders.append(builder)


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.created[kind] = self.created.get(kind, 0) + n

    @property
    def wrote_anything(self) -> bool:
        return any(self.created.values())


def _program_specs(scale: str, rng: random.Random, areas: list[ServiceArea]) -> list[dict]:
    if scale == "demo":
        return [
            {
                "slug": "northwoods-east",
                "name": "Northwoods IPS — East",
                "agency": "Northwoods Behavioral Health (demo)",
                "kind": AgencyKind.COUNTY,
                "area": "Oneida",
                "years": 6,
            },
            {
                "slug": "northwoods-west",
                "name": "Northwoods IPS — West",
                "agency": "Northwoods Behavioral Health (demo)",
                "kind": AgencyKind.COUNTY,
                "area": "Sawyer",
                "years": 3,
            },
        ]
    specs = []
    for i in range(SCALES[scale]):
        area = areas[i % len(areas)]
        agency_no = i // 2  # two programs per agency
        specs.append(
            {
                "slug": f"site-{i + 1:04d}",
                "name": f"{area.name} IPS site {i + 1}",
                "agency": f"Synthetic Agency {agency_no + 1:04d}",
                "kind": rng.choice(
                    [AgencyKind.COUNTY, AgencyKind.COUNTY, AgencyKind.VOCATIONAL, AgencyKind.TRIBAL]
                ),
                "area": area.name,
                "years": rng.randint(1, 12),
            }
        )
    return specs


@transaction.atomic
def build(*, scale: str = "demo", seed: int = 2026) -> SeedResult:
    """Create whatever of the chosen scale is missing; a second run writes nothing."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    rng = random.Random(seed)
    today = timezone.localdate()
    result = SeedResult()
    areas = list(ServiceArea.objects.filter(state="WI").order_by("kind", "name"))
    by_name = {a.name: a for a in areas}
    specs = _program_specs(scale, rng, areas)

    agencies = {a.name: a for a in Agency.objects.filter(state="WI", name__in={s["agency"] for s in specs})}
    new_agencies = [
        Agency(name=s["agency"], kind=s["kind"], state="WI")
        for s in {s["agency"]: s for s in specs}.values()
        if s["agency"] not in agencies
    ]
    Agency.objects.bulk_create(new_agencies)
    result.add("agencies", len(new_agencies))
    agencies.update(
        {a.name: a for a in Agency.objects.filter(state="WI", name__in={s["agency"] for s in specs})}
    )

    existing = {p.slug: p for p in Program.objects.filter(slug__in=[s["slug"] for s in specs])}
    new_programs = []
    for s in specs:
        if s["slug"] not in existing:
            new_programs.append(
                Program(
                    slug=s["slug"],
                    name=s["name"],
                    agency=agencies[s["agency"]],
                    state="WI",
                    status=ProgramStatus.ACTIVE,
                    start_date=today - datetime.timedelta(days=365 * s["years"]),
                    listed_publicly=True,
                    self_referral_open=True,
                    time_zone=settings.TIME_ZONE,
                )
            )
    Program.objects.bulk_create(new_programs)
    result.add("programs", len(new_programs))
    programs = {p.slug: p for p in Program.objects.filter(slug__in=[s["slug"] for s in specs])}
    ProgramArea.objects.bulk_create(
        [
            ProgramArea(program=programs[p.slug], area=by_name[s["area"]], is_primary=True)
            for p, s in ((p, next(s for s in specs if s["slug"] == p.slug)) for p in new_programs)
        ]
    )
    result.programs = [programs[s["slug"]] for s in specs]

    password_hash = make_password(settings.OPENIPS_DEMO_PASSWORD)
    wanted_users: dict[str, User] = {}
    wanted_memberships: list[tuple[str, Role, Program | None, Decimal | None, datetime.date, str]] = []
    if scale == "demo":
        for local, first, last, role, index, fte in DEMO_USERS:
            email = f"{local}@{DEMO_DOMAIN}"
            wanted_users.setdefault(
                email, User(email=email, first_name=first, last_name=last, password=password_hash)
            )
            program = result.programs[index] if index is not None else None
            # In post for the three years the demo's past caseloads and job development cover.
            start = today - datetime.timedelta(days=1100 + 30 * len(wanted_memberships))
            if program is not None and start < program.start_date:
                start = program.start_date
            ref = (
                f"{local.split('.')[0].upper()}-{index}"
                if role in (Role.EMPLOYMENT_SPECIALIST, Role.IPS_SUPERVISOR, Role.PROGRAM_MANAGER)
                else ""
            )
            wanted_memberships.append((email, role, program, fte, start, ref))
            result.logins.append((email, role.label, program.name if program else "state-wide"))
    else:
        for program in result.programs:
            staff = [(Role.PROGRAM_MANAGER, Decimal("0.20")), (Role.IPS_SUPERVISOR, Decimal("0.50"))]
            staff += [(Role.EMPLOYMENT_SPECIALIST, Decimal("1.00"))] * rng.randint(2, 5)
            for k, (role, fte) in enumerate(staff):
                email = f"staff{k + 1}.{program.slug}@{DEMO_DOMAIN}"
                wanted_users[email] = User(
                    email=email,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    password=password_hash,
                )
                start = program.start_date + datetime.timedelta(days=rng.randint(0, 200))
                wanted_memberships.append((email, role, program, fte, min(start, today), f"S{k + 1:03d}"))
                if program is result.programs[0]:  # one program's staff are enough to try it out
                    result.logins.append((email, role.label, program.name))
        for local, first, last, role, index, _fte in DEMO_USERS:
            if index is None:
                email = f"{local}@{DEMO_DOMAIN}"
                wanted_users.setdefault(
                    email, User(email=email, first_name=first, last_name=last, password=password_hash)
                )
                wanted_memberships.append((email, role, None, None, today - datetime.timedelta(days=365), ""))
                result.logins.append((email, role.label, "state-wide"))

    have = set(User.objects.filter(email__in=list(wanted_users)).values_list("email", flat=True))
    new_users = [u for e, u in wanted_users.items() if e not in have]
    User.objects.bulk_create(new_users, batch_size=1000)
    result.add("users", len(new_users))
    users = {u.email: u for u in User.objects.filter(email__in=list(wanted_users))}

    have_m = set(
        Membership.objects.filter(user__in=users.values()).values_list("user__email", "program_id", "role")
    )
    new_memberships = [
        Membership(user=users[e], role=role, program=p, fte=fte, start_date=start, ref=ref)
        for e, role, p, fte, start, ref in wanted_memberships
        if (e, p.pk if p else None, role.value) not in have_m
    ]
    Membership.objects.bulk_create(new_memberships, batch_size=1000)
    result.add("memberships", len(new_memberships))

    for builder in _builders:
        builder(result, rng=rng, scale=scale, today=today)

    if result.wrote_anything:
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="seed_demo",
            object_id=scale,
            changes={k: [0, v] for k, v in result.created.items()},
        )
    return result
