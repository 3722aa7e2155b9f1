"""What the API asks of a request made with a partner key (authenticated by
partners.authentication, configured in settings)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework_api_key.models import APIKey


def partner_key(request) -> APIKey | None:
    return request.auth if isinstance(request.auth, APIKey) else None


class IsPartner(BasePermission):
    """Only requests made with a valid partner key (anonymous ones get 401)."""

    message = _("This endpoint needs a partner key: send “Authorization: Api-Key <your key>”.")
    code = "not_authenticated"

    def has_permission(self, request, view):
        return partner_key(request) is not None
