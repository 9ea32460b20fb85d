"""The first cases' "viewer" group becomes the read-only role; users in a role get a clearance.

Before clearances existed every logged-in user read restricted data, so each user already
in a role keeps that (admins: strictly confidential, as they could read everything).
"""

from django.db import migrations


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    Clearance = apps.get_model("accounts", "Clearance")
    viewer = Group.objects.filter(name="viewer").first()
    if viewer is not None:
        read_only, _ = Group.objects.get_or_create(name="read_only")
        for user in viewer.user_set.all():
            user.groups.add(read_only)
        viewer.delete()
    roles = ("admin", "investigator", "read_only")
    for user in User.objects.filter(groups__name__in=roles).distinct():
        admin = user.is_superuser or user.groups.filter(name="admin").exists()
        level = "strictly_confidential" if admin else "restricted"
        Clearance.objects.get_or_create(user=user, defaults={"level": level})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_clearance")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
