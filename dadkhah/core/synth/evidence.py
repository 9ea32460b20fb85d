"""Small evidence files: PDF documents written by hand, PNG and JPEG images from Pillow.

A notification letter, a list of a commission's members, a press clipping on
a later post; photographs of grave sites before and after their destruction,
one JPEG carrying EXIF date and GPS position. Every file says SYNTHETIC on its
face and in its metadata. The PDF is built from the file structure of ISO
32000-1 section 7.5 (header, objects, cross-reference table, trailer) with
the standard Helvetica font, so it needs no library and its bytes depend only
on its text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import numpy as np

from dadkhah.core.synth.catalogue import catalogue, family_entry
from dadkhah.core.synth.entities import Obj, day, jalali_month, place_key, year
from dadkhah.core.synth.population import NO_DATE, Population, person_key
from dadkhah.core.synth.tables import CITIES, PRISONS
from dadkhah.core.synth.testimony import World

RELIABILITY = {"document": "C", "image": "B"}


def _pdf_escape(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(lines: list[str], title: str) -> bytes:
    """A one-page PDF 1.4 with the lines in Helvetica 11 pt (ASCII; others become '?')."""
    body = ["BT", "/F1 11 Tf", "50 790 Td", "15 TL"]
    for k, line in enumerate(lines):
        body.append(f"({_pdf_escape(line)}) Tj" if k == 0 else f"T* ({_pdf_escape(line)}) Tj")
    body.append("ET")
    stream = "\n".join(body).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({_pdf_escape(title)}) /Subject (SYNTHETIC - fictional) /Producer (dadkhah synth) >>".encode(
            "ascii"
        ),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def site_image(status: str, seed: int, size: tuple[int, int] = (320, 200)) -> Any:
    """A drawn 'photograph' of a grave site: mounds when intact; flattened, tracked or built over after."""
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    w, h = size
    img = Image.new("RGB", size, (176, 196, 222))
    d = ImageDraw.Draw(img)
    d.rectangle((0, h // 3, w, h), fill=(168, 146, 110))
    if status == "intact":
        for row in range(3):
            for col in range(9):
                x = 15 + col * 33 + int(rng.integers(-3, 4))
                y = h // 3 + 20 + row * 40
                d.ellipse((x, y, x + 26, y + 12), fill=(120, 98, 70))
                if rng.random() < 0.3:
                    d.ellipse((x + 10, y - 6, x + 16, y), fill=(200, 40, 60))  # flowers
    elif status in ("bulldozed", "damaged"):
        for k in range(6):
            y = h // 3 + 15 + k * 25
            d.line((0, y, w, y + int(rng.integers(-8, 9))), fill=(95, 80, 60), width=4)
    elif status == "built_over":
        d.rectangle(
            (60, h // 3 - 40, 260, h - 30), fill=(150, 150, 150), outline=(90, 90, 90), width=3
        )
    else:
        d.rectangle((20, h // 3 + 10, w - 20, h - 10), fill=(190, 190, 185))
    d.rectangle((0, 0, w, 18), fill=(0, 0, 0))
    d.text((6, 3), "SYNTHETIC - fictional image", fill=(255, 255, 255))
    return img


def _exif(taken: str, lat: float, lon: float, description: str) -> Any:
    from PIL import Image

    def dms(v: float) -> tuple[float, float, float]:
        v = abs(v)
        deg = int(v)
        minutes = int((v - deg) * 60)
        return (float(deg), float(minutes), round((v - deg - minutes / 60) * 3600, 2))

    exif = Image.Exif()
    exif[0x010E] = description
    exif[0x010F] = "SYNTHETIC"
    exif[0x0110] = "Synthetic camera"
    exif[0x0132] = taken
    exif.get_ifd(0x8769)[0x9003] = taken
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = ("N" if lat >= 0 else "S"), dms(lat)
    gps[3], gps[4] = ("E" if lon >= 0 else "W"), dms(lon)
    return exif


class Store:
    """Writes evidence files and lists them with their hashes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.items: list[Obj] = []
        folder.mkdir(parents=True, exist_ok=True)

    def add(
        self, name: str, data: bytes, media_type: str, kind: str, title: str, **extra: Any
    ) -> str:
        key = f"EV-{len(self.items) + 1:04d}"
        (self.folder / name).write_bytes(data)
        self.items.append(
            {
                "key": key,
                "file": f"evidence/{name}",
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "media_type": media_type,
                "kind": kind,
                "title": f"SYNTHETIC — {title}",
                "source": {
                    "name": f"evidence-{key.lower()}",
                    "kind": kind,
                    "reliability": RELIABILITY[kind],
                    "synthetic": True,
                },
                "synthetic": True,
                **extra,
            }
        )
        return key


def _cite(world: World, claim: str, key: str, kind: str, locator: str) -> None:
    world.cite(
        claim,
        {
            "kind": "evidence",
            "source": key,
            "locator": locator,
            "reliability": RELIABILITY[kind],
            "credibility": 2,
        },
    )


