import datetime
from decimal import Decimal

from django.db import migrations


def add_federal_minimum(apps, schema_editor):
    MinimumWage = apps.get_model("jobs", "MinimumWage")
    MinimumWage.objects.get_or_create(
        jurisdiction="federal",
        state="",
        locality="",
        effective_from=datetime.date(2009, 7, 24),
        defaults={
            "hourly_rate": Decimal("7.25"),
            "source": "Fair Labor Standards Act, 29 U.S.C. 206(a)(1)(C), as amended in 2007",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_jobs_minimum_wages_education")]
    operations = [migrations.RunPython(add_federal_minimum, migrations.RunPython.noop)]
