"""Helpers every service uses: validate before saving, refuse stale versions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
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
