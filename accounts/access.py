"""The one gate: every program-scoped row is reached through here, in pages and in the API.

`restrict(qs, user, action)` narrows a queryset to the rows of programs where the user holds a
role allowed to take `action`. `get_for(user, model, pk, action)` fetches one row: a row of a
program the user has no role in is a 404 (never a 403 that confirms it exists); a row the user
can see but may not act on is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from . import roles


@dataclass(frozen=True)
class Scope:
    """Where a user may take one action: everywhere, or in these programs.

    `partner_ids` says, per partner role, in which of those programs the user acts only as a
    partner: there a person's rows are visible only under the person's consent.
    """

    everywhere: bool
    program_ids: frozenset[int]
    partner_ids: tuple[tuple[str, frozenset[int]], ...] = ()

    def allows(self, program_id: int | None) -> bool:
        return self.everywhere or (program_id is not None and program_id in self.program_ids)

    @property
    def empty(self) -> bool:
        return not self.everywhere and not self.program_ids


NOWHERE = Scope(False, frozenset())


def current_memberships(user) -> list:
    """The user's current memberships, loaded once per request and cached on the user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_openips_memberships", None)
    if cached is None:
        from .models import Membership

        cached = list(Membership.objects.current().filter(user=user).select_related("program"))
        user._openips_memberships = cached
    return cached


def staff_membership(user, program):
    """The user's current staff membership in the program (the employment specialist one first), if any.

    The staff post a note, an outreach attempt or an employer contact is written under.
    """
    memberships = [
        m for m in current_memberships(user) if m.program_id == program.pk and m.role in roles.STAFF_ROLES
    ]
    memberships.sort(key=lambda m: (m.role != roles.ES, m.pk))
    return memberships[0] if memberships else None


def forget_memberships(user) -> None:
    if hasattr(user, "_openips_memberships"):
        del user._openips_memberships


def roles_of(user, program=None) -> set[str]:
    """The user's roles in one program (state-wide roles count everywhere); all roles if None."""
    program_id = getattr(program, "pk", program)
    return {
        m.role
        for m in current_memberships(user)
        if program is None or m.program_id is None or m.program_id == program_id
    }


def scope(user, action: str) -> Scope:
    allowed = roles.roles_for(action)
    everywhere = False
    direct: set[int] = set()
    partner: dict[str, set[int]] = {}
    for m in current_memberships(user):
        if m.role in allowed:
            if m.program_id is None:
                everywhere = True
            elif m.role in roles.PARTNER_ROLES:
                partner.setdefault(m.role, set()).add(m.program_id)
            else:
                direct.add(m.program_id)
    ids = direct.union(*partner.values())
    # A person who is staff in a program sees its people as staff, whatever else they are.
    partner_ids = tuple(sorted((role, frozenset(p - direct)) for role, p in partner.items() if p - direct))
    return Scope(everywhere, frozenset(ids), partner_ids)


# How a partner role reaches a person's rows: set by the people app (see people/gate.py), so that
# accounts does not import people. Called as rule(model, user, role) -> Q.
_person_rule = None


def register_person_rule(rule) -> None:
    global _person_rule
    _person_rule = rule


def can(user, action: str, program=None) -> bool:
    """May the user take `action` in `program` (or anywhere at all, when program is None)?"""
    s = scope(user, action)
    if program is None:
        return not s.empty
    return s.allows(getattr(program, "pk", program))


def _program_lookup(model) -> str:
    path = getattr(model, "program_path", None)
    if path is None:
        raise TypeError(f"{model.__name__} has no program_path: it cannot go through the gate")
    return path


def _program_filter(model, ids) -> Q:
    path = _program_lookup(model)
    return Q(pk__in=ids) if path == "" else Q(**{f"{path}__in": ids})


def restrict(qs: models.QuerySet, user, action: str) -> models.QuerySet:
    """The rows of `qs` in programs where the user may take `action`."""
    s = scope(user, action)
    if s.everywhere:
        return qs
    if not s.program_ids:
        return qs.none()
    model = qs.model
    if getattr(model, "job_seeker_path", None) is None or not s.partner_ids:
        return qs.filter(_program_filter(model, s.program_ids))
    partner_programs = frozenset().union(*(ids for _role, ids in s.partner_ids))
    direct = s.program_ids - partner_programs
    condition = _program_filter(model, direct) if direct else Q(pk__in=[])
    for role, ids in s.partner_ids:
        condition |= _program_filter(model, ids) & _person_rule(model, user, role)
    return qs.filter(condition)


def get_for(user, model_or_qs, pk, action: str, *, lookup: str = "pk"):
    """One row through the gate: 404 outside the user's programs, 403 if seen but not allowed."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs._default_manager.all()
    try:
        return restrict(qs, user, action).get(**{lookup: pk})
    except (qs.model.DoesNotExist, ValueError, TypeError):
        pass
    if (
        action != roles.Action.PROGRAM_VIEW
        and restrict(qs, user, roles.Action.PROGRAM_VIEW).filter(**{lookup: pk}).exists()
    ):
        raise PermissionDenied
    raise Http404


def require(user, action: str, program=None) -> None:
    """Refuse an action that is not about one row: 404 if the program is hidden, else 403."""
    if can(user, action, program):
        return
    if program is not None and not can(user, roles.Action.PROGRAM_VIEW, program):
        raise Http404
    raise PermissionDenied


def program_of(obj):
    """The program a row belongs to, by its model's program_path (None for state-wide rows)."""
    path = getattr(type(obj), "program_path", None)
    if path is None:
        return None
    if path == "":
        return obj
    target = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def visible_programs(user):
    """The programs the user can open, for the program switcher and lists."""
    from .models import Program

    return restrict(Program.objects.all(), user, roles.Action.PROGRAM_VIEW)
