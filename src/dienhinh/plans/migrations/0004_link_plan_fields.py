"""Link every plan field that existed before shared fields to the shared field of its plan's
issuing unit with the same name (created as needed): the demo's, and any real data."""

from django.db import migrations


def link(apps, schema_editor):
    from dienhinh.plans.fields import link_plan_fields

    link_plan_fields(
        plan_field_model=apps.get_model("plans", "PlanField"),
        shared_field_model=apps.get_model("plans", "SharedField"),
    )


def unlink(apps, schema_editor):
    apps.get_model("plans", "PlanField").objects.update(shared=None)
    apps.get_model("plans", "SharedField").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_shared_fields")]

    operations = [migrations.RunPython(link, unlink)]
