"""ETags for list and detail responses.

The tag is a hash of the content version (which changes on every write to curated
content, see ftzportal.content_version), the full path with its query string, and the
response language. A client that sends it back in `If-None-Match` gets 304 with no body
until something is published, edited or archived. A request carrying a tag is checked
before the response is built; otherwise the tag is computed afterwards from the version
the response cache already read, so it costs no extra round trip.
"""

from rest_framework import status
from rest_framework.response import Response

from ftzportal.caching import content_etag, etag_matches, if_none_match

API_VERSION = "v1"


def compute_etag(request) -> str:
    # Built from the same parts as the response cache key, so a 304 and a cached 200 agree.
    return content_etag(request, salt=API_VERSION)


class ConditionalGetMixin:
    """For list and retrieve: 304 when If-None-Match matches, ETag on every 200."""

    def list(self, request, *args, **kwargs):
        return self._conditional(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._conditional(super().retrieve, request, *args, **kwargs)

    def _conditional(self, build_response, request, *args, **kwargs):
        tags = if_none_match(request)
        # A tag we issued can only belong to a valid request, so it answers before any
        # work. "*" ("any current representation") is only known once the response is a 200:
        # an invalid query must still get its 400.
        if tags and etag_matches(tags, etag := compute_etag(request)):
            return not_modified(etag)
        response = build_response(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            etag = compute_etag(request)
            if "*" in tags:
                return not_modified(etag)
            response["ETag"] = etag
        return response


def not_modified(etag: str) -> Response:
    return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
