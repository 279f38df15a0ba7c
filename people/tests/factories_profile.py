"""Factories for synthetic career profiles, their work history, education and first version."""

import datetime

import factory
from django.utils import timezone

from people.models import CareerProfile, CareerProfileVersion, EducationHistoryEntry, WorkHistoryEntry
from people.services.profile import profile_snapshot
from people.tests.factories import JobSeekerFactory


class CareerProfileFactory(factory.django.DjangoModelFactory):
    """A profile at version 1, with its version-1 row (as the service would have written it)."""

    class Meta:
        model = CareerProfile
        skip_postgeneration_save = True

    job_seeker = factory.SubFactory(JobSeekerFactory)
    work_goal_own_words = "I want to cook again, mornings if I can."
    job_types_wanted = factory.LazyFunction(lambda: ["line cook"])
    hours_min = 15
    hours_max = 25
    disclosure_preference = "es_contact_without_disclosure"

    @factory.post_generation
    def first_version(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            CareerProfileVersion.objects.create(
                profile=obj, number=obj.version, snapshot=profile_snapshot(obj), change_summary="Started"
            )


class WorkHistoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkHistoryEntry

    profile = factory.SubFactory(CareerProfileFactory)
    employer_name = factory.Sequence(lambda n: f"Synthetic Diner {n}")
    job_title = "Prep cook"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=900))
    ended_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))


class EducationHistoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationHistoryEntry

    profile = factory.SubFactory(CareerProfileFactory)
    level = "high_school_diploma"
    institution = "Synthetic High School"
    year = 2005
    completed = True


# --- For the access matrix (accounts/tests/test_access_matrix.py) -------------------------------


def matrix_profile_url(name: str, *, entry: str | None = None, number: int | None = None):
    """A page of the career profile of a person of that program with no consent (so partners get 404).

    The profile is at version 1; `entry` ("work" or "education") adds one entry for its pages.
    """
    from django.urls import reverse

    def url(ctx, program):
        profile = CareerProfileFactory(job_seeker=JobSeekerFactory(program=program))
        kwargs = {"slug": program.slug, "pk": profile.job_seeker_id}
        if number is not None:
            kwargs["number"] = number
        if entry == "work":
            kwargs["entry_pk"] = WorkHistoryEntryFactory(profile=profile).pk
        elif entry == "education":
            kwargs["entry_pk"] = EducationHistoryEntryFactory(profile=profile).pk
        return reverse(name, kwargs=kwargs)

    return url


def matrix_api_url(ctx, program):
    from django.urls import reverse

    profile = CareerProfileFactory(job_seeker=JobSeekerFactory(program=program))
    return reverse("api:career-profile", kwargs={"pk": profile.job_seeker_id})


def matrix_profile_data(ctx, program):
    return {"version": 1, "disclosure_preference": "undecided", "hours_min": "10", "shifts": ["day"]}


def matrix_work_add_data(ctx, program):
    return {"work-version": 1, "work-employer_name": "Matrix Diner", "work-job_title": "Cook"}


def matrix_work_edit_data(ctx, program):
    return {"version": 1, "employer_name": "Matrix Diner", "job_title": "Cook"}


def matrix_education_add_data(ctx, program):
    return {"education-version": 1, "education-level": "bachelor", "education-year": "2010"}


def matrix_education_edit_data(ctx, program):
    return {"version": 1, "level": "bachelor", "year": "2010"}


def matrix_remove_data(ctx, program):
    return {"version": 1}
