"""Frameworks as data: article 7 ships with the package; a bad file names what is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.frameworks import FrameworkError, load_framework

ROME_ACTS = {
    "act.murder", "act.extermination", "act.imprisonment", "act.torture", "act.persecution",
    "act.enforced_disappearance", "act.other_inhumane",
}  # fmt: skip


def test_article_7_has_its_acts_and_contextual_elements_in_both_languages() -> None:
    framework = load_framework()
    keys = {e.key for e in framework.elements}
    assert ROME_ACTS <= keys
    assert {e.key for e in framework.elements if e.group == "contextual"} == {
        "context.attack", "context.policy",
    }  # fmt: skip
    for element in framework.elements:
        assert element.label_in("fa") != element.label_in("en")
    assert framework.title_in("fa").startswith("اساسنامه")


def _element(**changes: Any) -> dict[str, Any]:
    return {
        "key": "k",
        "group": "act",
        "label": {"en": "Murder"},
        "claim_kinds": ["executed"],
    } | changes


def _write(tmp_path: Path, elements: list[dict[str, Any]]) -> Path:
    path = tmp_path / "f.json"
    path.write_text(
        json.dumps({"key": "x", "reference": "r", "title": {"en": "T"}, "elements": elements}),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("elements", "message"),
    [
        ([], r"'elements' must be a non-empty list"),
        ([_element(group="crime")], r"element 1 \(k\): 'group' is 'crime'; use one of contextual, act"),
        ([_element(claim_kinds=[], event_kinds=[])], r"element 1 \(k\): give 'claim_kinds' or 'event_kinds'"),
        ([_element(), _element()], r"element 2: key 'k' is used twice"),
        ([_element(label={"de": "Mord"})], r"element 1 \(k\): 'label' must be an object with at least an English text"),
        ([_element(claim_kinds="executed")], r"element 1: 'claim_kinds' must be a list"),
    ],
)  # fmt: skip
def test_a_bad_framework_names_the_element_and_field(
    tmp_path: Path, elements: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(FrameworkError, match=message):
        load_framework(_write(tmp_path, elements))


def test_invalid_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"key": "x",\n  "elements": [,]}', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"f\.json, line 2, column 16: not valid JSON"):
        load_framework(path)


def test_a_missing_file_is_said(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="cannot read the framework file"):
        load_framework(tmp_path / "nope.json")
