"""Import a list, then link its new records: what every entry point does (CLI, web, scripts).

The import service (`dadkhah.web.sources.services.source_import`) writes a
source and its records; persons come from linkage. Once a case has been
linked, a list imported later must join the registry the same way whether it
came through `dadkhah import` or the web form: its new records are linked
incrementally against the existing persons (the saved model, review
decisions bind, existing persons keep their ids). A case never linked waits
for a full `dadkhah link`, which trains the model on all the lists.

This lives in the linkage app, which already depends on sources, so that the
sources app does not depend on linkage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dadkhah.core.errors import DadkhahError
from dadkhah.pipelines.importing.report import ImportReport
from dadkhah.web.linkage.models import LinkRun
from dadkhah.web.linkage.services import Echo, link_incremental
from dadkhah.web.sources.services import source_import


@dataclass(frozen=True)
class ImportLinked:
    """What an import did, and what became of its new records' linkage."""

    report: ImportReport
    link_run: LinkRun | None  # the incremental run, None when none ran
    linkage: str  # one sentence for the user: linked, not yet linked, or why not
    link_failed: bool = False  # the import stands; linking its records failed


def source_import_and_link(*, echo: Echo = lambda _s: None, **kwargs: Any) -> ImportLinked:
    """`source_import(**kwargs)`, then link the new records if the case has been linked.

    A dry run, an unchanged file or an import of no record links nothing. A
    failure of the linking does not undo the import (it committed): the
    records wait, unlinked, for the next `dadkhah link`, and the result says so.

    Raises:
        ImportRejected, DadkhahError: as `source_import` (nothing is written).
    """
    report = source_import(**kwargs)
    if kwargs.get("dry_run") or not report.records_imported:
        return ImportLinked(report, None, "")
    if not LinkRun.objects.filter(status=LinkRun.Status.FINISHED).exists():
        return ImportLinked(
            report, None, "Not linked yet: run `dadkhah link` when the lists are in."
        )
    try:
        run = link_incremental(started_by=kwargs.get("actor") or "", echo=echo)
    except DadkhahError as exc:
        return ImportLinked(
            report,
            None,
            f"Imported, but linking the new records failed: {exc} They wait for the next "
            "`dadkhah link`.",
            link_failed=True,
        )
    return ImportLinked(
        report, run, f"Linked the new records against the existing persons ({run})."
    )
