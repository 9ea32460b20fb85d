"""URLs of the edit pages (included at /edit/)."""

from django.urls import path

from dadkhah.web.edits import attach, views

app_name = "edits"

urlpatterns = [
    path("people/<str:public_id>/", views.person_edit, name="person"),
    path("people/<str:public_id>/relations/", views.relation_new, name="relation_new"),
    path("claims/new/<str:subject>/<str:ref>/", views.claim_new, name="claim_new"),
    path("claims/<int:id>/", views.claim_edit, name="claim"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:id>/", views.event_edit, name="event"),
    path("events/<int:id>/involvements/", views.involvement_new, name="involvement_new"),
    path("evidence/<str:entity>/<str:ref>/", attach.evidence_attach_page, name="attach"),
    path("citation-row/", views.citation_row, name="citation_row"),
    path("vocabularies/", views.vocabulary_list, name="vocabularies"),
]
