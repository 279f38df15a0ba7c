"""Factories for synthetic users, agencies, programs and memberships."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Agency, Membership, Program, ProgramArea, ServiceArea, User
from accounts.roles import STAFF_ROLES

TEST_PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Synthetic Agency {n}")
    kind = "county_agency"
    state = "WI"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Test IPS Program {n}")
    agency = factory.SubFactory(AgencyFactory)
    state = "WI"
    status = "active"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=800))

    @factory.post_generation
    def primary_area(obj, create, extracted, **kwargs):
        if create:
            area = extracted or ServiceArea.objects.filter(state="WI", kind="county").order_by("?").first()
            if area is not None:
                ProgramArea.objects.create(program=obj, area=area, is_primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = "employment_specialist"
    program = factory.SubFactory(ProgramFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))

    @factory.lazy_attribute
    def fte(self):
        return Decimal("1.00") if self.role in STAFF_ROLES else None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        from accounts.roles import STATE_ROLES

        if kwargs.get("role") in STATE_ROLES:
            kwargs["program"] = None
        if kwargs.get("fte") is None and kwargs.get("role") in STAFF_ROLES:
            kwargs["fte"] = Decimal("1.00")
        return kwargs
