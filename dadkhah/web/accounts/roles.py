"""The roles of the web app, as Django groups with model permissions."""

from __future__ import annotations

ADMIN = "admin"
INVESTIGATOR = "investigator"
VIEWER = "viewer"
ROLES = (ADMIN, INVESTIGATOR, VIEWER)

# Every role may view these apps' objects; witness data is not among them.
VIEW_APPS = (
    "sources", "places", "people", "evidence", "events", "bodies", "claims", "linkage",
    "estimates",
)  # fmt: skip
# Which apps each role may change.
CHANGE_APPS = {
    ADMIN: (*VIEW_APPS, "witnesses"),
    INVESTIGATOR: VIEW_APPS,
    VIEWER: (),
}
