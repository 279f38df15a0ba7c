"""Write audit rows. Services call `record()` inside their transaction (DESIGN.md house rule 1)."""

from __future__ import annotations

import contextvars
import datetime
import decimal
import ipaddress
import uuid
from dataclasses import dataclass

from django.db import models

from .models import AuditAction, AuditEvent

SECRET_FIELDS = {"password", "token_hash", "key", "secret", "token"}


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""


_request_info: contextvars.ContextVar[RequestInfo] = contextvars.ContextVar(
    "openips_request_info",
    default=RequestInfo(),  # noqa: B039 (frozen, immutable)
)


def set_request_info(info: RequestInfo) -> contextvars.Token:
    return _request_info.set(info)


def reset_request_info(token: contextvars.Token) -> None:
    _request_info.reset(token)


def _valid_ip(value: str | None) -> str | None:
    """The address if it is one; anything else (a name, "unknown", a port) is not stored."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address; behind a proxy the forwarded one (OPENIPS_PROXY_COUNT hops)."""
    from django.conf import settings

    hops = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops:
            ip = _valid_ip(parts[-hops])
            if ip is not None:
                return ip
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def request_info_from(request) -> RequestInfo:
    return RequestInfo(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
        request_id=request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex,
    )


def _plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The audit-relevant field values of a row (foreign keys as ids)."""
    names = fields or [f.name for f in obj._meta.concrete_fields]
    out = {}
    for name in names:
        field = obj._meta.get_field(name)
        attr = field.attname if field.is_relation else name
        out[name] = _plain(getattr(obj, attr))
    return out


def _mask(name: str, old, new) -> list:
    if name in SECRET_FIELDS:
        return ["***" if old else old, "***" if new else new]
    return [old, new]


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field that changed; secrets written as "***"."""
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = _mask(name, old, new)
    return changes


IGNORED_FIELDS = {"created_at", "updated_at", "version", "last_login"}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    program=None,
    job_seeker_id: int | None = None,
    changes: dict | None = None,
    actor_email: str | None = None,
) -> AuditEvent:
    """Append one audit row, in the caller's transaction."""
    info = _request_info.get()
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = obj.pk if object_id is None else object_id
        if program is None:
            program = _program_of(obj)
    if changes:
        # Secrets never reach the trail, whoever built the changes.
        changes = {
            k: _mask(k, *v) if k in SECRET_FIELDS else v
            for k, v in changes.items()
            if k not in IGNORED_FIELDS
        } or None
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        actor=actor if is_user else None,
        actor_email=actor_email or (actor.email if is_user else "system"),
        ip=info.ip,
        user_agent=info.user_agent,
        request_id=info.request_id,
        program=program,
        job_seeker_id=job_seeker_id,
        object_type=object_type or "",
        object_id=str(object_id if object_id is not None else ""),
        object_repr=str(obj)[:200] if obj is not None else "",
        action=action,
        changes=changes,
    )
    event.save()
    return event


def _program_of(obj):
    from accounts.access import program_of

    return program_of(obj)


def record_change(
    *, actor, obj, before: dict | None, program=None, job_seeker_id: int | None = None
) -> AuditEvent | None:
    """Audit a create (before=None) or an update (only if something changed)."""
    after = snapshot(obj, list(before) if before else None)
    if before is None:
        return record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=obj,
            program=program,
            job_seeker_id=job_seeker_id,
            changes=diff({}, after),
        )
    changes = diff(before, after)
    changes = {k: v for k, v in changes.items() if k not in IGNORED_FIELDS}
    if not changes:
        return None
    return record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        program=program,
        job_seeker_id=job_seeker_id,
        changes=changes,
    )
