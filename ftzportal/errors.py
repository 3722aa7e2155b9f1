"""The site's answer when something fails outside any view's control.

A database that cannot answer (refused, lost, stalled past its deadline: see
ftzportal.database) is not a bug on our side: the visitor gets a 503 with Retry-After in
their language (templates/503.html, JSON in the API's error shape under /api/), and load
balancers and crawlers know to come back. Anything else is Django's 500 page.
"""

import sys

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

from ftzportal.api.errors import unavailable_response
from ftzportal.caching import coming_language
from ftzportal.database import database_unavailable


def server_error(request):
    """handler500: called by Django while the uncaught exception is being handled."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request)


def service_unavailable(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        return unavailable_response()
    # Rendered without the request: no context processor may touch the database.
    with translation.override(coming_language(request)):
        context = {"LANGUAGE_CODE": translation.get_language(), "path": request.path}
        content = loader.get_template("503.html").render(context)
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response
