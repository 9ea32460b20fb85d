"""Political affiliations as lists write them, mapped to one code per organisation.

Victim lists name the same organisation many ways: PMOI, MEK, Mojahedin,
مجاهدین, or "monafeghin" (منافقین, "hypocrites") in official documents;
Fadaiyan/Fedaian with Majority (Aksariyat) or Minority (Aqaliyat); Tudeh;
Rah-e Kargar; Peykar; Komala; KDPI. Each word is compared through its
cross-script name key, so spelling and script do not matter. The code also
says in which wave of the 1988 executions the organisation's prisoners were
killed: the first (from late July 1988, the Mojahedin) or the second (from
late August, the left). An affiliation the table does not know is kept as
text and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from dadkhah.core.names import cross_script_key, normalize_name

__all__ = ["AFFILIATIONS", "Affiliation", "normalize_affiliation"]

Family = Literal[
    "mojahedin", "left", "kurdish", "regional", "other", "none", "unknown", "unrecognized"
]


@dataclass(frozen=True, slots=True)
class Affiliation:
    """An organisation a record names, as the case codes it.

    Attributes:
        code: Stable code ("pmoi", "fadaiyan-majority", "tudeh", …;
            "unrecognized" when the table does not know the text).
        label_en: English name.
        label_fa: Persian name.
        wave: 1 for the first wave of 1988 (the Mojahedin), 2 for the second
            (the left), None where it does not apply or is not established.
        family: "mojahedin", "left", "kurdish", "regional" (Arab and Baluch
            organisations), "other", "none", "unknown" or "unrecognized".
        text: The text as written.
        sympathizer: The text says supporter/sympathizer (هوادار, sympathisant,
            متعاطف, لایەنگر), not member.
    """

    code: str
    label_en: str
    label_fa: str
    wave: int | None
    family: Family
    text: str = ""
    sympathizer: bool = False

    @property
    def recognized(self) -> bool:
        """False when the text was kept as written and needs a person to code it."""
        return self.code != "unrecognized"


def _a(code: str, en: str, fa: str, wave: int | None, family: Family) -> Affiliation:
    return Affiliation(code, en, fa, wave, family)


AFFILIATIONS: Final[dict[str, Affiliation]] = {
    a.code: a
    for a in (
        _a("pmoi", "People's Mojahedin Organization of Iran", "سازمان مجاهدین خلق ایران", 1, "mojahedin"),
        _a("fadaiyan-majority", "Organization of Iranian People's Fadaiyan (Majority)", "سازمان فداییان خلق ایران (اکثریت)", 2, "left"),
        _a("fadaiyan-minority", "Organization of Iranian People's Fadaiyan (Minority)", "سازمان فداییان خلق ایران (اقلیت)", 2, "left"),
        _a("fadaiyan-guerrillas", "Iranian People's Fadaiyan Guerrillas", "چریک‌های فدایی خلق ایران", 2, "left"),
        _a("fadaiyan", "Fadaiyan (faction not stated)", "فداییان خلق", 2, "left"),
        _a("tudeh", "Tudeh Party of Iran", "حزب توده ایران", 2, "left"),
        _a("rah-e-kargar", "Organization of Revolutionary Workers of Iran (Rah-e Kargar)", "سازمان کارگران انقلابی ایران (راه کارگر)", 2, "left"),
        _a("peykar", "Peykar Organization for the Emancipation of the Working Class", "سازمان پیکار در راه آزادی طبقه کارگر", 2, "left"),
        _a("komala", "Komala", "کومله", 2, "kurdish"),
        _a("kdpi", "Democratic Party of Iranian Kurdistan (KDPI)", "حزب دموکرات کردستان ایران", None, "kurdish"),
        _a("cpi", "Communist Party of Iran", "حزب کمونیست ایران", 2, "left"),
        _a("uic", "Union of Iranian Communists (Sarbedaran)", "اتحادیه کمونیست‌های ایران (سربداران)", 2, "left"),
        _a("ranjbaran", "Ranjbaran Party of Iran", "حزب رنجبران ایران", 2, "left"),
        _a("arman", "Arman-e Mostazafin Organization", "سازمان آرمان مستضعفین", None, "other"),
        _a("khalq-e-arab", "Arab people's organisations of Khuzestan (Khalq-e Arab)", "سازمان سیاسی خلق عرب", None, "regional"),
        _a("baluch", "Baluch organisation", "سازمان بلوچ", None, "regional"),
        _a("left", "Left (organisation not stated)", "چپ", 2, "left"),
        _a("none", "No affiliation", "بدون وابستگی", None, "none"),
        _a("unknown", "Not known", "نامعلوم", None, "unknown"),
    )
}  # fmt: skip

# Each rule: a code and groups of words; the text matches when it has a word
# of every group. Rules are tried in order (Peykar's long name contains "rah"
# and "kargar"; "Fadaiyan Majority" before plain "Fadaiyan"). Lists kept
# abroad write the groups in French, German, Arabic, Sorani Kurdish, Swedish,
# Dutch and Spanish: those spellings sit beside the Persian and English ones.
_RULES: Final[tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]] = (
    (
        "unknown",
        (
            (
                "unknown", "نامعلوم", "نامشخص", "?", "na", "unk", "inconnu", "inconnue",
                "unbekannt", "desconocido", "desconocida", "okand", "onbekend", "مجهول",
                "نەزانراو",
            ),
        ),
    ),
    (
        "none",
        (
            (
                "none", "unaffiliated", "independent", "مستقل", "بدون", "هیچ", "aucune",
                "aucun", "keine", "ninguna", "ninguno", "ingen", "geen", "independant",
                "unabhangig",
            ),
        ),
    ),
    (
        "pmoi",
        (
            (
                "pmoi", "mek", "mko", "ncri", "nla", "mojahedin", "mojahedeen", "mojahed",
                "mujahedin", "mujahidin", "mujahideen", "mujahedeen", "mujahid", "mojahid",
                "مجاهدین", "مجاهد", "monafeghin", "monafeqin", "monafegin", "munafiqin",
                "monafegh", "منافقین", "منافق", "hypocrites", "rajavi", "رجوی",
                # French, German, Dutch, Swedish, Spanish, Arabic, Sorani.
                "ompi", "cnri", "moudjahidine", "moudjahidines", "moudjahidin", "modjahedin",
                "modjahedine", "modjahedines", "mudschahedin", "modschahedin",
                "volksmodschahedin", "volksmudschahedin", "volksmojahedin",
                "volksmujahedin", "volksmoedjahedien", "folkmujahedin", "mujaheddin", "mojahedine", "mojahedines", "moudjahedin", "moudjahedine",
                "muyahidin", "muyahidines", "moyahedin", "مجاهدي", "مجاهدو",
                "مجاهدى", "موجاهیدین", "موجاهیدینی", "موجاهیدینەکان", "befreiungsarmee", "widerstandsrat",
            ),
        ),
    ),
    # The National Council of Resistance and the National Liberation Army are
    # the PMOI's coalition and its army: lists code their members as PMOI.
    # "Council" is required: Bakhtiar's National Resistance Movement is not it.
    (
        "pmoi",
        (
            ("council", "conseil", "consejo", "rat", "raad", "شورای", "شورا", "المجلس"),
            ("resistance", "resistencia", "widerstand", "verzet", "مقاومت", "المقاومه", "للمقاومه"),
        ),
    ),
    (
        "pmoi",
        (
            ("army", "armee", "ejercito", "ارتش"),
            ("liberation", "liberacion", "آزادیبخش", "azadibakhsh"),
        ),
    ),
    (
        "fadaiyan-majority",
        (
            (
                "aksariyat", "aksariat", "aksariyyat", "majority", "اکثریت", "majorite",
                "mehrheit", "mayoria", "majoriteten", "meerderheid", "الاکثریه", "زۆرینە",
            ),
        ),
    ),
    (
        "fadaiyan-minority",
        (
            (
                "aqaliyat", "aghaliyat", "aghaliat", "aqalliyat", "minority", "اقلیت",
                "minorite", "minderheit", "minoria", "minoriteten", "minderheid", "الاقلیه",
                "کەمینە",
            ),
        ),
    ),
    (
        "fadaiyan-guerrillas",
        (
            (
                "cherik", "cherikha", "cheriks", "guerrillas", "guerrilla", "oipfg", "چریک",
                "چریکها", "چریکهای", "guerilla", "guerillas", "guerilleros", "guerrilleros",
                "guerillero", "guerrillero",
            ),
        ),
    ),
    (
        "fadaiyan",
        (
            (
                "fadaiyan", "fedaian", "fadaian", "fedayan", "fedayeen", "fadaeian", "fadai",
                "fedai", "fadayi", "fadaee", "فداییان", "فدایی", "fadaiyane", "opfi", "oipf",
                "fedayins", "fedayin", "fedaiyin", "fedayines", "fedais", "fedajin",
                "fedajins", "volksfedajin", "volksfedayin", "volksfedaijin", "folkfedajin",
                "fidaiyin", "فدائیین", "فدائیو", "فیدایی", "فیداییان", "فیداییانی",
            ),
        ),
    ),
    ("tudeh", (("tudeh", "toudeh", "tudah", "توده", "تودهای", "tude", "tudehpartei", "tudehpartiet", "tudehpartij", "تووده"),)),
    ("peykar", (("peykar", "paykar", "peikar", "پیکار", "paikar"),)),
    ("rah-e-kargar", (("rah", "rahe", "راه"), ("kargar", "کارگر"))),
    ("rah-e-kargar", (("rahekargar", "راهکارگر", "orwi"),)),
    ("rah-e-kargar", (("way",), ("workers", "worker"))),
    (
        "komala",
        (
            (
                "komala", "komalah", "komeleh", "komele", "komaleh", "کومله", "کوموله",
                "کۆمەڵە", "کۆمەڵەی", "کومەڵە", "کومەڵەی", "komalla", "komalay",
            ),
        ),
    ),
    ("kdpi", (("kdpi", "pdki", "hdka", "حدکا", "kdpri"),)),
    # "KDP-I" splits into "kdp" and "i"; "KDP" alone is the Iraqi party.
    ("kdpi", (("kdp", "pdk"), ("i", "iran", "ایران"))),
    (
        "kdpi",
        (
            (
                "democrat", "democratic", "demokrat", "دموکرات", "دمکرات", "democratique",
                "demokratische", "democratico", "democratica", "demokratiska", "democratische",
                "دیموکراتی", "دیموکرات", "دیمۆکراتی", "دیمۆکرات", "دێموکراتی", "الدیمقراطی",
                "دیمقراطی",
            ),
            (
                "kurdistan", "kordestan", "کردستان", "kurdish", "kurd", "کرد", "kurdistans",
                "kurde", "kurdischen", "کوردستانی", "کوردستان", "الکردستانی", "کردستانی",
            ),
        ),
    ),
    ("uic", (("sarbedaran", "sarbedar", "سربداران"),)),
    (
        "uic",
        (
            ("union", "ettehadieh", "ettehadiyeh", "اتحادیه"),
            ("communists", "komunistha", "komonistha", "کمونیستهای", "کمونیستها", "communistes", "kommunisten"),
        ),
    ),
    (
        "cpi",
        (
            ("party", "hezb", "حزب", "parti", "partei", "partido", "partij", "partiet"),
            ("communist", "komunist", "کمونیست", "communiste", "kommunistische", "comunista", "kommunistiska", "کۆمۆنیستی", "کومونیستی", "کمونیستی"),
        ),
    ),
    # Sahand's group became the Union of Communist Militants (Ettehad-e
    # Mobarezan-e Komunist), which founded the Communist Party of Iran with
    # Komala in 1983. "Sahand" alone is also a given name: see _ALONE.
    ("cpi", (("mobarezan", "مبارزان"), ("komunist", "komonist", "communist", "کمونیست"))),
    ("ranjbaran", (("ranjbaran", "رنجبران"),)),
    ("arman", (("arman", "آرمان"), ("mostazafin", "mostazafan", "mostazaafin", "مستضعفین", "مستضعفان"))),
    # The Political Organization of the Arab People (Sazman-e Siasi-ye Khalq-e
    # Arab) and the other Arab organisations of Khuzestan.
    (
        "khalq-e-arab",
        (
            ("arab", "عرب", "العربی", "arabe", "arabes", "arabischen", "عربی"),
            (
                "khalq", "khalgh", "خلق", "people", "peoples", "peuple", "volkes", "الشعب",
                "للشعب", "organization", "organisation", "sazman", "سازمان", "منظمه",
                "المنظمه", "front", "jebhe", "جبهه", "الجبهه", "movement",
            ),
        ),
    ),
    ("baluch", (("baluch", "baloch", "balouch", "baluchi", "balochi", "بلوچ", "بلوچی", "belutschen", "baloutche"),)),
    # "Democrat" alone: in Iranian lists the Democratic Party of Kurdistan.
    ("kdpi", (("democrat", "demokrat", "دموکرات", "دمکرات", "دیموکرات", "دیمۆکرات", "دیموکراتی", "دیمۆکراتی"),)),
    ("left", (("left", "leftist", "چپ", "marxist", "مارکسیست", "communist", "komunist", "کمونیست", "socialist"),)),
)  # fmt: skip

# Words that code an organisation only when they are the whole text: "Sahand"
# is the group's name in an affiliation column, and a given name elsewhere.
_ALONE: Final[dict[str, str]] = {"sahand": "cpi", "سهند": "cpi"}

# Sympathizer, as lists write it: English, Persian, French, German, Dutch,
# Spanish, Swedish, Arabic (متعاطف, مناصر) and Sorani (لایەنگر).
_SYMPATHIZER: Final[frozenset[str]] = frozenset(
    {
        "sympathizer", "sympathiser", "supporter", "hamvadar", "havadar", "هوادار",
        "sympathizers", "supporters", "sympathisant", "sympathisante", "sympathisants",
        "sympathisantin", "sympathisanten", "simpatizante", "simpatizantes",
        "sympatisor", "anhanger", "متعاطف", "متعاطفه", "مناصر", "لایەنگر", "لایەنگری",
    }
)  # fmt: skip
# "Fadaiyan-e Eslam" and "Mojahedin-e Enqelab-e Eslami" are Islamist groups
# that share a word with the left and with the PMOI: not coded here.
_EXCLUDE: Final[frozenset[str]] = frozenset(
    {
        "eslam", "islam", "eslami", "islamic", "اسلام", "اسلامی", "lislam", "islamique",
        "islamischen", "islamische", "islamica", "islamico", "الاسلام", "الاسلامیه",
        "الاسلامی", "ئیسلامی",
    }
)  # fmt: skip


def _word_key(word: str) -> str:
    return cross_script_key(word) or word


@lru_cache(maxsize=1)
def _compiled_rules() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    out = []
    for code, groups in _RULES:
        keyed = tuple(frozenset(_word_key(normalize_name(w) or w) for w in g) for g in groups)
        out.append((code, keyed))
    return tuple(out)


_SYMPATHIZER_KEYS: Final[frozenset[str]] = frozenset(
    _word_key(normalize_name(w) or w) for w in _SYMPATHIZER
)
_EXCLUDE_KEYS: Final[frozenset[str]] = frozenset(
    _word_key(normalize_name(w) or w) for w in _EXCLUDE
)
_ALONE_KEYS: Final[dict[str, str]] = {
    _word_key(normalize_name(w) or w): code for w, code in _ALONE.items()
}


@lru_cache(maxsize=65_536)
def normalize_affiliation(text: str) -> Affiliation:
    """Code the political affiliation a record gives.

    Args:
        text: The affiliation as written ("PMOI", "هوادار مجاهدین", "Fedaian
            (Majority)", "monafeghin", "راه کارگر").

    Returns:
        The `Affiliation` with `text` kept; code "unrecognized" (and
        ``recognized`` False) when no rule matches, "unknown" when the text
        says the affiliation is not known, and "" text gives "unknown".
    """
    words = normalize_name(text.replace("?", " unknown ")).split()
    keys = {_word_key(w) for w in words}
    sympathizer = bool(keys & _SYMPATHIZER_KEYS)
    if not words:
        return _with(AFFILIATIONS["unknown"], text, sympathizer=False)
    if not keys & _EXCLUDE_KEYS:
        alone = _ALONE_KEYS.get(" ".join(sorted(keys - _SYMPATHIZER_KEYS)))
        if alone is not None:
            return _with(AFFILIATIONS[alone], text, sympathizer=sympathizer)
        for code, groups in _compiled_rules():
            if all(keys & group for group in groups):
                return _with(AFFILIATIONS[code], text, sympathizer=sympathizer)
    return Affiliation("unrecognized", text, text, None, "unrecognized", text, sympathizer)


def _with(template: Affiliation, text: str, *, sympathizer: bool) -> Affiliation:
    return Affiliation(
        template.code,
        template.label_en,
        template.label_fa,
        template.wave,
        template.family,
        text,
        sympathizer,
    )
