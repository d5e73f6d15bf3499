"""Creates the newsroom roles (Contributor, Reporter, Editor, Admin) as groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsdesk.newsroom.roles import ROLE_PERMISSIONS


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if permissions == ["*"]:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = [permission.split(".") for permission in permissions]
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in wanted
            ]
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("news", "0002_article_version_and_workflow"),
        ("accounts", "0002_user_desk_sections"),
        ("sitesettings", "0002_create_settings_row"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
