"""An alleged claim does not meet the standard of proof (dadkhah/core/claims.py, issue 13).

Claims graded before the rule changed kept ``meets_standard`` for a single strong
source; this clears it where the status is still "alleged".
"""

from django.db import migrations


def clear_alleged(apps, schema_editor):
    claim = apps.get_model("claims", "Claim")
    claim.objects.filter(status="alleged", meets_standard=True).update(meets_standard=False)


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_claim_confidentiality")]

    operations = [migrations.RunPython(clear_alleged, migrations.RunPython.noop)]
