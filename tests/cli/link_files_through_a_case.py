"""What `dadkhah link-files` did before it ran on pipelines alone: a temporary case.

Kept only to show that the pipelines-only command writes the same rows: it imports
each file into a new case with `source_import`, runs `link_run` and reads the
persons back with `records_with_persons`, as `_link_files` did. The test calls it in
process, on the test database, and rolls each run back
(tests/cli/test_link_files_pipelines.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from dadkhah.cli.context import setup_django
from dadkhah.cli.linkage import _list_names, _mappings, _rejected, _settings
from dadkhah.core.case import init_case
from dadkhah.core.errors import InputError


def link_files_through_a_case(
    files: list[Path],
    *,
    threshold: float | None = None,
    duplicate_free: tuple[str, ...] = (),
    mappings: tuple[str, ...] = (),
) -> list[tuple[str, str, str | None]]:
    names = _list_names(tuple(files))
    mapping_of = _mappings(mappings, {name for _p, name, _s in names})
    with tempfile.TemporaryDirectory(prefix="dadkhah-link-files-") as tmp:
        case = init_case(Path(tmp) / "case", name="link-files (temporary)")
        setup_django(case)
        from dadkhah.pipelines.importing.report import ImportRejected
        from dadkhah.web.linkage.services import link_run
        from dadkhah.web.sources.selectors import records_with_persons
        from dadkhah.web.sources.services import source_import

        list_of: dict[str, str] = {}
        for path, name, slug in names:
            click.echo(f"Reading {path} …", err=True)
            try:
                source_import(
                    case=case,
                    path=path,
                    source_name=slug,
                    mapping=mapping_of.get(name),
                    actor="cli:test",
                    duplicate_free=name in duplicate_free,
                    title=name,
                )
            except ImportRejected as exc:
                raise InputError(_rejected(path, name, exc.report)) from exc
            list_of[slug] = name
        link_run(
            settings=_settings(threshold),
            started_by="link-files",
            echo=lambda m: click.echo(m, err=True),
            store_pairs=False,
        )
        return [(list_of[s], rid, pid) for s, rid, pid in records_with_persons()]
