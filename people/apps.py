from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Job seekers")

    def ready(self):
        from accounts import access
        from accounts import demo as accounts_demo

        from . import demo, gate

        access.register_person_rule(gate.partner_condition)
        accounts_demo.register_builder(demo.build_people)