def write_evidence(
    folder: Path,
    pop: Population,
    refs: dict[int, list[list[str]]],
    places: list[Obj],
    perpetrators: list[Obj],
    memberships: list[Obj],
    posts: list[Obj],
    world_data: dict[str, Any],
    rng: np.random.Generator,
) -> list[Obj]:
    """Write DIR/evidence/ and return its entries for entities/evidence.json.

    Claims the files support get the file as a source; grave-site observations
    get the photographs that show them.
    """
    world: World = world_data["world"]
    store = Store(folder)
    cat = catalogue()
    perp = {p["person_key"]: p for p in perpetrators}

    # Notification letters for up to three documented victims whose families were told.
    told = [i for i in sorted(refs) if pop.notified[i] != NO_DATE][:3]
    for n, i in enumerate(told, start=1):
        g, f, fa = (
            cat.given[int(pop.given[i])],
            family_entry(int(pop.family[i])),
            cat.given[int(pop.father[i])],
        )
        prison = PRISONS[int(pop.prison[i])]
        note_day = int(pop.notified[i])
        lines = [
            "SYNTHETIC DOCUMENT - FICTIONAL - NOT A REAL RECORD",
            "",
            f"{prison.en[0]}: notice to the family",
            f"Date: {dt.date.fromordinal(note_day).isoformat()}",
            "",
            f"The family of {g.latin[0]} {f.latin[0]}, child of {fa.latin[0]},",
            "is informed that the prisoner's sentence was carried out",
            f"in {dt.date.fromordinal(int(pop.death[i])).strftime('%B %Y')}.",
            "The family may not hold a funeral or a memorial.",
        ]
        key = store.add(
            f"notification_{n}.pdf",
            minimal_pdf(lines, f"SYNTHETIC notification {n}"),
            "application/pdf",
            "document",
            f"Notification to the family of {person_key(i)}",
            captured=day(note_day),
            place=place_key("prison", prison.key),
            about=[person_key(i)],
        )
        c = world.claim(
            ("person", person_key(i)),
            "executed",
            prison.en[0],
            place=place_key("prison", prison.key),
            date=jalali_month(int(pop.death[i])),
            true=True,
        )
        _cite(world, c, key, "document", "page 1")

    # A list of the members of the Tehran commission and of one provincial commission.
    for city_key in ("tehran", CITIES[int(rng.integers(1, 8))].key):
        city = next(c for c in CITIES if c.key == city_key)
        seat = [m for m in memberships if m["body"] == f"commission:{city_key}"]
        lines = [
            "SYNTHETIC DOCUMENT - FICTIONAL - NOT A REAL RECORD",
            "",
            f"Members of the {city.en} commission, summer 1988",
            "",
        ]
        lines += [
            f"{m['role'].replace('_', ' ')}: {perp[m['person']]['given_name']} {perp[m['person']]['family_name']}"
            for m in seat
        ]
        key = store.add(
            f"commission_{city_key}.pdf",
            minimal_pdf(lines, f"SYNTHETIC commission list {city.en}"),
            "application/pdf",
            "document",
            f"Members of the {city.en} commission",
            captured=year(1988),
            place=place_key("city", city_key),
            about=[m["person"] for m in seat],
        )
        for m in seat:
            c = world.claim(
                ("person", m["person"]),
                "member_of",
                m["body"],
                place=place_key("prison", next(p.key for p in PRISONS if p.city == city_key)),
                date=jalali_month(dt.date(1988, 8, 5).toordinal()),
                true=True,
            )
            _cite(world, c, key, "document", "page 1")

    # A press clipping on one perpetrator's current post.
    current = [p for p in posts if p["current"]]
    if current:
        post = current[int(rng.integers(0, len(current)))]
        who = perp[post["person"]]
        lines = [
            "SYNTHETIC PRESS CLIPPING - FICTIONAL",
            "",
            f"{who['given_name']} {who['family_name']} appointed {post['title']}",
            f"({post['start']['text']}).",
        ]
        key = store.add(
            "press_clipping.pdf",
            minimal_pdf(lines, "SYNTHETIC press clipping"),
            "application/pdf",
            "document",
            "Press clipping on a later post",
            captured=post["start"],
            about=[post["person"]],
        )
        c = world.claim(
            ("person", post["person"]),
            "post_held",
            post["title"],
            place=None,
            date=post["start"],
            true=True,
        )
        _cite(world, c, key, "document", "page 1")

    # Photographs of each destroyed grave site: before, after, and one JPEG with EXIF.
    for p in places:
        if p["kind"] != "grave_site":
            continue
        destroyed = [
            o
            for o in p["observations"]
            if o["status"] in ("bulldozed", "built_over", "covered", "damaged")
        ]
        if not destroyed:
            continue
        slug = p["key"].split(":")[1]
        before, after = p["observations"][1], destroyed[0]
        for label, obs in (("before", before), ("after", after)):
            buf = io.BytesIO()
            site_image(obs["status"], int(rng.integers(0, 2**31))).save(buf, "PNG")
            key = store.add(
                f"site_{slug}_{label}.png",
                buf.getvalue(),
                "image/png",
                "image",
                f"{p['name']} ({label}, {obs['date']['text']})",
                captured=obs["date"],
                place=p["key"],
            )
            obs.setdefault("evidence", []).append(key)
        y = int(after["date"]["text"])
        taken = f"{y}:05:{int(rng.integers(1, 29)):02d} 10:{int(rng.integers(0, 60)):02d}:00"
        buf = io.BytesIO()
        img = site_image(after["status"], int(rng.integers(0, 2**31)))
        img.save(
            buf,
            "JPEG",
            quality=80,
            exif=_exif(taken, p["latitude"], p["longitude"], f"SYNTHETIC {p['name']}"),
        )
        key = store.add(
            f"site_{slug}.jpg",
            buf.getvalue(),
            "image/jpeg",
            "image",
            f"{p['name']}, photographed {y}",
            captured=year(y),
            place=p["key"],
            exif={
                "DateTimeOriginal": taken,
                "latitude": p["latitude"],
                "longitude": p["longitude"],
            },
        )
        after.setdefault("evidence", []).append(key)
        c = world.claim(
            ("place", p["key"]),
            "site_status",
            after["status"],
            place=p["key"],
            date=after["date"],
            true=True,
        )
        _cite(world, c, key, "image", "whole image")
    return store.items
