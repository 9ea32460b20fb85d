"""Session rules for signed-in users: timeouts, the second factor, and no caching.

Three small middlewares, in this order after django-otp's ``OTPMiddleware``:

* :class:`SessionTimeoutMiddleware` ends a session idle for 30 minutes or older than
  8 hours (ASVS 5.0 V7.3.1 and V7.3.2: inactivity and absolute timeouts);
* :class:`SecondFactorMiddleware` sends a user who has not passed the second factor to
  verification, or to enrollment when they have no authenticator yet;
* :class:`NoStoreMiddleware` marks every page a signed-in user gets ``no-store``
  (ASVS 5.0 V14.3.2: sensitive data is not cached by the browser or a proxy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from dadkhah.web.accounts.second_factor import has_second_factor, requires_second_factor

AUTH_AT = "dadkhah_auth_at"
SEEN_AT = "dadkhah_seen_at"
# The idle clock is written back at most this often, not on every request.
SEEN_RESOLUTION_S = 30

F = TypeVar("F", bound=Callable[..., Any])


def second_factor_not_required(view: F) -> F:
    """Mark a view reachable before the second factor (logout, enrollment, verification)."""
    view.second_factor_not_required = True  # type: ignore[attr-defined]
    return view


def idle_timeout_s() -> int:
    return int(getattr(settings, "DADKHAH_SESSION_IDLE_TIMEOUT", 30 * 60))


def absolute_timeout_s() -> int:
    return int(getattr(settings, "DADKHAH_SESSION_ABSOLUTE_TIMEOUT", 8 * 3600))


def session_start(request: HttpRequest) -> None:
    """Start both session clocks (called at login)."""
    now = int(timezone.now().timestamp())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            if AUTH_AT not in session:
                # A session made without the login view (Django's force_login).
                session_start(request)
            auth_at, seen_at = int(session[AUTH_AT]), int(session[SEEN_AT])
            if now - seen_at > idle_timeout_s() or now - auth_at > absolute_timeout_s():
                logout(request)
                query = urlencode({"next": request.get_full_path(), "expired": "1"})
                return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{query}")
            if now - seen_at >= SEEN_RESOLUTION_S:
                session[SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "second_factor_not_required", False):
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages (the login page, the language switch)
        if not requires_second_factor(user):
            return None
        name = "second_factor_verify" if has_second_factor(user) else "second_factor_enroll"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(name)}?{query}")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # "no-store" is the directive that matters (RFC 9111 §5.2.2.5); Django adds
            # the others for old caches.
            add_never_cache_headers(response)
        return response
