"""Cells that are not text at all: NUL and lone surrogates, refused row by row with a message.

A JSON string may spell ``\\u0000`` or a lone ``\\ud800``; neither is text (UTF-8 cannot
hold a surrogate, PostgreSQL refuses NUL in text and jsonb), so neither may reach the
database, on SQLite or PostgreSQL alike. A row holding one, in a value or a key, gets a
``text_invalid`` problem naming the file, row, column and the character, shown as
``<U+0000>``; the rest of the file imports as usual. Bidi controls are legal text and are
flagged by the normalizer instead (``bidi_control``, see dadkhah/core/textsafety.py).
"""

from __future__ import annotations

from typing import Any

from dadkhah.core.textsafety import FORBIDDEN, describe, forbidden_in, visible
from dadkhah.pipelines.importing.readers import EXTRA_PREFIX
from dadkhah.pipelines.importing.validate import Problem, problem


def text_problems(values: dict[str, Any], file: str, row: int, *, tabular: bool) -> list[Problem]:
    """The ``text_invalid`` problems of one row (usually none, found with one search).

    Args:
        values: The row's cells by header.
        file: The file's name, for the problems.
        row: The row number.
        tabular: A CSV or workbook row, whose cells beyond the header the reader keys
            ``EXTRA_PREFIX + n`` (a NUL the reader chose, not the file: never reported).
            In a JSON record every key came from the file.
    """
    texts = [*values.keys(), *(v for v in values.values() if isinstance(v, str))]
    if FORBIDDEN.search("\x1f".join(texts)) is None:
        return []
    found: list[Problem] = []
    for key, value in values.items():
        bad_key = "" if tabular and key.startswith(EXTRA_PREFIX) else forbidden_in(key)
        bad_value = forbidden_in(value) if isinstance(value, str) else ""
        if bad_key or bad_value:
            found.append(
                problem(
                    "text_invalid",
                    file,
                    row=row,
                    column=visible(key),
                    value=visible(value) if isinstance(value, str) else None,
                    detail=describe(bad_key + bad_value),
                )
            )
    return found
