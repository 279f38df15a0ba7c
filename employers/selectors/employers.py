"""Reads about businesses: the list with each one's contact history summed in SQL, duplicates, a page's parts."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from accounts import access, roles

from ..models import (
    Employer,
    EmployerContact,
    EmployerContactJobSeeker,
    EmployerLocation,
    EmployerPerson,
    Opening,
)

VIEW = roles.Action.EMPLOYER_VIEW

# Words that say what kind of company it is, not which one ("Acme Inc." is "Acme").
_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "co",
        "corp",
        "corporation",
        "company",
        "pc",
        "pllc",
        "plc",
    }
)
_NOT_WORD = re.compile(r"[^\w\s]")


def _fold(text: str) -> str:
    """Without case or accents ("Café" and "cafe" are the same)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalized_name(name: str) -> str:
    """A business name compared without case, accents, punctuation or a closing "Inc", "LLC"…

    "Joe's Diner, L.L.C." and "joes diner" are the same name. A leading "The" is dropped too.
    """
    text = _fold(name).replace("&", " and ")
    # Dots and apostrophes join letters ("L.L.C." is "llc", "Joe's" is "joes"); other marks split words.
    text = re.sub(r"[.'’]", "", text)
    words = _NOT_WORD.sub(" ", text).split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def normalized_city(city: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", _fold(city).replace(".", "")).split())


def possible_duplicates(*, program, name: str, city: str, exclude_pk=None) -> list[Employer]:
    """The program's businesses (not merged away) with the same normalized name and city.

    Names are compared in Python so that accents and punctuation count the same on SQLite and
    PostgreSQL; only the few columns compared are read.
    """
    wanted_name, wanted_city = normalized_name(name), normalized_city(city)
    if not wanted_name:
        return []
    candidates = Employer.objects.filter(program=program, merged_into__isnull=True).only(
        "id", "ref", "name", "city", "program_id"
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    return [
        e
        for e in candidates
        if normalized_name(e.name) == wanted_name and normalized_city(e.city) == wanted_city
    ]


class EmployerSort:
    NAME = "name"
    LAST_CONTACT = "last_contact"
    CONTACTS = "contacts"
    CHOICES = ("name", "-name", "last_contact", "-last_contact", "contacts", "-contacts")


def with_contact_summary(qs: QuerySet) -> QuerySet:
    live = Q(contacts__archived_at__isnull=True)
    return qs.annotate(
        last_contact_on=Max("contacts__date", filter=live),
        contact_count=Count("contacts", filter=live),
    )


def employer_list(
    *, user, program, q: str = "", relationship: str = "", sort: str = ""
) -> QuerySet[Employer]:
    """The program's businesses (merged ones left out), with last contact date and number of contacts."""
    qs = access.restrict(
        Employer.objects.filter(program=program, merged_into__isnull=True, archived_at__isnull=True),
        user,
        VIEW,
    )
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(city__icontains=q) | Q(industry__icontains=q) | Q(ref__iexact=q)
        )
    if relationship:
        qs = qs.filter(relationship=relationship)
    qs = with_contact_summary(qs)
    sort = sort if sort in EmployerSort.CHOICES else EmployerSort.NAME
    if sort == "name":
        order = [Lower("name").asc(), "id"]
    elif sort == "-name":
        order = [Lower("name").desc(), "-id"]
    elif sort == "last_contact":  # longest since the last contact first; never contacted first of all
        order = [F("last_contact_on").asc(nulls_first=True), Lower("name"), "id"]
    elif sort == "-last_contact":
        order = [F("last_contact_on").desc(nulls_last=True), Lower("name"), "id"]
    elif sort == "contacts":
        order = ["contact_count", Lower("name"), "id"]
    else:
        order = ["-contact_count", Lower("name"), "id"]
    return qs.order_by(*order)


def employer_summary(employer: Employer) -> Employer:
    """The business with its last contact date and number of contacts."""
    return with_contact_summary(Employer.objects.filter(pk=employer.pk)).get()


def employer_locations(employer: Employer) -> QuerySet[EmployerLocation]:
    return EmployerLocation.objects.filter(employer=employer, archived_at__isnull=True)


def employer_people(employer: Employer) -> QuerySet[EmployerPerson]:
    return EmployerPerson.objects.filter(employer=employer, archived_at__isnull=True)


def employer_openings(*, user, employer: Employer) -> QuerySet[Opening]:
    return access.restrict(
        Opening.objects.filter(employer=employer, archived_at__isnull=True).select_related("location"),
        user,
        VIEW,
    )


def employer_hires(*, user, employer: Employer):
    """Jobs of our job seekers at this business, as far as the user may see each person's jobs."""
    from jobs.models import Job

    return access.restrict(
        Job.objects.filter(employer=employer, archived_at__isnull=True).select_related("job_seeker"),
        user,
        roles.Action.JOB_SEEKER_VIEW,
    ).order_by("-start_date", "-id")


def employer_contacts(*, user, employer: Employer) -> QuerySet[EmployerContact]:
    """The whole contact history with the business, newest first, with whom each contact was for."""
    named = access.restrict(
        EmployerContactJobSeeker.objects.select_related("job_seeker"), user, roles.Action.JOB_SEEKER_VIEW
    ).order_by("job_seeker__last_name", "job_seeker__first_name", "id")
    return (
        access.restrict(
            EmployerContact.objects.filter(employer=employer, archived_at__isnull=True), user, VIEW
        )
        .select_related("staff__user", "person_met")
        .prefetch_related(Prefetch("for_job_seekers", queryset=named, to_attr="visible_job_seekers"))
        .order_by("-date", "-id")
    )


def merge_candidates(*, user, employer: Employer) -> QuerySet[Employer]:
    """The other businesses of the program that could be merged into this one (possible duplicates first)."""
    return access.restrict(
        Employer.objects.filter(program_id=employer.program_id, merged_into__isnull=True).exclude(
            pk=employer.pk
        ),
        user,
        roles.Action.EMPLOYER_EDIT,
    ).order_by(Lower("name"), "city", "id")
