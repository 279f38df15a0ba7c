"""Factories for synthetic job seekers, treatment teams and consents."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import ProgramFactory
from people.models import Consent, ConsentScope, JobSeeker, TreatmentTeam


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


class TreatmentTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentTeam
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Clinic team {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class JobSeekerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobSeeker

    program = factory.SubFactory(ProgramFactory)
    ref = factory.Sequence(lambda n: f"JS-{n:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.LazyFunction(lambda: _days_ago(365 * 35))
    referral_date = factory.LazyFunction(lambda: _days_ago(60))
    interest_date = factory.LazyAttribute(lambda o: o.referral_date)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    job_seeker = factory.SubFactory(JobSeekerFactory)
    partner_kind = "vocational_rehabilitation"
    partner_name = "Synthetic DVR office"
    signed_on = factory.LazyFunction(lambda: _days_ago(10))
    start_date = factory.LazyFunction(lambda: _days_ago(10))
    expiry_date = factory.LazyFunction(lambda: _days_ago(-355))

    @factory.post_generation
    def scopes(obj, create, extracted, **kwargs):
        if create:
            for item in extracted or ["employment_progress"]:
                ConsentScope.objects.create(consent=obj, item=item)
