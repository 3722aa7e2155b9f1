"""The API docs at /api/docs/: a reference of every operation written into the page by the
server (fast on any phone, readable without JavaScript, found with the browser's search),
and Swagger UI's interactive console loaded only when the reader asks for it
(static/js/api-docs.js): its 1.5 MB of script is most of what made the page slow.

The reference is read from the same OpenAPI schema as /api/schema/ and the console, so the
three cannot disagree. Building it takes most of a second (the schema lists the published
slugs), so each process keeps it per content version, like the other derived tables."""

import re
from dataclasses import dataclass, field
from http import HTTPStatus

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from ftzportal.caching import current_content_version, process_memo

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Longer enums (slugs, countries) are cut here: the console and the schema file have them all.
SHOWN_VALUES = 12

CODE_SPAN = re.compile(r"`([^`]+)`")
BLANK_LINE = re.compile(r"\n\s*\n")
# "reference" → (content version, [Tag])
_held = process_memo()


def with_code(text: str) -> SafeString:
    """The little Markdown the schema's texts use, as HTML: paragraphs (docstrings wrap
    their lines), lists of `* ` lines (drf-spectacular's list of an enum's choices) and
    `code` spans; everything else escaped."""
    blocks = []
    for block in BLANK_LINE.split(text.strip()):
        lines = [CODE_SPAN.sub(r"<code>\1</code>", escape(line.strip())) for line in block.splitlines()]
        if lines and all(line.startswith("* ") for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{line[2:]}</li>" for line in lines) + "</ul>")
        elif lines:
            blocks.append(f"<p>{' '.join(lines)}</p>")
    return mark_safe("".join(blocks))


@dataclass
class Field:
    """A parameter, request body or response: what it is called and what it holds."""

    name: str
    kind: str = ""
    required: bool = False
    description: str = ""  # SafeString (with_code) when read from the schema
    values: str = ""


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: SafeString
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    responses: list[Field] = field(default_factory=list)
    partners_only: bool = False


@dataclass
class Tag:
    name: str
    operations: list[Operation] = field(default_factory=list)


def type_name(schema: dict) -> str:
    """`string (date)`, `array of integer`, `Area` (a named component) and the like."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return " or ".join(type_name(part) for part in schema[combined])
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {type_name(schema.get('items', {}))}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind


def value_list(schema: dict, description: str) -> str:
    """The values an enum (or an array of one) allows, the first SHOWN_VALUES of them;
    none when the description lists them already (a choice field's labels)."""
    values = schema.get("enum") or schema.get("items", {}).get("enum") or []
    if all(f"`{value}`" in description for value in values):
        return ""
    shown = ", ".join(str(value) for value in values[:SHOWN_VALUES])
    if len(values) > SHOWN_VALUES:
        shown += f" … and {len(values) - SHOWN_VALUES} more"
    return shown


def content_fields(content: dict) -> list[Field]:
    return [Field(name=media_type, kind=type_name(body.get("schema", {}))) for media_type, body in content.items()]


def operation_from(method: str, path: str, spec: dict) -> Operation:
    operation = Operation(
        method=method.upper(),
        path=path,
        operation_id=spec.get("operationId", ""),
        summary=spec.get("summary", ""),
        description=with_code(spec.get("description", "")),
        partners_only=spec.get("security") is not None and {} not in spec["security"],
    )
    for parameter in spec.get("parameters", []):
        schema = parameter.get("schema", {})
        operation.parameters.append(
            Field(
                name=parameter["name"],
                kind=f"{parameter['in']} · {type_name(schema)}",
                required=parameter.get("required", False),
                description=with_code(parameter.get("description", "")),
                values=value_list(schema, parameter.get("description", "")),
            )
        )
    if body := spec.get("requestBody"):
        operation.body = content_fields(body.get("content", {}))
        for entry in operation.body:
            entry.required = body.get("required", False)
    for status, response in spec.get("responses", {}).items():
        bodies = content_fields(response.get("content", {}))
        operation.responses.append(
            Field(
                name=status,
                kind=", ".join(f"{entry.kind} ({entry.name})" for entry in bodies),
                description=with_code(response.get("description") or HTTPStatus(int(status)).phrase),
            )
        )
    return operation


def build_reference() -> list[Tag]:
    """Every operation of the public schema, grouped by tag in the schema's order."""
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    tags: dict[str, Tag] = {}
    for path, operations in schema.get("paths", {}).items():
        for method in HTTP_METHODS:
            if spec := operations.get(method):
                name = (spec.get("tags") or ["other"])[0]
                tags.setdefault(name, Tag(name)).operations.append(operation_from(method, path, spec))
    return list(tags.values())


def api_reference() -> list[Tag]:
    """build_reference(), built once per content version in this process."""
    version = current_content_version()
    held = _held.get("reference")
    if held is None or held[0] != version:
        held = (version, build_reference())
        _held["reference"] = held
    return held[1]


class ApiDocsView(SpectacularSwaggerSplitView):
    """drf-spectacular's Swagger UI view (its start-up script served as a file, as the CSP
    wants) whose page also carries the server-written reference."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data["description"] = with_code(spectacular_settings.DESCRIPTION)
            response.data["reference"] = api_reference()
            response.data["schema_url"] = self._get_schema_url(request)
        return response
