"""The roles of the web app and what each may do: the one home of the permission table.

A role is a Django group of the same name; what a role may do is the table
``CAPABILITIES`` below, not the group's model permissions. The rule is default deny
(OWASP ASVS 5.0 V8.2.1, "least privilege"): a user in no role, or in a group that is
no role, may do nothing at all, and a capability missing from a role's row is refused.
docs/security.md prints this table; tests/web/accounts/test_roles.py checks the two agree.

Object-level access (which persons, sources … a user may read) adds the user's
clearance to a confidentiality level: see :mod:`dadkhah.web.accounts.clearance`.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractUser, AnonymousUser

User: TypeAlias = AbstractUser | AnonymousUser

ADMIN = "admin"
INVESTIGATOR = "investigator"
ANALYST = "analyst"
LEGAL_OFFICER = "legal_officer"
WITNESS_LIAISON = "witness_liaison"
REVIEWER = "reviewer"
READ_ONLY = "read_only"
ROLES = (ADMIN, INVESTIGATOR, ANALYST, LEGAL_OFFICER, WITNESS_LIAISON, REVIEWER, READ_ONLY)
#: Older names still accepted (the first cases called the read-only role "viewer").
ALIASES = {"viewer": READ_ONLY}
#: Kept for code written against the first three roles.
VIEWER = READ_ONLY

# --- capabilities -------------------------------------------------------------------------
VIEW_REGISTRY = "view_registry"  # persons, sources and their records, claims, places
EDIT_REGISTRY = "edit_registry"  # persons, claims, events: each edit cited and versioned
VIEW_EVIDENCE = "view_evidence"  # evidence items: list, record, download (each read logged)
ADD_EVIDENCE = "add_evidence"  # upload evidence
IMPORT_LISTS = "import_lists"  # import a list file as a source from the web app
VIEW_LINKAGE = "view_linkage"  # the review queue and pairs
DECIDE_LINKAGE = "decide_linkage"  # record same / different decisions
VIEW_ESTIMATES = "view_estimates"  # estimate runs and plots
VIEW_WITNESSES = "view_witnesses"  # witnesses by pseudonym, testimonies
REVEAL_WITNESS = "reveal_witness"  # a witness's identity from the vault (each reveal logged)
MANAGE_CONSENT = "manage_consent"  # record or withdraw a witness's consent
EXPORT = "export"  # bundles, reports and CSV exports (each export logged)
VIEW_AUDIT = "view_audit"  # the audit page and its export
ADMINISTER = "administer"  # the admin site: users, roles, clearances, corrections

CAPABILITY_NAMES = {
    VIEW_REGISTRY: "read the registry (persons, sources, records, claims, places)",
    EDIT_REGISTRY: "edit persons, claims and events, citing a source for each change",
    VIEW_EVIDENCE: "view and download evidence items",
    ADD_EVIDENCE: "add evidence items",
    IMPORT_LISTS: "import lists",
    VIEW_LINKAGE: "see the linkage review queue and pairs",
    DECIDE_LINKAGE: "decide linkage pairs",
    VIEW_ESTIMATES: "see estimates",
    VIEW_WITNESSES: "see witnesses by pseudonym and their testimonies",
    REVEAL_WITNESS: "reveal a witness's identity",
    MANAGE_CONSENT: "record a witness's consent",
    EXPORT: "export (bundles, reports, CSV)",
    VIEW_AUDIT: "read and export the audit trail",
    ADMINISTER: "administer users, roles and clearances",
}
CAPABILITY_ORDER = tuple(CAPABILITY_NAMES)

_READ = frozenset({VIEW_REGISTRY, VIEW_ESTIMATES, VIEW_LINKAGE})
CAPABILITIES: dict[str, frozenset[str]] = {
    ADMIN: frozenset(CAPABILITY_ORDER),
    # Builds the case: evidence in, linkage decided; sees witnesses only by pseudonym.
    INVESTIGATOR: _READ
    | {
        EDIT_REGISTRY,
        VIEW_EVIDENCE,
        ADD_EVIDENCE,
        IMPORT_LISTS,
        DECIDE_LINKAGE,
        VIEW_WITNESSES,
        EXPORT,
    },
    # The statistician: lists in, linkage and estimates, no evidence files, no witnesses.
    ANALYST: _READ | {IMPORT_LISTS, DECIDE_LINKAGE, EXPORT},
    # Prepares what goes to a court or mechanism: evidence, testimonies, consent, bundles.
    LEGAL_OFFICER: _READ | {VIEW_EVIDENCE, VIEW_WITNESSES, MANAGE_CONSENT, EXPORT},
    # The only role besides admin that may see who a witness is (do-no-harm, issue 12).
    WITNESS_LIAISON: frozenset(
        {VIEW_REGISTRY, VIEW_EVIDENCE, VIEW_WITNESSES, REVEAL_WITNESS, MANAGE_CONSENT}
    ),
    # An outside or second reviewer of linkage: reads and decides pairs, nothing else.
    REVIEWER: frozenset({VIEW_REGISTRY, VIEW_LINKAGE, DECIDE_LINKAGE}),
    READ_ONLY: _READ,
}


def role_name(name: str) -> str | None:
    """The role a group or option name stands for (aliases read), or None for no role."""
    name = ALIASES.get(name, name)
    return name if name in CAPABILITIES else None


def roles_of(user: User) -> frozenset[str]:
    """The roles ``user`` holds: none for an anonymous or inactive user (default deny)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_dadkhah_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(r for r in (role_name(n) for n in names) if r is not None)
        user._dadkhah_roles = cached  # type: ignore[attr-defined]  # cached on the request's user
    return frozenset(cached)


def capabilities_of(user: User) -> frozenset[str]:
    """Every capability any of ``user``'s roles grants (none without a role)."""
    out: frozenset[str] = frozenset()
    for role in roles_of(user):
        out = out | CAPABILITIES[role]
    return out


def user_can(user: User, capability: str) -> bool:
    """Whether ``user`` holds ``capability`` through a role.

    Raises:
        ValueError: ``capability`` is not one of ``CAPABILITY_ORDER`` (a typo must not
            silently deny, or silently allow).
    """
    if capability not in CAPABILITY_NAMES:
        raise ValueError(f"unknown capability {capability!r}")
    return capability in capabilities_of(user)
