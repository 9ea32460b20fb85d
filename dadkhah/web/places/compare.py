"""The before/after comparison on a site's page: two of the vault's images of the site.

The images are the evidence items of the site's observations that the reader may open
and that are pictures the browser may show (PNG, JPEG, GIF, WebP; never SVG, which can
carry script). By default the earliest and the latest are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dadkhah.core.errors import InputError
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.places.models import SiteObservation
from dadkhah.web.places.selectors import ObservedItem

#: The media types shown inline (evidence.views.evidence_image checks the bytes as well).
SHOWN_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


@dataclass(frozen=True)
class SiteImage:
    """One image with the observation that cites it."""

    item: EvidenceItem
    observed: ObservedItem

    @property
    def observation(self) -> SiteObservation:
        return self.observed.view.observation


@dataclass(frozen=True)
class Comparison:
    images: list[SiteImage]  # in the order of the observation history
    before: SiteImage
    after: SiteImage


def site_images(observations: list[ObservedItem]) -> list[SiteImage]:
    """The images of ``observations`` (already narrowed to what the reader may open), once
    each, at the first observation that cites them."""
    seen: set[str] = set()
    out = []
    for o in observations:
        for item in o.evidence:
            if item.media_type in SHOWN_IMAGE_TYPES and item.sha256 not in seen:
                seen.add(item.sha256)
                out.append(SiteImage(item, o))
    return out


def site_comparison(
    observations: list[ObservedItem], *, before: str = "", after: str = ""
) -> Comparison | None:
    """Two images to compare (``before`` and ``after`` name them by SHA-256; empty: the
    earliest and the latest), or None where the site has fewer than two.

    Raises:
        InputError: ``before`` or ``after`` is not one of the site's images.
    """
    images = site_images(observations)
    if len(images) < 2:
        return None
    by_hash = {i.item.sha256: i for i in images}

    def chosen(value: str, default: SiteImage) -> SiteImage:
        if value == "":
            return default
        if value not in by_hash:
            raise InputError(
                _("“%(value)s” is not one of this site's images: choose one from the list.")
                % {"value": value[:16]}
            )
        return by_hash[value]

    return Comparison(images, chosen(before, images[0]), chosen(after, images[-1]))
