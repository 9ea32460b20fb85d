"""Script-level text folding shared by names, dates and places.

Lists about Iran mix Persian script typed on Persian and Arabic keyboards,
Persian (۰-۹) and Arabic-Indic (٠-٩) digits, and Latin transliterations with
or without diacritics. These functions fold those variants into one written
form *without* changing what is written: no transliteration happens here
(that is `dadkhah.core.names`). Everything is one `str.translate` over a
precomputed table, so it is cheap enough for a million records.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Script = Literal["fa", "latin", "mixed", "empty"]

ZWNJ = "\u200c"

# Persian (U+06F0-U+06F9) and Arabic-Indic (U+0660-U+0669) digits to ASCII.
_DIGITS: dict[int, str] = {}
for _i in range(10):
    _DIGITS[0x06F0 + _i] = str(_i)
    _DIGITS[0x0660 + _i] = str(_i)
_DIGITS[0x066B] = "."  # Arabic decimal separator
_DIGITS[0x066C] = ","  # Arabic thousands separator
_DIGIT_TABLE = str.maketrans(_DIGITS)

# Arabic-keyboard and legacy letter forms to the Persian standard letters
# (Iranian national standard ISIRI 6219 keyboard letters): Arabic yeh and
# alef maksura to Persian yeh, Arabic kaf to keheh, teh marbuta to heh,
# hamza carriers to their base letter. Alef with madda (آ) is a letter of its
# own in Persian and is kept.
_LETTERS: dict[int, str | None] = {
    0x064A: "ی",  # ي ARABIC LETTER YEH
    0x0649: "ی",  # ى ARABIC LETTER ALEF MAKSURA
    0x06D0: "ی",  # ې
    0x06CD: "ی",  # ۍ
    0x0626: "ی",  # ئ YEH WITH HAMZA ABOVE (رئیسی / رییسی)
    0x0643: "ک",  # ك ARABIC LETTER KAF
    0x06AA: "ک",  # ڪ SWASH KAF
    0x0629: "ه",  # ة TEH MARBUTA
    0x06C0: "ه",  # ۀ HEH WITH YEH ABOVE (ezafe)
    0x06C1: "ه",  # ہ HEH GOAL
    0x06C2: "ه",  # ۂ
    0x06D5: "ه",  # ە AE
    0x06BE: "ه",  # ھ HEH DOACHASHMEE
    0x0623: "ا",  # أ ALEF WITH HAMZA ABOVE
    0x0625: "ا",  # إ ALEF WITH HAMZA BELOW
    0x0671: "ا",  # ٱ ALEF WASLA
    0x0672: "ا",
    0x0673: "ا",
    0x0624: "و",  # ؤ WAW WITH HAMZA ABOVE
    0x0640: None,  # ـ TATWEEL (kashida)
    0x0674: None,  # ٴ HIGH HAMZA
}
# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks: Persian
# writing omits them; some sources add them. Removed.
for _cp in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]:
    _LETTERS[_cp] = None

# Invisible format characters. ZWNJ separates the parts of a compound
# (محمد‌رضا) and is treated as a space by the name normalizer; the others
# (bidi marks, zero-width joiner/space, BOM, soft hyphen) carry no content.
_INVISIBLE: dict[int, str | None] = {
    0x200B: None,
    0x200D: None,
    0x200E: None,
    0x200F: None,
    0x2060: None,
    0xFEFF: None,
    0x00AD: None,
    **{cp: None for cp in range(0x202A, 0x202F)},
    **{cp: None for cp in range(0x2066, 0x206A)},
}

# Persian punctuation to its Latin counterpart.
_PUNCT = {0x060C: ",", 0x061B: ";", 0x061F: "?", 0x066A: "%", 0x06D4: "."}

# Latin letters whose decomposition does not strip to ASCII.
_LATIN_SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ð": "d",
    "đ": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
    "ħ": "h",
    "ŋ": "n",
}

# Apostrophe-like marks written for ع / ء in transliterations (Ja'far, Ma'soumeh):
# dropped so that Ja'far, Jafar and Jaʿfar agree.
APOSTROPHES = "'’‘ʼʻʿʾ`´′ʹ"


def _latin_fold(ch: str) -> str:
    if ch in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[ch]
    low = ch.casefold()
    out = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return "".join(_LATIN_SPECIAL.get(c, c) for c in out)


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        if not ch.isalpha():
            continue
        folded = _latin_fold(ch)
        if folded != ch:
            table[cp] = folded
    for cp in range(0x0300, 0x0370):  # stray combining marks
        table[cp] = None
    table.update(_LETTERS)
    table.update(_DIGITS)
    table.update(_INVISIBLE)
    table.update(_PUNCT)
    return table


_FOLD_TABLE = _build_fold_table()


def normalize_digits(text: str) -> str:
    """Replace Persian (۰-۹) and Arabic-Indic (٠-٩) digits by ASCII digits.

    Args:
        text: Any text.

    Returns:
        The text with every digit in ASCII; nothing else changes.
    """
    return text.translate(_DIGIT_TABLE)


def fold(text: str) -> str:
    """Fold script variants into one written form, keeping what is written.

    Applies Unicode NFKC (Arabic presentation forms and ligatures to letters),
    then: Arabic-keyboard letters to Persian ones (ي→ی, ك→ک, ة→ه, أ/إ→ا,
    ؤ→و, ئ→ی), removes diacritics and tatweel, removes invisible format
    characters except ZWNJ, turns Persian and Arabic-Indic digits into ASCII,
    and casefolds Latin letters and strips their diacritics (Ā→a, é→e).
    Spacing and punctuation are left alone.

    Args:
        text: Any text.

    Returns:
        The folded text. ``fold(fold(x)) == fold(x)``.
    """
    return unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)


def is_persian_char(ch: str) -> bool:
    """True for a letter of the Arabic script blocks (Persian, Arabic)."""
    cp = ord(ch)
    return (
        0x0620 <= cp <= 0x064A
        or 0x066E <= cp <= 0x06D5
        or 0x06FA <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ) and ch.isalpha()


def is_latin_char(ch: str) -> bool:
    """True for a Latin letter (ASCII, Latin-1, Latin Extended)."""
    cp = ord(ch)
    return (cp < 0x250 or 0x1E00 <= cp < 0x1F00) and ch.isalpha()


def script_of(text: str) -> Script:
    """Say which script a text is written in.

    Args:
        text: Any text.

    Returns:
        ``"fa"`` when its letters are all Arabic-script, ``"latin"`` when all
        Latin, ``"mixed"`` when both occur, ``"empty"`` when it has no letter of
        either (digits and punctuation only, or nothing).
    """
    fa = latin = False
    for ch in text:
        if not fa and is_persian_char(ch):
            fa = True
        elif not latin and is_latin_char(ch):
            latin = True
        if fa and latin:
            return "mixed"
    if fa:
        return "fa"
    if latin:
        return "latin"
    return "empty"
