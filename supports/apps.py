from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_people_hooks() -> None:
    """Give the caseload its `follow_along` and `education` phases and the worklist its follow-along rules.

    (The education phase is registered here too, so the jobs app's own ready() stays its owner's.)
    Registering again is harmless: tests that empty a rule call this to put it back.
    """
    from people.selectors.caseload import register_phase_condition
    from people.selectors.worklist import JOB_START_FOLLOW_ALONG, register_worklist_rule

    from .selectors import phases, worklist

    register_phase_condition("follow_along", phases.follow_along_condition)
    register_phase_condition("education", phases.education_condition)
    register_worklist_rule(
        JOB_START_FOLLOW_ALONG,
        rows=worklist.job_start_follow_along_rows,
        describe=worklist.describe_job_start,
    )
    register_worklist_rule(
        worklist.FOLLOW_ALONG_OVERDUE,
        rows=worklist.follow_along_overdue_rows,
        describe=worklist.describe_overdue,
        label=worklist.FOLLOW_ALONG_OVERDUE_LABEL,
        explanation=worklist.FOLLOW_ALONG_OVERDUE_EXPLANATION,
    )


class SupportsConfig(AppConfig):
    name = "supports"
    verbose_name = _("Follow-along supports")

    def ready(self):
        from accounts import demo as accounts_demo

        from . import demo, demo_history

        register_people_hooks()
        accounts_demo.register_builder(demo.build_job_development)
        accounts_demo.register_builder(demo_history.build_history)
