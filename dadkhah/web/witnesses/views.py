"""Witness pages: pseudonym, risk and consent; the identity only behind an audited reveal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dadkhah.core.errors import DadkhahError
from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import REVEAL_WITNESS, VIEW_WITNESSES, user_can
from dadkhah.web.audit.services import actor_of
from dadkhah.web.witnesses.access import WITNESS_PAGE_LEVEL, access_witness, visible_witnesses
from dadkhah.web.witnesses.models import HarmCheck, Use, Witness
from dadkhah.web.witnesses.selectors import consent_allows, consent_history
from dadkhah.web.witnesses.services import (
    PSEUDONYM,
    WitnessNotFound,
    case_keyring,
    witness_reveal,
)


def _witness(request: HttpRequest, pseudonym: str) -> Witness:
    # The same answer for a malformed pseudonym, a missing witness and a forbidden one.
    if not PSEUDONYM.fullmatch(pseudonym):
        raise Http404("no such object")
    return access_witness(user=request.user, pseudonym=pseudonym)


@require_GET
@capability_required(VIEW_WITNESSES)
def witness_list(request: HttpRequest) -> HttpResponse:
    witnesses = list(visible_witnesses(request.user).order_by("pseudonym"))
    audit_reads(
        user=request.user,
        shown=[(f"witness:{w.pseudonym}", WITNESS_PAGE_LEVEL) for w in witnesses],
    )
    rows = [(w, [Use(u).label for u in Use.values if consent_allows(w, u)]) for w in witnesses]
    return render(request, "witnesses/list.html", {"rows": rows})


def _detail_context(request: HttpRequest, witness: Witness) -> dict[str, Any]:
    return {
        "witness": witness,
        "consents": consent_history(witness),
        "checks": HarmCheck.objects.filter(witness=witness).order_by("checked_at", "id"),
        "can_reveal": user_can(request.user, REVEAL_WITNESS) and witness.identity_id is not None,
    }


@require_GET
@capability_required(VIEW_WITNESSES)
def witness_detail(request: HttpRequest, pseudonym: str) -> HttpResponse:
    witness = _witness(request, pseudonym)
    return render(request, "witnesses/detail.html", _detail_context(request, witness))


@never_cache  # the identity must not stay in a browser or proxy cache (ASVS V14.3.2)
@require_POST
@capability_required(VIEW_WITNESSES)
def witness_reveal_view(request: HttpRequest, pseudonym: str) -> HttpResponse:
    """Show the identity to a cleared user; the service logs the reveal or the refusal."""
    witness = _witness(request, pseudonym)
    case = getattr(settings, "CASE", None)
    if case is None:
        raise Http404("no case is open")
    try:
        shown = witness_reveal(
            case=case,
            keyring=case_keyring(case).keyring,
            pseudonym=pseudonym,
            user=request.user,
            actor=actor_of(request.user),
        )
    except WitnessNotFound as exc:
        raise Http404("no such witness") from exc
    except DadkhahError as exc:  # the vault key is missing or needs its passphrase
        context = {**_detail_context(request, witness), "vault_error": str(exc)}
        return render(request, "witnesses/detail.html", context, status=503)
    context = {**_detail_context(request, witness), "identity": shown.fields}
    return render(request, "witnesses/detail.html", context)
