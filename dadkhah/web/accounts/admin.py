"""The admin site's user page, with the user's clearance beside their groups (roles)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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

# Second factors are enrolled by their owner and reset with `dadkhah user reset`, which
# the custody log records. django-otp's own admin pages would let an admin read another
# user's TOTP secret (its QR "config" page) and change devices unaudited: not offered.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
