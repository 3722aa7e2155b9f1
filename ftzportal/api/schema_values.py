"""What the schema says a parameter or field accepts, for the schema class (schema.py), the
filter backend (filters.py) and the views that declare their own parameters. Plain
values, no drf-spectacular imports: the filter backend is loaded while DRF itself is."""

from django.db import DatabaseError

from .serializers import SLUG_PATTERN

# On the upper end of a range parameter (`settled_to`): the name of the lower end, which
# it must not be below (a reversed range is a 400). JSON Schema cannot relate two
# parameters; tests/api/test_schema_fuzz.py honours it when it generates valid requests.
NOT_BELOW_EXTENSION = "x-not-below"
# On a parameter whose accepted values depend on another's: {other: {its value: [values
# accepted with it]}} (the matcher's origin depends on the kind of investor). Honoured by
# the same test.
ALLOWED_WITH_EXTENSION = "x-allowed-with"
# On the change feed's cursor: the newest event's cursor when the schema was built; a
# larger cursor is a 400 (`cursor_ahead`). Honoured by the same test.
AT_MOST_EXTENSION = "x-at-most-cursor"
# On a webhook URL: the API resolves the host and refuses one that does not resolve to a
# public address (a 400); JSON Schema cannot say which hosts those are. The fuzzing test
# points generated URLs at a host its settings allow.
CHECKED_TARGET_EXTENSION = "x-checked-target"
# Text the API accepts: no NUL character (databases cannot store it), and, for a field
# that may not be blank, at least one character that is not white space.
TEXT_PATTERN = "^[^\\x00]*$"
NON_BLANK_TEXT_PATTERN = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


def slug_schema(queryset, field: str = "slug") -> dict:
    """A slug the API accepts: one of the published entries of `queryset`, listed as an
    enum when the schema is built (the schema at /api/schema/ is built per content version,
    so it follows publishing). With nothing published, only the shape can be given."""
    try:
        slugs = list(queryset.order_by(field).values_list(field, flat=True))
    except DatabaseError:
        # No database to read (a system check before `migrate`): the shape only.
        slugs = []
    if slugs:
        return {"type": "string", "enum": slugs}
    return {"type": "string", "pattern": f"^{SLUG_PATTERN}$"}


def choice_values(choices) -> list[str]:
    """The values of Django form choices, option groups flattened, without the empty one."""
    values = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            values.extend(str(inner) for inner, _label in label if inner != "")
        elif value != "":
            values.append(str(value))
    return values
