"""The bot's interface languages: gettext catalogues managed with Babel.

Every text the bot writes goes through ``_`` (or ``ngettext`` when it depends on a count) and
is then filled with ``str.format`` and *named* placeholders::

    _("Kept {count} feeds.").format(count=n)

The template is ``handlers/locales/messages.pot`` (English: the msgids), the translations
``handlers/locales/<lang>/LC_MESSAGES/messages.po``. Re-extract after changing texts with the
``pybabel extract`` and ``pybabel update`` commands in README.md ("Translations"), then
translate the new entries.

No build step: each ``.po`` is read with ``babel.messages.pofile.read_po`` the first time its
language is used and compiled in memory (``write_mo`` into a buffer, fuzzy entries left out)
into a :class:`gettext.GNUTranslations`, which knows the language's plural forms.

The language of the update being handled lives in a context variable: ``handlers.language``
sets it before any handler runs (the chat's ``/language``, else the user's Telegram
``language_code``, else English); jobs without a user (digests) use :func:`using`.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.units import format_unit

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"
ENGLISH = "en"
# The interface languages, English first (its texts are the msgids).
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "ru")
# Each language in its own words, for /language.
NATIVE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
}

_current: ContextVar[str] = ContextVar("newsbot_language", default=ENGLISH)


def normalise(code: str | None) -> str | None:
    """An IETF tag (``pt-BR``, ``de_AT``, ``RU``) -> its interface language, or None when the
    bot has no interface in that language."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LANGUAGES else None


def resolve(chosen: str | None, user_code: str | None) -> str:
    """The chat's choice, else the user's Telegram language, else English."""
    return normalise(chosen) or normalise(user_code) or ENGLISH


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English, or a missing file: the msgids)."""
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == ENGLISH or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def current() -> str:
    """The language texts are written in now."""
    return _current.get()


def set_language(language: str) -> None:
    """Write the rest of this update (this task) in ``language``."""
    _current.set(normalise(language) or ENGLISH)


@contextmanager
def using(language: str | None) -> Iterator[str]:
    """Write the texts inside the block in ``language`` (None or unknown: English)."""
    token = _current.set(normalise(language) or ENGLISH)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language (Russian has
    three)."""
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined; it is translated (``_``) where used."""
    return message


def file_size(size: int) -> str:
    """A cap in bytes as the current language writes it: whole megabytes from 1 MiB up
    ("20 MB", "20 Mo", "20 МБ"), kilobytes below ("512 kB"); binary units, as the caps are."""
    if size >= 1024 * 1024:
        value, unit = round(size / (1024 * 1024)), "digital-megabyte"
    else:
        value, unit = max(1, size // 1024), "digital-kilobyte"
    return str(format_unit(value, unit, length="short", locale=_current.get()))

