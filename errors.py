"""The root of the project's error tree, shared by every layer (summarizer, storage, handlers, bot).

``str(err)`` of a :class:`NewsbotError` is safe to show a user; handlers and the CLI turn these
into friendly messages.
"""

from __future__ import annotations


class NewsbotError(Exception):
    """Base of every error the pipeline raises on purpose; ``str(err)`` is safe to show a user."""
