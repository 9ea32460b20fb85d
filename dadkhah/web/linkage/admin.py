from django.contrib import admin

from dadkhah.web.linkage.models import LinkRun, PairScore, PersonChange, ReviewDecision


@admin.register(LinkRun)
class LinkRunAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "backend", "status", "started_at", "finished_at", "started_by")
    exclude = ("model",)
    readonly_fields = ("settings", "metrics")


@admin.register(PairScore)
class PairScoreAdmin(admin.ModelAdmin):
    list_display = ("record_a", "record_b", "probability", "linked", "refused", "run")
    raw_id_fields = ("record_a", "record_b", "run")


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    list_display = ("record_a", "record_b", "verdict", "reviewer", "decided_at")
    raw_id_fields = ("record_a", "record_b", "user", "run")


@admin.register(PersonChange)
class PersonChangeAdmin(admin.ModelAdmin):
    list_display = ("kind", "person", "other", "changed_by", "changed_at")
    raw_id_fields = ("person", "other", "run")
