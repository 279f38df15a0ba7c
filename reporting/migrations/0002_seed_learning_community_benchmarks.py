from decimal import Decimal

from django.db import migrations

SOURCE = (
    "IPS Employment Center FAQ, from Becker, Drake & Bond, “Benchmark outcomes in supported "
    "employment”, Am J Psychiatr Rehabil 2011 (8 years of 13-state Learning Community data)"
)

LEVELS = [
    ("lc_minimal", "Learning Community minimal standard", Decimal("31"), 1),
    ("lc_average", "Learning Community average performance", Decimal("41"), 2),
    ("lc_excellent", "Learning Community excellent performance", Decimal("50"), 3),
]


def add_levels(apps, schema_editor):
    Benchmark = apps.get_model("reporting", "Benchmark")
    for key, label, value, order in LEVELS:
        Benchmark.objects.get_or_create(
            key=key,
            defaults={"measure": "employment_rate", "label": label, "value": value, "source": SOURCE, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_quarterly_reports")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
