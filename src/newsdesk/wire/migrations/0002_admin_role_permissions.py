"""The Admin role holds every permission; the roles migration ran before the wire's models existed, so the wire's
permissions (adding and changing feeds) are granted to it here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    config = apps.get_app_config("wire")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(*Permission.objects.filter(content_type__app_label="wire"))


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0001_initial"),
        ("newsroom", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
