"""Reads for the statistics page: documented victims by stratum, the estimates beside them.

The counts are :func:`~dadkhah.web.stats.strata.victim_strata` (the report's counts too);
the estimates are the latest estimate run the reader may see for each stratification, as
the estimate page shows them (:func:`~dadkhah.web.estimates.views.table_view`). A count
and an estimate answer different questions: the count is every victim the reader may
see, the estimate the victims on the counted lists when it ran, plus those on no list.
Every table says so in words, with the lists and the linkage run it rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dadkhah.core.affiliations import AFFILIATIONS
from dadkhah.web.accounts.roles import User
from dadkhah.web.estimates.access import visible_estimate_runs
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.estimates.selectors import UNKNOWN
from dadkhah.web.people.totals import Total, case_totals
from dadkhah.web.reports.labels import name_in
from dadkhah.web.sources.access import visible_sources
from dadkhah.web.stats.calendars import month_period, week_period
from dadkhah.web.stats.strata import STATS_STRATA, VictimStrata, victim_strata
from dadkhah.web.stats.svg import Bar, bar_chart

__all__ = ["StatRow", "StatTable", "Statistics", "statistics_page", "stratum_label"]


@dataclass
class StatRow:
    key: str
    #: In the page's calendar and script; ``other`` is the other calendar (periods only).
    label: str
    other: str
    count: int
    #: The timeline filtered to this group ("" for the group "not recorded").
    facet: str
    #: (method, estimate, lower, upper) of the latest run by this stratum, where one has it.
    estimates: list[Any] = field(default_factory=list)


@dataclass
class StatTable:
    by: str
    title: str
    explanation: str
    rows: list[StatRow]
    total: int
    chart: SafeString
    run: EstimateRun | None
    run_note: str


@dataclass
class Statistics:
    totals: list[Total]
    tables: list[StatTable]
    #: The latest estimate run the reader may see, and its totals as the estimate page reads them.
    run: EstimateRun | None
    run_total: Any
    run_note: str
    lists: list[str]
    linkage_run: Any


def stratum_label(by: str, key: str, strata: VictimStrata, language: str) -> tuple[str, str]:
    """A group's name in ``language`` and, for a month or a week, the other calendar's."""
    if key == "":
        return _("not recorded"), ""
    if by in ("city", "prison") and key in strata.places:
        return name_in(strata.places[key], language), ""
    if by == "affiliation" and key in AFFILIATIONS:
        found = AFFILIATIONS[key]
        return (found.label_fa if language == "fa" else found.label_en), ""
    period = month_period(key, language) if by == "period" else None
    period = week_period(key, language) if by == "week" else period
    if period is not None:
        return period.label, period.other
    return key, ""


def _facet(by: str, key: str) -> str:
    if key == "":
        return ""
    name = {"city": "place", "prison": "place", "affiliation": "affiliation"}.get(by, "period")
    return urlencode({name: key})


def _latest_runs(user: User) -> dict[str, EstimateRun]:
    """The latest run the user may see for each stratification (``""``: unstratified)."""
    out: dict[str, EstimateRun] = {}
    for run in visible_estimate_runs(user).order_by("-created_at", "-id"):
        out.setdefault(run.by or "", run)
    return out


def _run_strata(run: EstimateRun | None) -> dict[str, Any]:
    """A run's tables by stratum key (``""`` for the run's "unknown")."""
    from dadkhah.web.estimates.views import table_view

    if run is None or not isinstance(run.result, dict):
        return {}
    out = {}
    for data in run.result.get("strata", []):
        if isinstance(data, dict) and data.get("stratum") is not None:
            key = str(data["stratum"])
            out["" if key == UNKNOWN else key] = table_view(data)
    return out


def _title(by: str) -> str:
    titles = {
        "city": _("Documented victims by city"),
        "prison": _("Documented victims by prison"),
        "affiliation": _("Documented victims by affiliation"),
        "period": _("Documented victims by month of death"),
        "week": _("Documented victims by week of death"),
    }
    return str(titles[by])


def _how(by: str) -> str:
    how = {
        "city": _(
            "each under the city most of their records name; where none does, the city of "
            "their own arrest, detention, hearing, transfer, execution or burial."
        ),
        "prison": _(
            "each under the prison most of their records name; where none does, the prison "
            "of their own arrest, detention, hearing, transfer, execution or burial."
        ),
        "affiliation": _("each under the political affiliation most of their records give."),
        "period": _(
            "each under the month of death most of their records give (a date known to the "
            "month); where none does, the month of their execution."
        ),
        "week": _(
            "each under the week of death (Monday to Sunday, ISO 8601) most of their records "
            "give (a date known to the week); where none does, the week of their execution."
        ),
    }
    return str(how[by])


def statistics_page(*, user: User, language: str, number: Callable[[int], str]) -> Statistics:
    """Everything the statistics page shows, as ``user`` may see it, labelled in ``language``."""
    from dadkhah.web.linkage.selectors import latest_run

    strata = victim_strata(user=user, strata=STATS_STRATA)
    total = len(strata.victims)
    used = {s for sources in strata.sources.values() for s in sources}
    lists = sorted(f"{s.name} v{s.version}" for s in visible_sources(user).filter(pk__in=used))
    linkage = latest_run()
    runs = _latest_runs(user)
    common = _(
        "Every victim is counted once, so the rows add up to %(total)s; those with no value "
        "are under “not recorded”. Records read from: %(lists)s. %(linkage)s"
    ) % {
        "total": number(total),
        "lists": ", ".join(lists) if lists else _("no list"),
        "linkage": _("Persons as linkage run %(run)s merged them.") % {"run": number(linkage.pk)}
        if linkage is not None
        else _("No linkage run has finished: each record counts as its own person."),
    }
    tables = []
    for by in STATS_STRATA:
        run = runs.get(by)
        estimates = _run_strata(run)
        rows = []
        for key, members in strata.groups[by].items():
            label, other = stratum_label(by, key, strata, language)
            table = estimates.get(key)
            shown = [m for m in table.methods if m.shown] if table is not None else []
            rows.append(StatRow(key, label, other, len(members), _facet(by, key), shown))
        title = _title(by)
        explanation = (
            _("Victims you may see in the registry, %(how)s") % {"how": _how(by)} + " " + common
        )
        if run is not None:
            run_note = _(
                "Estimates: estimate run %(run)s by %(by)s (lists %(lists)s), a median with its "
                "95%% interval. It counts the persons on the counted lists as they were when it "
                "ran, and those on no list."
            ) % {
                "run": number(run.pk),
                "by": by,
                "lists": ", ".join(str(x) for x in run.lists or []) or "—",
            }
        elif by == "week":
            run_note = _("No estimate is made by week: a week holds too few records for one.")
        else:
            run_note = _("No estimate run by this stratum that you may see.")
        largest = max(rows, key=lambda r: r.count, default=None)
        description = _(
            "Bar chart of the table below: %(rows)s groups, %(total)s victims in all; the "
            "largest is %(largest)s with %(count)s."
        ) % {
            "rows": number(len(rows)),
            "total": number(total),
            "largest": largest.label if largest is not None else "—",
            "count": number(largest.count if largest is not None else 0),
        }
        chart = bar_chart(
            [Bar(r.label, r.count, r.other) for r in rows],
            chart_id=f"chart-{by}",
            title=title,
            description=description,
            rtl=language == "fa",
            number=number,
        )
        tables.append(StatTable(by, title, explanation, rows, total, chart, run, run_note))
    overall = runs.get("") or next(iter(runs.values()), None)
    run_total, run_note = None, ""
    if overall is not None and isinstance(overall.result, dict):
        from dadkhah.web.estimates.views import table_view

        run_total = table_view(overall.result)
        run_note = _(
            "Estimate run %(run)s: the median of each method with its 95%% interval, from "
            "%(documented)s persons on the counted lists when it ran."
        ) % {"run": number(overall.pk), "documented": number(overall.documented)}
    return Statistics(
        totals=case_totals(user=user),
        tables=tables,
        run=overall,
        run_total=run_total,
        run_note=run_note,
        lists=lists,
        linkage_run=linkage,
    )
