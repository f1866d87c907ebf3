from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from bilan.urls import urlpatterns as platform


@login_required
def nu(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/nu/", nu, name="bench_nu"), *platform]
