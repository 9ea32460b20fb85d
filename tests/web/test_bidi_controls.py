"""Bidi controls in names and values: shown as marks on pages, never obeyed."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from dadkhah.core.textsafety import bidi_controls_in, describe, forbidden_in, visible

RLO = "\u202e"


def render(value: object) -> str:
    return Template("{{ v|controls }}").render(Context({"v": value}))


def test_visible_writes_every_control_and_non_text_character_as_its_code_point() -> None:
    assert visible(f"{RLO}Hassan\u2066 Ahmadi\u2069") == "<U+202E>Hassan<U+2066> Ahmadi<U+2069>"
    assert visible("Ali \ud800\x00") == "Ali <U+D800><U+0000>"
    # RLM and LRM are ordinary in Persian text and stay as they are.
    assert visible("\u0631\u0636\u0627\u200f") == "\u0631\u0636\u0627\u200f"


def test_describe_names_each_character_once() -> None:
    assert describe(RLO + RLO + "\x00") == "U+202E RIGHT-TO-LEFT OVERRIDE, U+0000 NULL"
    assert describe("\udc00") == "U+DC00 a lone surrogate"
    assert bidi_controls_in(f"a{RLO}b\u202c") == RLO + "\u202c"
    assert forbidden_in("a\x00b") == "\x00"


def test_the_controls_filter_shows_a_mark_instead_of_the_control() -> None:
    html = render(f"{RLO}Hassan Ahmadi")
    assert RLO not in html
    assert html == (
        '<mark class="control" title="U+202E RIGHT-TO-LEFT OVERRIDE">U+202E</mark>Hassan Ahmadi'
    )


@pytest.mark.parametrize(
    "value", ['<script>alert("x")</script>', f"{RLO}<img src=x onerror=alert(1)>", None, 7]
)
def test_the_controls_filter_escapes_everything_else(value: object) -> None:
    html = render(value)
    assert "<script" not in html and "<img" not in html
    assert html.replace('<mark class="control"', "").count("<") == html.count("</mark>")
