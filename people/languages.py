"""The languages a person may prefer: the picker's short list, and a name for any BCP 47 tag.

A person's `preferred_language` is any BCP 47 tag (records.md). The picker offers the languages
programs meet most often; any other tag is taken as typed. Django's own language-name filter
raises on a tag it does not know, so pages show names from here, falling back to the tag itself.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("hmn", _("Hmong")),
    ("so", _("Somali")),
    ("ar", _("Arabic")),
]

# Names for tags people type in often enough that a page should not show the bare code.
_OTHER_NAMES = {
    "vi": _("Vietnamese"),
    "zh": _("Chinese"),
    "ru": _("Russian"),
    "fr": _("French"),
    "ase": _("American Sign Language"),
}

_NAMES = {tag: name for tag, name in LANGUAGE_CHOICES} | _OTHER_NAMES

# A well-formed tag: a 2–3 letter (or 4–8 letter registered) primary language, then subtags of
# 1–8 letters or digits (script, region, variant), separated by hyphens. At most 35 characters.
_TAG_RE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
MAX_TAG_LENGTH = 35


def is_language_tag(tag: str) -> bool:
    """Is `tag` shaped like a BCP 47 language tag ("so", "zh-Hant", "es-419")?"""
    return bool(tag) and len(tag) <= MAX_TAG_LENGTH and bool(_TAG_RE.match(tag))


def language_label(tag: str | None) -> str:
    """The language's name for a tag; an unknown tag is shown as it is, never an error."""
    tag = (tag or "").strip()
    if not tag:
        return ""
    name = _NAMES.get(tag) or _NAMES.get(tag.lower())
    if name is None and "-" in tag:
        # "es-MX" → "Spanish (es-MX)": the language is known, the region is kept as written.
        base = _NAMES.get(tag.split("-", 1)[0].lower())
        if base is not None:
            return f"{base} ({tag})"
    return str(name) if name is not None else tag
