"""Logs that never carry what people typed: names, search terms, notes.

Two leaks are closed here. An exception's message may quote a value (PostgreSQL's "Key (name)=(...)
already exists", a ValueError naming its input), so the log formatter prints an exception's type,
its SQLSTATE and constraint name (for database errors) and the stack (file, line, function), never
its message. And the error report Django builds for a server error (the mail to ADMINS, the debug
page) shows no POST value and no local variable of any frame.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType
from typing import Any

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def message_is_safe(exc: BaseException) -> bool:
    """Infrastructure errors whose message names a host, a database or a timeout, never a value
    someone typed: a server that cannot be reached must still say why in the log. (A database
    OperationalError is about the connection, locks or timeouts; value errors are DataError and
    IntegrityError, which stay hidden.)"""
    return type(exc).__name__ == "OperationalError" or isinstance(exc, ConnectionError | TimeoutError)


def describe_exception(exc: BaseException) -> str:
    """One line about an exception without its message: the type, and for database errors the
    SQLSTATE and the constraint, which say what went wrong without quoting any value."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if message_is_safe(exc):
        return f"{name}: {exc}"
    details = []
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    diag = getattr(cause, "diag", None)  # psycopg's diagnostics of a database error
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        details.append(f"sqlstate={sqlstate}")
    constraint = getattr(diag, "constraint_name", None)
    if constraint:
        details.append(f"constraint={constraint}")
    suffix = f" [{', '.join(details)}]" if details else ""
    return f"{name}{suffix} (message not logged: it may contain personal data)"


def format_exception_without_values(exc: BaseException) -> str:
    """Like traceback.format_exception, chained exceptions included, with describe_exception()
    in place of each exception's message. Source lines are kept: they are code, not data."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            link = "\nThe above exception was the direct cause of the following exception:\n\n"
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link = "\nDuring handling of the above exception, another exception occurred:\n\n"
            current = current.__context__
        else:
            current = None
    lines: list[str] = []
    for item, following in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(item.__traceback__))
        lines.append(describe_exception(item) + "\n")
        lines.append(following)
    return "".join(lines).rstrip("\n")


class RedactingFormatter(logging.Formatter):
    """The formatter of every log handler (settings.LOGGING): exceptions without their messages."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        exc = ei[1] if isinstance(ei, tuple) else None
        if exc is None:
            return ""
        return format_exception_without_values(exc)

    def format(self, record: logging.LogRecord) -> str:
        # Another handler (pytest's, say) may have cached the full traceback in exc_text: never use it.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


NOT_LOGGED = "(not logged: may contain personal data)"


class CeleryValuesFilter(logging.Filter):
    """Celery puts values into the message text itself, where no formatter can hide them: a failed
    or retried task's exception text (``%(exc)s``), and for a message it cannot run the whole message
    body and headers (the task's arguments). This handler filter (settings.LOGGING) replaces them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("celery"):
            return True
        args = record.args
        if isinstance(args, dict) and "exc" in args:  # celery.app.trace: failure, retry, rejection
            exc = args["exc"]
            record.args = {**args, "exc": describe_exception(exc) if isinstance(exc, BaseException)
                           else NOT_LOGGED}
        elif record.name.startswith("celery.worker.consumer") and isinstance(args, tuple) and args:
            # Unknown or invalid task: (exception, body, headers, delivery info) or (report,).
            record.args = tuple(describe_exception(arg) if isinstance(arg, BaseException) else NOT_LOGGED
                                for arg in args)
        return True


def is_configured() -> bool:
    """Whether the root logger already writes through a RedactingFormatter."""
    return any(isinstance(handler.formatter, RedactingFormatter) for handler in logging.getLogger().handlers)


class NoValuesExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (DEFAULT_EXCEPTION_REPORTER_FILTER) show which POST fields and local variables
    there were, never their values: most forms here hold personal data."""

    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        meta: dict[str, Any] = super().get_safe_request_meta(request)
        for key in meta:
            # The query string (a search term), the referring URL and htmx's headers (the current
            # URL, a prompt's answer) carry what someone typed.
            if key in QUERY_CARRYING_META or key.startswith("HTTP_HX_"):
                meta[key] = self.cleansed_substitute
        return meta


QUERY_CARRYING_META = {"QUERY_STRING", "RAW_URI", "REQUEST_URI", "HTTP_REFERER"}


class NoValuesExceptionReporter(ExceptionReporter):
    """DEFAULT_EXCEPTION_REPORTER: the report of a server error (the mail to ADMINS) without the
    exception messages, the query string's values or the values of GET parameters."""

    def get_traceback_data(self) -> dict[str, Any]:
        data: dict[str, Any] = super().get_traceback_data()
        substitute = self.filter.cleansed_substitute
        if self.request is not None:
            data["request_GET_items"] = [(key, substitute) for key in self.request.GET]
            meta = self.request.META
            host = meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")  # unchecked, as Django's own
            data["request_insecure_uri"] = f"{self.request.scheme}://{host}{self.request.path}"
        if self.exc_value is not None:
            data["exception_value"] = describe_exception(self.exc_value)
        data.pop("exception_notes", None)
        data["unicode_hint"] = ""
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = describe_exception(frame["exc_cause"])
        return data
