from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    """The organisation's name, shown in every layout."""
    return {"ORGANISATION_NOM": settings.ORGANISATION_NOM}
