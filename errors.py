"""The root of the project's error tree, shared by every layer (summarizer, storage, handlers, bot).

``str(err)`` of a :class:`NewsbotError` is safe to show a user; handlers and the CLI turn these
into friendly messages.
"""

from __future__ import annotations


class NewsbotError(Exception):
    """Base of every error the pipeline raises on purpose; ``str(err)`` is safe to show a user.

    ``template`` and ``values``, when set (:meth:`worded`), let the handlers word the message in
    the user's language: ``_(err.template).format(**err.values)``; otherwise ``str(err)`` is the
    catalogue's message id (marked with :func:`N_` where it is raised) or plain English."""

    template: str | None = None
    values: dict[str, object] = {}  # noqa: RUF012 - never mutated; set per error by worded()

    @classmethod
    def worded(cls, template: str, **values: object) -> NewsbotError:
        """The error whose message is ``template`` (marked with :func:`N_`) filled with
        ``values``."""
        error = cls(template.format(**values))
        error.template, error.values = template, dict(values)
        return error


class ByteSize(int):
    """A size in bytes given to :meth:`NewsbotError.worded`: written "1 MB" or "512 KB" in
    ``str(err)``; the handlers write it in the reader's language."""

    def __str__(self) -> str:
        if self >= 1024 * 1024:
            return f"{self / (1024 * 1024):.0f} MB"
        return f"{max(1, self // 1024)} KB"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def N_(message: str) -> str:
    """Mark ``message`` for the interface catalogues (handlers/locales) without translating it:
    lower layers name things in English, the handlers translate what they show."""
    return message
