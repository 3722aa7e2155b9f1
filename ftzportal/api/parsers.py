"""JSON request bodies, with bounds: `LimitedJSONParser` is the API's one parser
(REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]).

DRF's JSONParser reads the whole body, however long, and hands it to `json.load`, whose
recursion a body of a few thousand `[` exhausts: a RecursionError, not a ValueError, so
a 500. Here the body is read up to `max_bytes` (413 beyond), a parse that runs out of
recursion is refused like one that nests beyond `max_depth` (400). No request of the API
needs more than a flat object, so both bounds leave room.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

MAX_JSON_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 20


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


class TooDeeplyNested(exceptions.ParseError):
    default_detail = _("The JSON body is nested too deeply.")
    default_code = "too_deeply_nested"


def nests_deeper_than(data, limit: int) -> bool:
    """Whether arrays and objects in parsed `data` nest more than `limit` levels (walked
    without recursion: the check must not fail the way the parse it guards would)."""
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth + 1 > limit:
            return True
        pending.extend((item, depth + 1) for item in value)
    return False


class LimitedJSONParser(JSONParser):
    max_bytes = MAX_JSON_BODY_BYTES
    max_depth = MAX_JSON_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read(self.max_bytes + 1) if stream is not None else b""
        if len(body) > self.max_bytes:
            raise RequestTooLarge()
        encoding = (parser_context or {}).get("encoding", "utf-8")
        parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
        try:
            data = json.loads(body.decode(encoding), parse_constant=parse_constant)
        except RecursionError:
            raise TooDeeplyNested() from None
        except (ValueError, LookupError) as exc:  # UnicodeDecodeError is a ValueError
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        if nests_deeper_than(data, self.max_depth):
            raise TooDeeplyNested()
        return data
