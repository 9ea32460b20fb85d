"""Gather the commission's report from the case, as one user may see it (issue 14, "The report").

Every row comes through the access rules the pages use: victims and perpetrators from
:func:`~dadkhah.web.people.totals.victim_persons` and
:func:`~dadkhah.web.people.access.visible_persons` (a witness is never a person), claims
from :func:`~dadkhah.web.claims.access.visible_claims`, places from
:func:`~dadkhah.web.places.access.visible_places`, observations as the observations
export reads them, estimate runs from
:func:`~dadkhah.web.estimates.access.visible_estimate_runs` and shown as the estimate page
shows them (:mod:`dadkhah.web.estimates.views`). Witness statements and testimony
evidence follow the consent to a public report
(:data:`~dadkhah.web.witnesses.models.Use.PUBLIC_REPORT`). Labels are in the report's
language: gather inside ``translation.override``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dadkhah.core.case import Case
from dadkhah.core.frameworks import Framework
from dadkhah.core.jalali import MONTHS_FA, gregorian_to_jalali
from dadkhah.web.accounts.roles import User
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.estimates.access import visible_estimate_runs
from dadkhah.web.estimates.selectors import STRATA
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.models import PersonRole
from dadkhah.web.people.totals import TOTALS, counted_list_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.reports.accountability import (
    BodySection,
    PersonSection,
    commission_sections,
    perpetrator_sections,
    seen_by,
)
from dadkhah.web.reports.citations import Citations, Footnote
from dadkhah.web.reports.labels import name_in, text_direction
from dadkhah.web.sources.access import visible_sources
from dadkhah.web.stats.strata import victim_strata

#: The strata of the summary figures (as `estimate --by`, less sex).
FIGURE_STRATA = ("city", "prison", "affiliation", "period")
SITE_KINDS = ("grave_site", "cemetery")


@dataclass
class Count:
    label: str
    count: int
    note: int | None = None
    key: str = ""


@dataclass
class Stratification:
    by: str
    title: str
    rows: list[Count]
    chart: str = ""  # a data: URI


@dataclass
class Observation:
    status: str
    when: Any
    when_text: str
    description: str
    note: int | None
    image: str = ""  # data: URI of the first image the reader may see
    image_sha: str = ""

    @property
    def description_dir(self) -> str:
        return text_direction(self.description)


@dataclass
class SiteSection:
    key: str
    name: str
    kind: str
    precision: str
    individuals: str
    observations: list[Observation]
    before: Observation | None = None
    after: Observation | None = None


@dataclass
class MatrixRow:
    key: str
    group: str
    article: str
    label: str
    claims: int
    established: int
    single_source: int
    state: str  # covered | single_source | alleged_only | missing
    state_label: str
    note: int | None = None


@dataclass
class Report:
    language: str
    case_name: str
    generated_at: dt.datetime
    generated_by: str
    synthetic: bool
    totals: list[Count]
    strata: list[Stratification]
    map: str
    estimate: Any  # dict for the template, or None
    linkage: dict[str, Any] | None
    commissions: list[BodySection]
    perpetrators: list[PersonSection]
    sites: list[SiteSection]
    framework_title: str
    framework_reference: str
    matrix: list[MatrixRow]
    sources: list[dict[str, Any]]
    custody: dict[str, Any]
    footnotes: list[Footnote]
    refs: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def _claims_by_person(user: User, persons: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for pk, person in visible_claims(user).filter(person__in=persons).values_list("pk", "person"):
        out[person].append(pk)
    return out


def _jalali_month(period: str) -> str:
    """A Gregorian month (``1988-08``) as the Jalali months it spans (``مرداد–شهریور ۱۳۶۷``)."""
    import calendar

    try:
        year, month = (int(x) for x in period.split("-"))
        first_y, first_m, _first_d = gregorian_to_jalali(dt.date(year, month, 1))
        last_day = calendar.monthrange(year, month)[1]
        last_y, last_m, _last_d = gregorian_to_jalali(dt.date(year, month, last_day))
    except ValueError:
        return period
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    start = f"{MONTHS_FA[first_m - 1]} {first_y}" if first_y != last_y else ""
    months = f"{start or MONTHS_FA[first_m - 1]}–{MONTHS_FA[last_m - 1]} {last_y}"
    return f"{months} ({period})".translate(digits)


def _source_refs(user: User, pks: set[int], cite: Citations) -> dict[int, tuple[str, str]]:
    """Source id → (name and version, SHA-256 of its file if the reader may see it)."""
    out = {}
    for s in visible_sources(user).filter(pk__in=pks).select_related("evidence"):
        item = s.evidence
        sha = item.sha256 if item is not None and item.pk in cite.visible_evidence else ""
        out[s.pk] = (f"{s.name} v{s.version} [{s.reliability}]", sha)
    return out


def _strata(user: User, language: str, cite: Citations) -> tuple[list[Stratification], list[int]]:
    """Victims by city, prison, affiliation and period, grouped as the statistics page
    groups them (:func:`~dadkhah.web.stats.strata.victim_strata`), each group footnoted."""
    strata = victim_strata(user=user, strata=FIGURE_STRATA)
    victims = strata.victims
    on = strata.sources
    lists = _source_refs(user, {s for sources in on.values() for s in sources}, cite)
    claims = _claims_by_person(user, victims)
    titles = {
        "city": _("Documented victims by city"),
        "prison": _("Documented victims by prison"),
        "affiliation": _("Documented victims by affiliation"),
        "period": _("Documented victims by period (month of death)"),
    }
    out = []
    for by in FIGURE_STRATA:
        rows = []
        for key, members in strata.groups[by].items():
            if key == "":
                label = _("not recorded")
            elif key in strata.places:
                label = name_in(strata.places[key], language)
            elif by == "period" and language == "fa":
                label = _jalali_month(key)
            else:
                label = key
            used = sorted({s for p in members for s in on.get(p, ())})
            note = cite.cite(
                (c for p in members for c in claims.get(p, [])),
                sources=[lists[s][0] for s in used],
                evidence=[lists[s][1] for s in used if lists[s][1]],
            )
            rows.append(Count(label, len(members), note, key))
        out.append(Stratification(by, titles[by], rows))
    return out, victims


def _totals(user: User, victims: list[int], cite: Citations) -> list[Count]:
    claims = _claims_by_person(user, victims)
    documented = list(counted_list_persons(user).values_list("pk", flat=True))
    return [
        Count(
            str(TOTALS["victims"].label),
            len(victims),
            cite.cite(c for p in victims for c in claims.get(p, [])),
        ),
        Count(
            str(TOTALS["documented"].label),
            len(documented),
            cite.cite(c for p in documented for c in claims.get(p, [])),
        ),
    ]


def _estimate(user: User, case: Case, cite: Citations) -> dict[str, Any] | None:
    """The latest estimate run the user may see, as the estimate page shows it."""
    from django.http import Http404

    from dadkhah.web.estimates.views import figures, linkage_view, plot_path, table_view
    from dadkhah.web.reports.charts import data_uri
    from dadkhah.web.sources.models import Source

    run = visible_estimate_runs(user).order_by("-created_at", "-id").first()
    if run is None:
        return None
    result = run.result if isinstance(run.result, dict) else {}
    lists = Source.objects.filter(name__in=run.lists or []).select_related("evidence")
    seen = set(visible_sources(user).values_list("pk", flat=True))
    note = cite.cite(
        evidence=[s.evidence.sha256 for s in lists if s.evidence is not None and s.pk in seen],
        sources=[f"{s.name} v{s.version}" for s in lists if s.pk in seen],
        note=_("estimate run %(id)s") % {"id": run.pk},
    )
    plots = []
    for fig in figures(run):
        if not fig.shown.lower().endswith(".png"):
            continue
        try:
            path = plot_path(run, fig.shown)
        except Http404:
            continue
        plots.append({"name": fig.name, "uri": data_uri(path.read_bytes(), "image/png")})
    return {
        "run": run,
        "total": table_view(result),
        "strata": [table_view(s) for s in result.get("strata", []) if isinstance(s, dict)],
        "linkage": linkage_view(result),
        "settings": result.get("settings", run.settings) or {},
        "plots": plots,
        "note": note,
    }


def _linkage() -> dict[str, Any] | None:
    from dadkhah.web.linkage.selectors import latest_run

    run = latest_run()
    if run is None:
        return None
    return {
        "run": run,
        "settings": run.settings if isinstance(run.settings, dict) else {},
        "metrics": run.metrics if isinstance(run.metrics, dict) else {},
    }


def _image(case: Case, item: Any) -> str:
    from dadkhah.web.evidence.services import case_store
    from dadkhah.web.reports.charts import thumbnail

    with case_store(case).open(item.sha256) as fh:
        return thumbnail(fh.read())


def _sites(user: User, case: Case, language: str, cite: Citations) -> list[SiteSection]:
    from dadkhah.web.places.models import SiteObservation

    sites = visible_places(user).filter(kind__in=SITE_KINDS).order_by("key")
    seen = cite.visible_evidence
    out = []
    for place in sites:
        observations = (
            SiteObservation.objects.filter(place=place)
            .filter(Q(source__isnull=True) | Q(source__in=visible_sources(user).values("pk")))
            .select_related("source__evidence")
            .prefetch_related("evidence")
            .order_by("date_earliest", "id")
        )
        about = list(visible_claims(user).filter(subject_place=place).values_list("pk", flat=True))
        rows = []
        for o in observations:
            items = sorted(
                (i for i in o.evidence.all() if i.pk in seen and i.pk not in cite.withheld),
                key=lambda i: i.sha256,
            )
            sources = [f"{o.source.name} v{o.source.version}"] if o.source is not None else []
            if o.source is not None and o.source.evidence is not None:
                if o.source.evidence.pk in seen:
                    items.append(o.source.evidence)
            row = Observation(
                status=str(SiteObservation.Status(o.status).label)
                if o.status in SiteObservation.Status.values
                else o.status,
                when=o.date_earliest,
                when_text=o.date_text,
                description=o.description,
                note=cite.cite(about, evidence=[i.sha256 for i in items], sources=sources),
            )
            image = next((i for i in items if (i.media_type or "").startswith("image/")), None)
            if image is not None:
                row.image, row.image_sha = _image(case, image), image.sha256
            rows.append(row)
        with_images = [r for r in rows if r.image]
        lo, hi = place.estimated_individuals_min, place.estimated_individuals_max
        individuals = "" if lo is None and hi is None else f"{lo or '?'}–{hi or '?'}"
        out.append(
            SiteSection(
                key=place.key,
                name=name_in(place, language),
                kind=str(place.Kind(place.kind).label),
                precision=str(place.LocationPrecision(place.precision).label),
                individuals=individuals,
                observations=rows,
                before=with_images[0] if len(with_images) >= 2 else None,
                after=with_images[-1] if len(with_images) >= 2 else None,
            )
        )
    return out


def _matrix(user: User, language: str, framework: Framework, cite: Citations) -> list[MatrixRow]:
    """Each element against the claims that support it: covered, single-source or missing.

    Covered: at least one claim meets the standard of proof and rests on more than one
    source. Single-source: claims meet the standard but each rests on one source.
    Alleged only: claims exist, none meets the standard. Missing: no claim.
    """
    claims = visible_claims(user).select_related("event")
    states = {
        "covered": _("covered"),
        "single_source": _("single source"),
        "alleged_only": _("alleged only"),
        "missing": _("missing"),
    }
    out = []
    for element in framework.elements:
        found = list(
            claims.filter(
                Q(kind__in=element.claim_kinds) | Q(event__kind__in=element.event_kinds)
            ).order_by("id")
        )
        meeting = [c for c in found if c.meets_standard]
        if not found:
            state = "missing"
        elif any(not c.single_source for c in meeting):
            state = "covered"
        elif meeting:
            state = "single_source"
        else:
            state = "alleged_only"
        out.append(
            MatrixRow(
                key=element.key,
                group=element.group,
                article=element.article,
                label=element.label_in(language),
                claims=len(found),
                established=len(meeting),
                single_source=sum(1 for c in found if c.single_source),
                state=state,
                state_label=str(states[state]),
                note=cite.cite(c.pk for c in found),
            )
        )
    return out


def _sources(user: User) -> list[dict[str, Any]]:
    rows = []
    for s in visible_sources(user).select_related("evidence").order_by("name", "version"):
        testimony = s.kind == "testimony"
        rows.append(
            {
                "name": _("testimony") if testimony else f"{s.name} v{s.version}",
                "kind": str(s.Kind(s.kind).label) if s.kind in s.Kind.values else s.kind,
                "reliability": s.reliability,
                "systematic": s.systematic,
                # A testimony's group names its witness (``witness:W-…``): a report names a
                # witness only where consent allows, in the testimony's own section.
                "group": "" if testimony else s.independence_group,
                "synthetic": s.synthetic,
                "sha256": s.evidence.sha256 if s.evidence is not None and not testimony else "",
                "records": s.records.count(),
            }
        )
    return rows


def _custody() -> dict[str, Any]:
    from dadkhah.web.custody.models import CustodyEntry

    last = CustodyEntry.objects.order_by("-seq").first()
    return {
        "entries": CustodyEntry.objects.count(),
        "last_seq": last.seq if last is not None else None,
        "last_leaf": last.leaf_hash if last is not None else "",
    }


def report_gather(*, case: Case, user: User, language: str, framework: Framework) -> Report:
    """The report as ``user`` may see it, labelled in ``language`` (call inside an override)."""
    from dadkhah.web.reports.charts import bar_chart, place_map
    from dadkhah.web.witnesses.models import Use
    from dadkhah.web.witnesses.selectors import evidence_withheld

    use = Use.PUBLIC_REPORT.value
    cite = Citations(
        user=user,
        visible_evidence=set(visible_evidence(user).values_list("pk", flat=True)),
        withheld=set(evidence_withheld(use)),
        use=use,
    )
    strata, victims = _strata(user, language, cite)
    totals = _totals(user, victims, cite)
    for s in strata:
        if s.rows:
            s.chart = bar_chart([(r.key or "—", r.count) for r in s.rows])
    located = [
        (p.key, p.kind, p.latitude, p.longitude)
        for p in visible_places(user).exclude(latitude=None).exclude(longitude=None)
        if p.latitude is not None and p.longitude is not None  # always, by the excludes
    ]
    synthetic = bool(case.config.synthetic) or visible_sources(user).filter(synthetic=True).exists()
    estimate = _estimate(user, case, cite)
    seen = seen_by(user)
    commissions = commission_sections(user, language, cite, seen)
    perpetrators = perpetrator_sections(user, language, cite, seen)
    sites = _sites(user, case, language, cite)
    matrix = _matrix(user, language, framework, cite)
    refs = [
        (f"person:{pid}", lvl)
        for pid, lvl in visible_persons(user)
        .filter(Q(pk__in=victims) | Q(roles__role=PersonRole.Role.PERPETRATOR))
        .values_list("public_id", "confidentiality")
        .distinct()
    ]
    refs += [
        (f"claim:{pk}", lvl)
        for pk, lvl in visible_claims(user)
        .filter(pk__in=cite.cited_claims)
        .values_list("pk", "confidentiality")
    ]
    refs += [
        (f"place:{s.key}", lvl)
        for s, lvl in zip(
            sites,
            [visible_places(user).get(key=s.key).confidentiality for s in sites],
            strict=True,
        )
    ]
    images = [o.image_sha for s in sites for o in s.observations if o.image_sha]
    return Report(
        language=language,
        case_name=case.config.name,
        generated_at=timezone.now(),
        generated_by=user.get_username(),
        synthetic=synthetic,
        totals=totals,
        strata=strata,
        map=place_map(located) if located else "",
        estimate=estimate,
        linkage=_linkage(),
        commissions=commissions,
        perpetrators=perpetrators,
        sites=sites,
        framework_title=framework.title_in(language),
        framework_reference=framework.reference,
        matrix=matrix,
        sources=_sources(user),
        custody=_custody(),
        footnotes=cite.footnotes,
        refs=refs,
        items=list(dict.fromkeys([*cite.cited_items, *images])),
    )


__all__ = ["STRATA", "Report", "report_gather"]
