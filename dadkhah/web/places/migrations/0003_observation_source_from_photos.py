"""Cite, for each site observation without a source, the source its photographs were filed under.

The synthetic case's loader filed every photograph as the file of its own source
(``Source.evidence``) but left the observations that show the photographs without a
source, so the site pages' source column was empty. An observation gets the source
only where its photographs (or the originals of working copies) name exactly one.
"""

from django.db import migrations


def fill(apps, schema_editor):
    SiteObservation = apps.get_model("places", "SiteObservation")
    Source = apps.get_model("sources", "Source")
    for observation in SiteObservation.objects.filter(source__isnull=True).prefetch_related(
        "evidence"
    ):
        items = set()
        for item in observation.evidence.all():
            items.add(item.pk)
            if item.derived_from_id is not None:
                items.add(item.derived_from_id)
        if not items:
            continue
        sources = list(Source.objects.filter(evidence__in=items).order_by("name", "-version"))
        if len({s.name for s in sources}) == 1:
            observation.source = sources[0]
            observation.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_place_confidentiality"),
        ("sources", "0001_initial"),
        ("evidence", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
