"""Django's JSON serialization format, without the loss of microseconds.

`DjangoJSONEncoder` cuts datetimes and times to milliseconds (ECMA-262 style), so a
`dumpdata` → `loaddata` round trip changes every timestamp. Backups must give back exactly
what was saved; this format writes the full ISO 8601 value. The files are ordinary JSON
fixtures: `loaddata` reads them with the standard "json" format.
"""

import datetime

from django.core.serializers.json import Deserializer as Deserializer  # re-exported for the format
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

FORMAT = "json-exact"


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.tzinfo is None:
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
