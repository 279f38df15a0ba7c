from django.db import migrations


def add_areas(apps, schema_editor):
    from accounts.wisconsin import COUNTY_FIPS, TRIBAL_NATIONS

    ServiceArea = apps.get_model("accounts", "ServiceArea")
    for name, fips in sorted(COUNTY_FIPS.items()):
        ServiceArea.objects.get_or_create(state="WI", kind="county", name=name, defaults={"fips_code": fips})
    for name in TRIBAL_NATIONS:
        ServiceArea.objects.get_or_create(state="WI", kind="tribal_nation", name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_users_programs_memberships")]
    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
