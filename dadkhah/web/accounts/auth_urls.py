"""URLs of signing in and out, the second factor and the password change."""

from django.contrib.auth import views as django_auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from dadkhah.web.accounts import auth_views
from dadkhah.web.accounts.middleware import second_factor_not_required

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path(
        "logout/",
        second_factor_not_required(django_auth_views.LogoutView.as_view()),
        name="logout",
    ),
    # The admin signs in through the same page, so the same second factor applies.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("account/verify/", auth_views.second_factor_verify, name="second_factor_verify"),
    path("account/enroll/", auth_views.second_factor_enroll, name="second_factor_enroll"),
    path("account/password/", auth_views.password_change, name="password_change"),
]
