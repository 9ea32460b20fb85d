"""The words of a header, folded: shared by the lexicon and the head-and-qualifier reading.

One home for how a header is cut into words, so that `lexicon` (whole phrases)
and `heads` (a head noun and its qualifiers) read the same words.
"""

from __future__ import annotations

import re
from typing import Final

from dadkhah.core.script import fold

# Words that do not name anything ("date OF death", "nom DU père", "nam-E pedar",
# "Name DES Vaters", "verhaftet AM", "nombre DEL padre", "naam VAN de vader").
STOPWORDS: Final = frozenset(
    {"of", "the", "at", "in", "on", "a", "an", "de", "du", "des", "la", "le", "les", "l", "d",
     "s", "e", "ye", "ei", "as", "written", "or", "and", "et", "va", "o", "if", "known", "en",
     "der", "die", "das", "dem", "den", "am", "im", "vom", "von", "zum", "zur", "und",
     "del", "el", "y", "van", "het", "och", "ve"}
)  # fmt: skip
# Words that keep their meaning in a phrase although they are little ("né EN", "nom ET prénom").
KEEP_IN_PHRASE: Final = frozenset(
    {"en", "et", "va", "o", "as", "written", "and", "s", "und", "y", "och", "ve"}
)

# Words that say which script a column is written in ("surname_latin", "Name (Persian
# script)", "nam_fa", "(English)", "(فارسی)"): they do not change the field.
SCRIPT_WORDS: Final = frozenset(
    {"latin", "lat", "fa", "fa-ir", "en", "english", "persian", "farsi", "script", "romanized",
     "romanised", "transliterated", "transliteration", "فارسی", "انگلیسی", "لاتین"}
)  # fmt: skip
NUMBER_SIGN: Final = re.compile(r"#|№|\bn\s*°|\bn\s*º")
WORD: Final = re.compile(r"[^\W_]+")
DOTTED: Final = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}(?:[^\W\d_](?!\w))?")
# camelCase keys of web forms and data sets ("victimFirstName", "yearOfBirth", "IDNumber")
# and a number after a word ("dod2"): the places where a new word starts.
CAMEL: Final = re.compile(
    r"(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])|(?<=[A-ZÀ-ÖØ-Þ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])|(?<=[^\W\d_])(?=\d)"
)

# Sorani Kurdish letters typed without a Kurdish keyboard: "رەگەز" for "ڕەگەز",
# "سال" for "ساڵ". `fold` keeps them (they tell names apart); headers need not.
# (ە is folded to ه by `fold` itself.)
_KURDISH: Final = str.maketrans({"ڕ": "ر", "ڵ": "ل", "ێ": "ی", "ۆ": "و"})
# The Arabic article, joined to its word: "الاسم" is "اسم", "الإعدام" is "اعدام".
# Only before two letters or more, so that Persian "الف" and the like stay whole.
_ARTICLE: Final = "ال"


def _bare(word: str) -> str:
    return word[2:] if word.startswith(_ARTICLE) and len(word) >= 4 else word


def words(text: str, *, keep: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words of a header, folded, "#"/"n°" read as "no", little words dropped.

    camelCase is split ("yearOfBirth" is "year of birth"), and so is a number
    after a word ("dod2"); snake_case is split by `WORD` ("surname_latin").
    """
    folded = NUMBER_SIGN.sub(" no ", fold(CAMEL.sub(" ", text)).lower().translate(_KURDISH))
    folded = DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)  # D.O.B. -> dob
    # An apostrophe inside a word (father's, d'exécution) splits it like a space.
    found = (_bare(w) for w in WORD.findall(folded))
    return tuple(w for w in found if w not in STOPWORDS or w in keep)
