"""Signing in: password, second factor (verify or enroll), and changing one's password."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from dadkhah.web.accounts.account_events import account_event_record, current_case
from dadkhah.web.accounts.middleware import second_factor_not_required, session_start
from dadkhah.web.accounts.models import RecoveryCodeDevice
from dadkhah.web.accounts.second_factor import (
    confirmed_totp,
    recovery_codes_left,
    second_factor_check,
    totp_enrollment_confirm,
    totp_enrollment_start,
    totp_qr_svg,
    totp_secret_base32,
)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class LoginView(auth_views.LoginView):
    """Django's login (it gives the session a new id), then start the session clocks."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        session_start(self.request)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _to(name: str, request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")


def _verified(request: HttpRequest, device: Any) -> None:
    otp_login(request, device)
    # A new session id when the session gains the second factor, as at login (ASVS 5.0
    # V7.2.4: a new token on re-authentication).
    request.session.cycle_key()


@second_factor_not_required
@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator's code (or a recovery code) after the password."""
    user: Any = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next(request))
    if confirmed_totp(user) is None:
        return _to("second_factor_enroll", request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_check(user=user, token=form.cleaned_data["token"])
        if device is not None:
            _verified(request, device)
            if isinstance(device, RecoveryCodeDevice):
                left = recovery_codes_left(device)
                messages.warning(
                    request,
                    _("You used a recovery code; %(n)d are left.") % {"n": left},
                )
            return HttpResponseRedirect(_next(request))
        form.add_error("token", _("This code is not valid. Try the current one."))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)}
    )


@second_factor_not_required
@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_enroll(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: QR code and secret, then a code to confirm it.

    Only a user with no confirmed authenticator may enroll; otherwise anyone holding the
    password alone could add their own device.
    """
    user: Any = request.user
    if confirmed_totp(user) is not None:
        return _to("second_factor_verify", request)
    device = totp_enrollment_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrollment_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            _verified(request, device)
            account_event_record(
                case=current_case(),
                actor=f"web:{user.get_username()}",
                user=user.get_username(),
                event="second_factor_enrolled",
            )
            # Shown once, in this response only (no-store): never stored for display again.
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("token", _("This code is not valid. Check the time on your device."))
    return render(
        request,
        "accounts/second_factor_enroll.html",
        {
            "form": form,
            "next": _next(request),
            "qr_svg": totp_qr_svg(device),
            "uri": device.config_url,
            "secret": totp_secret_base32(device),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the current one is required; the change is audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        name = self.request.user.get_username()
        account_event_record(
            case=current_case(), actor=f"web:{name}", user=name, event="password_changed"
        )
        messages.success(self.request, _("Your password was changed."))
        return response


password_change = login_required(PasswordChangeView.as_view())
