"""The uses a witness consents to, one by one, and the risk levels: one list for CLI and web.

The Django choices (`dadkhah.web.witnesses.models.Use`, `Witness.Risk`) name the same
values; a test checks that the two agree. The CLI reads them from here so that it
does not load Django to print its help.
"""

from __future__ import annotations

#: Interview, public report, sharing with a UN mechanism, the ICC, a national
#: prosecutor or an NGO, and disclosure of the witness's identity (issue 12).
USES = (
    "interview",
    "public_report",
    "un_mechanism",
    "icc",
    "national_prosecutor",
    "ngo",
    "identity_disclosure",
)
#: The uses a court bundle or other export can be made for.
EXPORT_USES = ("public_report", "un_mechanism", "icc", "national_prosecutor", "ngo")
RISKS = ("low", "medium", "high", "severe")
