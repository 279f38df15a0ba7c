"""Helpers every service uses: validate before saving, refuse stale versions."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext as _


def check_version(obj: models.Model, version: int | None) -> None:
    """Refuse a save based on an old copy of the row: the second editor is told, not overwritten."""
    if version is not None and int(version) != obj.version:
        raise ValidationError(
            {
                "version": _(
                    "Someone else changed this record while you were editing it. "
                    "Reload the page to see their changes, then make yours again."
                )
            }
        )


def validated_save(obj: models.Model, *, bump_version: bool = False, exclude=None) -> models.Model:
    """full_clean() then save(); a versioned row's version goes up by one on every update."""
    obj.full_clean(exclude=exclude)
    if bump_version and not obj._state.adding:
        obj.version += 1
    obj.save()
    return obj


def next_ref(rows: models.QuerySet, prefix: str) -> str:
    """The next generated reference (`JS-000123`, `EMP-000045`) among `rows` (one program's).

    Reads the highest numbers in use with the prefix, so hand-typed refs never collide; the caller
    locks the program row so two saves cannot take the same number.
    """
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    refs = (
        rows.filter(ref__startswith=prefix)
        .order_by(Length("ref").desc(), "-ref")
        .values_list("ref", flat=True)[:20]
    )
    numbers = [int(m.group(1)) for ref in refs if (m := pattern.match(ref))]
    return f"{prefix}{max(numbers, default=0) + 1:06d}"
