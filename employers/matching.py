"""Matching openings with job seekers' preferences: a score and the reasons for it.

IPS matching starts from the person's preferences (zero exclusion: nobody is screened out for
"readiness"). This module only scores one opening against one career profile, in plain Python,
so it can be reasoned about and tested without a database. The selectors in
employers/selectors/openings.py load the candidates (one query) and call `score`.

Suggestions are computed on each request, never stored, never sent to an employer.

Every point given or taken comes with a reason a person can read; a preference the profile
does not state, or a fact the opening does not give, counts for nothing either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from people.models import DisclosurePreference, Shift

# How much each preference weighs. Kinds of work matter most; a kind of work the person wants
# to avoid outweighs everything else together, so it always sinks the opening. The best match
# among the kinds wanted counts once; every kind to avoid that matches counts.
WANTED_FULL = 40
WANTED_PARTIAL = 20
WANTED_NONE = -5
AVOIDED_FULL = -100
AVOIDED_PARTIAL = -30
HOURS = 15
SHIFTS = 10
WAGE = 10
PLACE = 5

MATCH, MISMATCH, NOTE = "match", "mismatch", "note"

# Words that say nothing about the kind of work.
_STOPWORDS = frozenset(
    {"a", "an", "and", "or", "the", "of", "in", "at", "on", "to", "for", "with", "work", "job", "jobs"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Reason:
    """One line of why: `kind` is match, mismatch or note; `points` what it added or took."""

    text: str
    kind: str
    points: int = 0


@dataclass
class Suggestion:
    """A scored pair: the job seeker (or the opening) and the reasons, best reasons first."""

    subject: object
    score: int = 0
    reasons: list[Reason] = field(default_factory=list)

    def add(self, text: str, kind: str, points: int = 0) -> None:
        self.reasons.append(Reason(str(text), kind, points))
        self.score += points


def words(text: str) -> frozenset[str]:
    """The meaningful words of a text, lower case, a trailing plural "s" taken off."""
    out = set()
    for word in _WORD.findall((text or "").casefold()):
        if word in _STOPWORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def _phrase_match(phrase: str, opening_words: frozenset[str]) -> str | None:
    """'full' when every word of the phrase is in the opening, 'partial' when some are, else None."""
    phrase_words = words(phrase)
    if not phrase_words:
        return None
    common = phrase_words & opening_words
    if common == phrase_words:
        return "full"
    if common:
        return "partial"
    return None


def _texts(values) -> list[str]:
    """The non-empty phrases, each once (ignoring case)."""
    seen: dict[str, str] = {}
    for value in values or []:
        text = str(value).strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


def _range(low, high) -> tuple[Decimal, Decimal] | None:
    """A (low, high) range from two optional ends; one end alone is a range of one value."""
    if low is None and high is None:
        return None
    low = Decimal(str(low if low is not None else high))
    high = Decimal(str(high if high is not None else low))
    return low, high


def _number(value: Decimal) -> str:
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value.normalize())


def _range_text(r: tuple[Decimal, Decimal]) -> str:
    low, high = r
    return _number(low) if low == high else f"{_number(low)}–{_number(high)}"


def _money(value) -> str:
    return f"${Decimal(value):,.2f}"


def _shift_labels(keys) -> str:
    labels = [str(Shift(k).label).lower() for k in keys if k in Shift.values]
    return _(" and ").join(labels) if len(labels) <= 2 else ", ".join(labels)


def opening_title(opening) -> str:
    """The title, with the kind of work when the title does not already say it."""
    if opening.job_type and opening.job_type.casefold() not in opening.title.casefold():
        return f"{opening.title} ({opening.job_type})"
    return opening.title


def opening_place_text(opening) -> str:
    """The words that say where the opening is: its place, else the business's address."""
    parts = []
    location = opening.location if opening.location_id else None
    if location is not None:
        parts += [location.label, location.address, location.city, location.postal_code]
    employer = getattr(opening, "employer", None) if opening.employer_id else None
    if employer is not None:
        parts += [employer.address, employer.city]
    return " ".join(p for p in parts if p)


