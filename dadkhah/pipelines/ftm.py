"""FollowTheMoney entities: stable ids, dates, validation and the JSON Lines stream.

FollowTheMoney (FtM) is the data model of Aleph and OpenSanctions: an entity is
``{"id", "schema", "properties": {name: [text, …]}}`` and a file of entities is one
JSON object a line. ``export ftm`` writes such a stream and ``import-ftm`` reads one;
the rows come from, and go to, the web app (``dadkhah.web.exports.ftm``), so this
module never sees a model.

* Ids are namespaced and derived from dadkhah's own identifiers (a person's public
  id, a place's key, a source's name and version), with FtM's ``make_entity_id``
  (SHA-1 of the parts): the same case exported twice gives the same ids, and a case
  imported from the stream exports the same ids again.
* What FtM has no property for (a confidentiality level, an uncertain date's two
  ends, a claim's grades) travels beside ``properties`` in one object under the key
  ``dadkhah``; FtM's own readers keep it or ignore it.
* Every entity is checked against the FtM model (schema, property names, value
  types, required properties) before a line is written and when a line is read;
  the file is written to a temporary name and renamed at the end.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from dadkhah.core.errors import InputError

#: The namespace of every id, and the key of the extension object.
NAMESPACE = "dadkhah"
EXT = "dadkhah"
#: The version of the extension object.
EXT_VERSION = 1


class FtmError(InputError):
    """An FtM entity or stream that cannot be written or read as given."""


def entity_id(kind: str, *parts: object) -> str:
    """A stable FtM id: ``dadkhah-KIND-`` and the SHA-1 of the namespace, kind and parts.

    Args:
        kind: What the entity is in dadkhah (person, place, source, claim …).
        parts: Its identifier in dadkhah (a public id, a key, a name and version), or,
            for things without one, the values that tell it apart.
    """
    from followthemoney.util import make_entity_id

    texts = [_part(p) for p in parts]
    digest = make_entity_id(kind, *texts, key_prefix=NAMESPACE)
    return f"{NAMESPACE}-{kind}-{digest}"


def _part(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def ftm_date(earliest: object, latest: object) -> str | None:
    """An interval of days as one FtM date: the day, or the month or year both ends share.

    FtM dates are ISO 8601 prefixes (``1988``, ``1988-08``, ``1988-08-01``); an
    interval that crosses a month (Mordad 1367 is 23 July to 22 August 1988) becomes
    its year. The exact ends travel in the extension object.
    """
    if earliest in (None, "") or latest in (None, ""):
        return None
    a, b = str(earliest)[:10], str(latest)[:10]
    for width in (10, 7, 4):
        if a[:width] == b[:width]:
            return a[:width]
    return None


def make_entity(
    schema: str, id_: str, properties: Mapping[str, Any], ext: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An entity dict: empty values dropped, each property a list of text."""
    props: dict[str, list[str]] = {}
    for name, value in properties.items():
        values = value if isinstance(value, list | tuple) else [value]
        texts = [v if isinstance(v, str) else str(v) for v in values if v not in (None, "")]
        if texts:
            props[name] = list(dict.fromkeys(texts))
    data: dict[str, Any] = {"id": id_, "schema": schema, "properties": props}
    if ext is not None:
        data[EXT] = {"v": EXT_VERSION, **ext}
    return data


def _where(line: int | None, data: Mapping[str, Any]) -> str:
    eid = data.get("id") if isinstance(data, Mapping) else None
    head = f"line {line}: " if line is not None else ""
    return f"{head}entity {eid!r}" if eid is not None else f"{head}entity without an id"


