"""The portal's URLs plus /bench/ceiling: a signed-in request through the whole
middleware stack (session, user, CSP ...) to a view that does nothing else."""

from django.http import HttpResponse
from django.urls import path

from recruiting.urls import handler403, handler404, handler500  # noqa: F401
from recruiting.urls import urlpatterns as portal


def ceiling(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling", ceiling), *portal]
