"""The home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dadkhah.web.accounts.selectors import case_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"counts": case_counts()})
