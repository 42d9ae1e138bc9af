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


def N_(message: str) -> str:
    """Mark ``message`` for the interface catalogues (handlers/locales) without translating it:
    lower layers name things in English, the handlers translate what they show."""
    return message
