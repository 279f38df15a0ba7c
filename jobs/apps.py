from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs and education")

    def ready(self):
        from people.selectors.caseload import register_phase_condition

        from .selectors.jobs import holds_competitive_job_on

        # A person is "working" on a day they hold a competitive integrated job (records.md, Phase).
        register_phase_condition("working", holds_competitive_job_on)
