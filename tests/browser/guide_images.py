"""Copy the journey test's screenshots into docs/img/guide-*.png for docs/guide.md.

Run the journey first (`pytest tests/browser/test_journeys.py`), then
`python -m tests.browser.guide_images`. Each picture is cut to the top of the page
and reduced to a palette of 128 colours, which keeps a 1366-pixel-wide page well
under 200 KB.
"""

from __future__ import annotations

import sys

from tests.browser.seeding import REPO, artifacts_dir

#: (screenshot of the journey, picture in docs/img, at most this many pixels tall)
PICTURES = [
    ("login.png", "guide-login.png", 600),
    ("search-persian.png", "guide-search.png", 900),
    ("search-facet.png", "guide-facet.png", 1100),
    ("person.png", "guide-person.png", 1200),
    ("source.png", "guide-source.png", 900),
    ("review.png", "guide-review.png", 900),
    ("estimate.png", "guide-estimate.png", 1500),
    ("timeline.png", "guide-timeline.png", 900),
    ("statistics.png", "guide-statistics.png", 900),
    ("places.png", "guide-places.png", 900),
    ("claim-edit.png", "guide-edit.png", 1400),
    ("person-fa-390.png", "guide-phone-fa.png", 1400),
]
LIMIT = 200_000


def main() -> int:
    from PIL import Image

    shots = artifacts_dir("journeys")
    out = REPO / "docs" / "img"
    for name, target, tallest in PICTURES:
        source = shots / name
        if not source.exists():
            print(f"{source} is missing: run tests/browser/test_journeys.py first", file=sys.stderr)
            return 1
        with Image.open(source) as image:
            top = image.convert("RGB").crop((0, 0, image.width, min(image.height, tallest)))
            small = top.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
            small.save(out / target, optimize=True)
        size = (out / target).stat().st_size
        print(f"{target}: {size // 1024} KB")
        if size > LIMIT:
            print(f"{target} is over {LIMIT // 1000} KB", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
