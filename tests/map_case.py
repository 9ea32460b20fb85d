"""Two fictional aerial images of the demo's grave site, in the vault and on its observations.

Drawn here with Pillow (a field, then the same field with a building on it), so the
before/after comparison has pictures nobody could mistake for real ones.
"""

from __future__ import annotations

import io

from dadkhah.core.case import Case
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.places.models import Place, SiteObservation

KEY = "cemetery:khavaran"


def _picture(built: bool) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (196, 180, 140))
    draw = ImageDraw.Draw(image)
    for x in range(20, 300, 40):  # rows of trenches
        draw.rectangle((x, 40, x + 16, 160), fill=(150, 130, 95))
    if built:
        draw.rectangle((60, 30, 260, 170), fill=(120, 120, 128))
        draw.text((110, 95), "FICTIONAL", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def add_site_images(case: Case) -> tuple[Place, list[EvidenceItem]]:
    """Put a "before" image on the site's first observation and an "after" on its last."""
    from dadkhah.web.evidence.services import Collection, evidence_add_stream

    place = Place.objects.get(key=KEY)
    observations = list(SiteObservation.objects.filter(place=place).order_by("date_earliest"))
    items = []
    for n, (built, observation) in enumerate(((False, observations[0]), (True, observations[-1]))):
        report = evidence_add_stream(
            case=case,
            stream=io.BytesIO(_picture(built)),
            name=f"site-{n}.png",
            actor="test",
            collection=Collection(
                collected_by="test", method="drawn", title=f"Aerial view {n + 1} (fictional)"
            ),
        )
        item = (report.added or [d for _n, d in report.duplicates])[0]
        EvidenceItem.objects.filter(pk=item.pk).update(synthetic=True)
        observation.evidence.add(item)
        items.append(EvidenceItem.objects.get(pk=item.pk))
    return place, items
