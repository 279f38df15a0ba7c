"""Factories for synthetic service notes and their addenda."""

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from people.models import NOTE_EDIT_WINDOW, NoteAddendum, ServiceNote
from people.tests.factories import JobSeekerFactory


class ServiceNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceNote

    job_seeker = factory.SubFactory(JobSeekerFactory)
    program = factory.LazyAttribute(lambda o: o.job_seeker.program)
    date = factory.LazyFunction(timezone.localdate)
    staff = None
    kind = "meeting_job_seeker"
    location = "community"
    mode = "in_person"
    minutes = 45
    text = factory.Sequence(lambda n: f"Met at the library to look at job postings ({n}).")
    contains_part2 = False
    locked_at = factory.LazyFunction(lambda: timezone.now() + NOTE_EDIT_WINDOW)


class NoteAddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteAddendum

    note = factory.SubFactory(ServiceNoteFactory)
    text = factory.Sequence(lambda n: f"Later: the employer called back ({n}).")
    author = factory.SubFactory(UserFactory)
    contains_part2 = False
