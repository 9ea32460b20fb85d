"""The roles of the web app, as Django groups with model permissions."""

from __future__ import annotations

ADMIN = "admin"
INVESTIGATOR = "investigator"
VIEWER = "viewer"
ROLES = (ADMIN, INVESTIGATOR, VIEWER)

# Which apps each role may change; every role may view every non-protected app.
CHANGE_APPS = {
    ADMIN: ("sources", "places", "people", "evidence", "events", "bodies", "claims", "witnesses"),
    INVESTIGATOR: ("sources", "places", "people", "evidence", "events", "bodies", "claims"),
    VIEWER: (),
}
VIEW_APPS = ("sources", "places", "people", "evidence", "events", "bodies", "claims")
