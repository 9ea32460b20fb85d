"""The report's pictures, drawn on the server and inlined: bar charts, a map, thumbnails.

Everything is a ``data:`` URI, so the HTML is one self-contained file and WeasyPrint
fetches nothing (the platform runs air-gapped). Charts are labelled with Latin keys
and digits only: Matplotlib does not shape Persian, so the names in the reader's
script are in the table beside each chart. The map is a plain plot of the places with
coordinates (no tiles: nothing is fetched).
"""

from __future__ import annotations

import base64
import io
from typing import Any

#: Thumbnails of site images: enough to compare before and after, small enough for a PDF.
THUMBNAIL_PX = 480


def data_uri(data: bytes, media_type: str) -> str:
    """``data`` as a ``data:`` URI."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    return fig, fig.add_subplot(1, 1, 1)


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return data_uri(buffer.getvalue(), "image/png")


def bar_chart(rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart of (key, count), largest first, as a PNG data URI."""
    fig, ax = _figure(5.5, 0.35 * len(rows) + 0.8)
    keys = [k for k, _n in rows][::-1]
    counts = [n for _k, n in rows][::-1]
    ax.barh(range(len(rows)), counts, color="#5a6f8a")
    ax.set_yticks(range(len(rows)), keys, fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for y, n in enumerate(counts):
        ax.annotate(
            str(n), (n, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


_MARKERS = {"city": ("o", "#333333"), "prison": ("s", "#a33b3b"), "grave_site": ("^", "#2f6b3a")}


def place_map(places: list[tuple[str, str, float, float]]) -> str:
    """(key, kind, latitude, longitude) plotted as longitude against latitude.

    Cities are labelled by key; prisons, grave sites and other places are marked by kind
    (a legend says which), since they sit on their city's coordinates or close by.
    """
    fig, ax = _figure(6.0, 4.2)
    kinds: dict[str, list[tuple[float, float]]] = {}
    for key, kind, lat, lon in places:
        kinds.setdefault(kind if kind in _MARKERS else "other", []).append((lon, lat))
        if kind == "city":
            ax.annotate(
                key.removeprefix("city:"), (lon, lat), xytext=(4, 3),
                textcoords="offset points", fontsize=6,
            )  # fmt: skip
    for kind, points in sorted(kinds.items()):
        marker, colour = _MARKERS.get(kind, ("D", "#6b4f2f"))
        ax.scatter(
            [p[0] for p in points], [p[1] for p in points], marker=marker, color=colour,
            s=22 if kind == "city" else 14, label=f"{kind} ({len(points)})", alpha=0.85,
        )  # fmt: skip
    lons = [p[3] for p in places]
    lats = [p[2] for p in places]
    pad = 0.5
    ax.set_xlim(min(lons) - pad, max(lons) + pad * 3)
    ax.set_ylim(min(lats) - pad, max(lats) + pad)
    ax.set_xlabel("longitude (°E)", fontsize=8)
    ax.set_ylabel("latitude (°N)", fontsize=8)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, linewidth=0.3)
    ax.legend(fontsize=7, loc="best")
    return _png(fig)


def thumbnail(data: bytes) -> str:
    """An image re-encoded as a JPEG at most THUMBNAIL_PX wide, as a data URI.

    Re-encoding drops the file's metadata (EXIF, GPS), which a report must not carry.
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=80)
    return data_uri(out.getvalue(), "image/jpeg")