def check_entity(data: Any, *, line: int | None = None) -> None:
    """Check one entity against the FtM model.

    Raises:
        FtmError: naming the line, the entity id and the property: an unknown or
            abstract schema, a bad id, an unknown property, a value its type refuses,
            a missing required property.
    """
    from followthemoney import model, registry
    from followthemoney.exc import InvalidData

    if not isinstance(data, Mapping):
        where = f"line {line}: " if line is not None else ""
        raise FtmError(f"{where}not a JSON object; each line must be one FtM entity.")
    where = _where(line, data)
    eid = data.get("id")
    if not isinstance(eid, str) or not registry.entity.validate(eid):
        raise FtmError(
            f"{where}: the id must be letters, digits, '.' and '-' (FtM's entity ids); "
            "give each entity one."
        )
    name = data.get("schema")
    schema = model.get(name) if isinstance(name, str) else None
    if schema is None:
        raise FtmError(f"{where}: unknown schema {name!r}; use one of FtM's (Person, Event …).")
    if schema.abstract:
        raise FtmError(f"{where}: schema {name!r} is abstract; use a concrete one.")
    props = data.get("properties", {})
    if not isinstance(props, Mapping):
        raise FtmError(f"{where}: 'properties' must be an object of lists of text.")
    for prop_name, values in props.items():
        prop = schema.get(prop_name)
        if prop is None:
            raise FtmError(f"{where}, property {prop_name!r}: {name} has no such property.")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise FtmError(f"{where}, property {prop_name!r}: give a list of text values.")
        for value in values:
            if not prop.type.validate(value):
                raise FtmError(
                    f"{where}, property {prop_name!r}: {value!r} is not a valid {prop.type.name}."
                )
    for required in sorted(schema.required):
        if not props.get(required):
            raise FtmError(f"{where}, property {required!r}: required by {name}, missing.")
    try:
        model.get_proxy(dict(data), cleaned=False)
    except InvalidData as exc:  # FtM's own reading, beside ours
        raise FtmError(f"{where}: {exc}") from exc


def check_out(out: Path, *, force: bool) -> None:
    """Refuse a folder, an existing file without ``force``, or a missing folder."""
    if out.is_dir():
        raise FtmError(f"{out} is a folder; give a file name.")
    if out.exists() and not force:
        raise FtmError(f"{out} exists already; choose a new name or pass --force.")
    if not out.parent.is_dir():
        raise FtmError(f"the folder {out.parent} does not exist.")


def write_entities(
    *,
    out: Path,
    entities: Iterable[Mapping[str, Any]],
    force: bool = False,
    before_rename: Callable[[int], None] | None = None,
) -> int:
    """Check and write ``entities`` as JSON Lines to ``out``, all or nothing; how many.

    Args:
        before_rename: Called with the count when the file is complete, before it
            takes its name (the audit entry goes there); an exception leaves no file.

    Raises:
        FtmError: an entity the FtM model refuses, or ``out`` exists without ``force``.
    """
    from dadkhah.pipelines.export import ExportError, _rename_new

    out = Path(out)
    check_out(out, force=force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    tmp = Path(tmp_name)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for data in entities:
                check_entity(data)
                fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if before_rename is not None:
            before_rename(n)
        if force:
            os.replace(tmp, out)
        else:
            try:
                _rename_new(tmp, out)
            except ExportError as exc:
                raise FtmError(str(exc)) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


def read_entities(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The entities of an FtM JSON Lines file, each with its line number, all checked.

    Raises:
        FtmError: a line that is not JSON or not a valid entity, or an id given twice
            (naming the line, the entity id and the property).
    """
    path = Path(path)
    if not path.is_file():
        raise FtmError(f"{path}: no such file.")
    out: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FtmError(
                    f"{path}, line {n}: not JSON ({exc.msg} at column {exc.colno}); each "
                    "line must be one FtM entity as a JSON object."
                ) from None
            try:
                check_entity(data, line=n)
            except FtmError as exc:
                raise FtmError(f"{path}, {exc}") from None
            eid = data["id"]
            if eid in seen:
                raise FtmError(
                    f"{path}, line {n}: entity {eid!r} is given again (first on line "
                    f"{seen[eid]}); merge the two lines into one entity."
                )
            seen[eid] = n
            out.append((n, data))
    return out
