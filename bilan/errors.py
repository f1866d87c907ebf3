"""The base of every app's domain exception: a stable code and a French message."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an action; nothing was changed.

    ``code`` is stable (tests and logs rely on it); ``message`` is French, for the user.
    Each app subclasses it once (``ComptesError``, ``BilanError``...).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class DomainErrorMiddleware:
    """The last net: a domain refusal that no view caught is the French 400 page with its
    message, never a 500 (domain.md: bad input gets a clear French message and changes
    nothing; the services raise before anything is stored, inside their transaction).

    Views catch their app's error and show it in the page; this only answers for a refusal
    raised where no view expects one (e.g. the guard of bilan/textes.py on any save).
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        return self.get_response(request)

    def process_exception(self, request, exception):  # type: ignore[no-untyped-def]
        if not isinstance(exception, DomainError):
            return None
        from django.shortcuts import render

        return render(request, "400.html", {"message": exception.message}, status=400)
