"""Every string a page of the web app shows has a Persian translation in the catalog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

WEB = Path(__file__).resolve().parents[3] / "dadkhah" / "web"
TEMPLATES = sorted(p for p in WEB.rglob("*.html") if "templates" in p.parts)
UNCHANGED = {"LCMCR", "dga"}  # the methods' names are the same in both languages


def _messages() -> Iterator[tuple[str, str | None]]:
    """(msgid, msgid_plural) of each literal the templates translate, as Django looks it up."""
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"{%\s*translate\s+([\"'])(.+?)\1", text):
            # The translate tag doubles a literal's percent signs before the lookup.
            yield m.group(2).replace("%", "%%"), None
        blocks = re.finditer(
            r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", text, re.S
        )
        for m in blocks:
            body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", m.group(1))
            singular, _, plural = body.partition("{% plural %}")
            yield singular, plural or None


@pytest.mark.parametrize(("msgid", "plural"), sorted(set(_messages()), key=str))
def test_each_page_string_is_translated_to_persian(msgid: str, plural: str | None) -> None:
    with translation.override("fa"):
        if plural is None:
            shown = translation.gettext(msgid)
        else:
            shown = translation.ngettext(msgid, plural, 2)
    assert msgid in UNCHANGED or shown not in (msgid, plural), msgid


def test_the_templates_were_found() -> None:
    assert len(TEMPLATES) >= 8
