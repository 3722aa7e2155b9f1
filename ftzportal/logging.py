"""Structured log lines that carry the request id and no personal data.

Every record gets a `request_id` attribute from a context variable that
`ftzportal.middleware.RequestIdMiddleware` sets for the duration of a request (outside a
request it is "-"). The formatter writes one `key=value` line per record, so a line can be
grepped by request id and parsed by any log shipper without a JSON library.
"""

import contextvars
import logging
import re

NO_REQUEST_ID = "-"
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST_ID)

# Addresses slip into messages through exception texts (an SMTP refusal quotes the
# recipient, a validation error quotes the value). Masking them here is the last line of
# defence; code still must not log personal data on purpose.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MASK = "[e-mail removed]"


def mask_personal_data(text: str) -> str:
    return EMAIL_PATTERN.sub(EMAIL_MASK, text)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (handlers attach it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id == NO_REQUEST_ID:
            # django.request logs 4xx responses after the middleware chain has returned
            # (and the context variable was reset), but passes the request itself along.
            request_id = getattr(getattr(record, "request", None), "request_id", NO_REQUEST_ID)
        record.request_id = request_id
        return True


class KeyValueFormatter(logging.Formatter):
    """`time=… level=… logger=… request_id=… msg="…"` and, for errors, the traceback.

    Values with spaces or quotes are quoted; newlines in the message are escaped so one
    record stays one line (the traceback follows on its own lines, as usual).
    """

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        fields = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id,
            "msg": mask_personal_data(record.getMessage()),
        }
        line = " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
        if record.exc_info:
            line += "\n" + mask_personal_data(self.formatException(record.exc_info))
        return line


def _quote(value: str) -> str:
    value = str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    if not value or any(char in value for char in ' "='):
        return '"' + value.replace('"', '\\"') + '"'
    return value
