from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Outcomes and reports")

    def ready(self):
        from accounts import demo as accounts_demo

        from . import demo

        accounts_demo.register_builder(demo.build_reports)
