"""The platform speaks HTML forms: GET, HEAD and POST, nothing else (issue 9, point 1).

Class-based views answer PUT as they answer POST (Django's ``ProcessFormView``), and a
function view with no method decorator runs for any method: a login or password form would
then take a PUT, outside every CSRF-protected form and every matrix row. No page of the
platform needs another method, so every other one answers 405 before any view runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

METHODES_PERMISES = ("GET", "HEAD", "POST")


class FormMethodsOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in METHODES_PERMISES:
            return HttpResponseNotAllowed(METHODES_PERMISES)
        return self.get_response(request)
