"""URL configuration of the web app."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from dadkhah.web.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("dadkhah.web.accounts.auth_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("people/", include("dadkhah.web.people.urls")),
    path("sources/", include("dadkhah.web.sources.urls")),
    path("places/", include("dadkhah.web.places.urls")),
    path("events/", include("dadkhah.web.events.urls")),
    path("bodies/", include("dadkhah.web.bodies.urls")),
    path("claims/", include("dadkhah.web.claims.urls")),
    path("estimates/", include("dadkhah.web.estimates.urls")),
    path("evidence/", include("dadkhah.web.evidence.urls")),
    path("linkage/", include("dadkhah.web.linkage.urls")),
    path("witnesses/", include("dadkhah.web.witnesses.urls")),
    path("audit/", include("dadkhah.web.audit.urls")),
    path("families/", include("dadkhah.web.families.urls")),
    path("search/", include("dadkhah.web.search.urls")),
    path("edit/", include("dadkhah.web.edits.urls")),
    path("", include("dadkhah.web.stats.urls")),
]
