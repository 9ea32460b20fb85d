"""Give persons linked before issue 13 their best attested names and the victim role of their lists.

Linkage named a new person once, from its first record's machine romanization,
and never again; nor did it carry a list's victims to the person. This runs
what linkage now runs after every change (dadkhah.web.people.services).
"""

from django.db import migrations

from dadkhah.web.people.services import BATCH, names_and_roles_refresh


def forward(apps, schema_editor):
    Record = apps.get_model("sources", "Record")
    pks = sorted(
        set(Record.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    )
    for i in range(0, len(pks), BATCH):
        names_and_roles_refresh(
            pks[i : i + BATCH],
            person=apps.get_model("people", "Person"),
            role=apps.get_model("people", "PersonRole"),
            record=Record,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_confidentiality"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
