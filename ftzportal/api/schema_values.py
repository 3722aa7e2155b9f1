"""What the schema says a parameter or field accepts, for the schema class (schema.py), the
filter backend (filters.py) and the views that declare their own parameters. Plain
values, no drf-spectacular imports: the filter backend is loaded while DRF itself is."""

from .serializers import SLUG_PATTERN

# On the upper end of a range parameter (`settled_to`): the name of the lower end, which
# it must not be below (a reversed range is a 400). JSON Schema cannot relate two
# parameters; tests/api/test_schema_fuzz.py honours it when it generates valid requests.
NOT_BELOW_EXTENSION = "x-not-below"
# On a parameter whose accepted values depend on another's: {other: {its value: [values
# accepted with it]}} (the matcher's origin depends on the kind of investor). Honoured by
# the same test.
ALLOWED_WITH_EXTENSION = "x-allowed-with"


def slug_schema(queryset, field: str = "slug") -> dict:
    """A slug the API accepts: one of the published entries of `queryset`, listed as an
    enum when the schema is built (the schema at /api/schema/ is built per content version,
    so it follows publishing). With nothing published, only the shape can be given."""
    slugs = list(queryset.order_by(field).values_list(field, flat=True))
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