def score(opening, profile, *, subject=None) -> Suggestion:
    """How well an opening fits what a person said they want (profile may be None: nothing known)."""
    suggestion = Suggestion(subject=subject)
    if profile is None:
        suggestion.add(_("No career profile yet: talk with them about this opening."), NOTE)
        return suggestion
    title = opening_title(opening)
    opening_words = words(f"{opening.title} {opening.job_type}")

    # Kinds of work wanted: the best match counts, once.
    wanted = _texts(profile.job_types_wanted)
    best, best_phrase = None, None
    for phrase in wanted:
        found = _phrase_match(phrase, opening_words)
        if found == "full" or (found == "partial" and best is None):
            best, best_phrase = found, phrase
        if best == "full":
            break
    if best == "full":
        suggestion.add(_("Wants %(kind)s work") % {"kind": best_phrase}, MATCH, WANTED_FULL)
    elif best == "partial":
        suggestion.add(
            _("Wants %(kind)s work; this is %(title)s") % {"kind": best_phrase, "title": title},
            MATCH,
            WANTED_PARTIAL,
        )
    elif wanted:
        suggestion.add(
            _("Wants %(kinds)s work; this is %(title)s") % {"kinds": _(" or ").join(wanted), "title": title},
            MISMATCH,
            WANTED_NONE,
        )

    # Kinds of work to avoid: each one the opening is counts against it.
    for phrase in _texts(profile.job_types_avoided):
        found = _phrase_match(phrase, opening_words)
        if found == "full":
            suggestion.add(
                _("Said to avoid %(kind)s work; this is %(title)s") % {"kind": phrase, "title": title},
                MISMATCH,
                AVOIDED_FULL,
            )
        elif found == "partial":
            suggestion.add(
                _("Said to avoid %(kind)s work; this is %(title)s — check with them")
                % {"kind": phrase, "title": title},
                MISMATCH,
                AVOIDED_PARTIAL,
            )

    # Hours a week: the ranges overlap, or not.
    wants_hours = _range(profile.hours_min, profile.hours_max)
    offers_hours = _range(opening.hours_min, opening.hours_max)
    if wants_hours and offers_hours:
        values = {"wanted": _range_text(wants_hours), "offered": _range_text(offers_hours)}
        if wants_hours[0] <= offers_hours[1] and offers_hours[0] <= wants_hours[1]:
            suggestion.add(_("Wants %(wanted)s hours; this is %(offered)s") % values, MATCH, HOURS)
        else:
            suggestion.add(_("Wants %(wanted)s hours; this is %(offered)s") % values, MISMATCH, -HOURS)

    # Shifts: "flexible" on either side fits any shift.
    prefers = [s for s in profile.shifts or [] if s in Shift.values]
    offers = [s for s in opening.shifts or [] if s in Shift.values]
    if prefers and offers:
        values = {"wanted": _shift_labels(prefers), "offered": _shift_labels(offers)}
        if Shift.FLEXIBLE in prefers or Shift.FLEXIBLE in offers or set(prefers) & set(offers):
            suggestion.add(_("Prefers %(wanted)s; this is %(offered)s") % values, MATCH, SHIFTS)
        else:
            suggestion.add(_("Prefers %(wanted)s; this is %(offered)s") % values, MISMATCH, -SHIFTS)

    # Wage: what they want against the most the opening pays.
    offered = opening.hourly_wage_max if opening.hourly_wage_max is not None else opening.hourly_wage_min
    if profile.wage_wanted is not None and offered is not None:
        values = {"wanted": _money(profile.wage_wanted), "offered": _money(offered)}
        if Decimal(profile.wage_wanted) <= Decimal(offered):
            suggestion.add(_("Wants %(wanted)s an hour; this pays up to %(offered)s") % values, MATCH, WAGE)
        else:
            suggestion.add(
                _("Wants %(wanted)s an hour; this pays at most %(offered)s") % values, MISMATCH, -WAGE
            )

    # Place: a weak hint only (a town or street named on both sides).
    common = {w for w in words(profile.locations) & words(opening_place_text(opening)) if len(w) > 2}
    if common:
        # Shown as the person's own words, in their own spelling.
        near = [w for w in _WORD.findall(profile.locations) if words(w) & common]
        places = ", ".join(dict.fromkeys(near))
        suggestion.add(_("Near a place they named (%(places)s)") % {"places": places}, MATCH, PLACE)

    if profile.disclosure_preference == DisclosurePreference.NO_ES_CONTACT:
        suggestion.add(
            _("Does not want the ES to contact employers about them: they can apply on their own"), NOTE
        )
    # Reasons that count most first; notes last.
    suggestion.reasons.sort(key=lambda r: (r.kind == NOTE, -abs(r.points)))
    return suggestion


def rank(suggestions: list[Suggestion], *, name=lambda s: "") -> list[Suggestion]:
    """Best score first; ties by name so the order is stable."""
    return sorted(suggestions, key=lambda s: (-s.score, name(s)))
