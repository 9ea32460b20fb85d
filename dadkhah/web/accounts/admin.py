"""The admin site's user page, with the user's clearance beside their groups (roles)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from dadkhah.web.accounts.models import Clearance


class ClearanceInline(admin.StackedInline):
    model = Clearance
    can_delete = False
    max_num = 1
    fields = ("level",)


class UserWithClearanceAdmin(UserAdmin):
    inlines = (*UserAdmin.inlines, ClearanceInline)


admin.site.unregister(User)
admin.site.register(User, UserWithClearanceAdmin)
