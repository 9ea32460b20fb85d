"""Characters that text from outside must not carry silently: NUL, lone surrogates, bidi controls.

* NUL (U+0000) and lone surrogates (U+D800–U+DFFF) are not text: UTF-8 cannot encode a
  surrogate (RFC 3629 §3) and PostgreSQL refuses NUL in ``text`` and ``jsonb``. A value
  holding one is refused at import with a message, never stored.
* The bidirectional embedding, override and isolate controls (U+202A–U+202E,
  U+2066–U+2069, Unicode Standard Annex #9) are invisible and reorder what follows them:
  ``U+202E`` makes a name read backwards ("Trojan Source", CVE-2021-42574). They are
  kept in the raw value exactly as given, flagged at import, shown isolated in pages
  (``<bdi>``) and made visible in the CLI as ``<U+202E>``. The marks U+200E and U+200F
  (LRM, RLM) are ordinary in Persian text and are left alone.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
SHOWN = re.compile("[\x00\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _code(ch: str) -> str:
    return f"<U+{ord(ch):04X}>"


def visible(text: str) -> str:
    """``text`` with every NUL, lone surrogate and bidi control written as ``<U+XXXX>``."""
    return SHOWN.sub(lambda m: _code(m.group()), text)


def describe(chars: str) -> str:
    """The distinct characters, named: "U+202E RIGHT-TO-LEFT OVERRIDE, U+0000 NULL"."""
    seen: list[str] = []
    for ch in chars:
        if ch in seen:
            continue
        seen.append(ch)
    names = []
    for ch in seen:
        if "\ud800" <= ch <= "\udfff":
            name = "a lone surrogate"
        else:
            name = unicodedata.name(ch, "") or ("NULL" if ch == "\x00" else "")
        names.append(f"U+{ord(ch):04X} {name}".strip())
    return ", ".join(names)


def forbidden_in(text: str) -> str:
    """The NULs and lone surrogates in ``text`` ("" when none)."""
    return "".join(FORBIDDEN.findall(text))


def bidi_controls_in(text: str) -> str:
    """The bidi embedding, override and isolate controls in ``text`` ("" when none)."""
    return "".join(BIDI_CONTROLS.findall(text))
