"""Lets the newsroom's Admin role read the purge log (the role's permissions were set before this app existed)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the grant needs them now.
    app_config = apps.get_app_config("pagecache")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="pagecache", codename="view_purgelog")
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0001_initial"),
        ("newsroom", "0002_roles"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
