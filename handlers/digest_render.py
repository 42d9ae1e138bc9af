"""Digest -> Telegram HTML messages: a dated header in the chat's language, one block per story.

Stories are packed whole into messages under Telegram's 4,096-character limit; a message never
ends in the middle of a story.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape, unescape

from summarizer.digest import Digest, DigestStory

MESSAGE_LIMIT = 4096
MAX_SITES_SHOWN = 6
MAX_TITLE_CHARS = 250
MAX_SENTENCE_CHARS = 400
MAX_QUOTE_CHARS = 300
_QUOTE_MARKS = "\"“”„«»‘’'" + " "


@dataclass(frozen=True, slots=True)
class DigestWords:
    """The words of a digest in one language."""

    title: str
    empty: str  # the message on a day with nothing new, when the chat asked for one
    more_sources: str  # "+{n} more"
    weekdays: str  # Monday first, space-separated
    months: str  # January first, in the form used after a day number, space-separated
    date_format: str  # with {weekday}, {day}, {month}, {year}

    def date(self, day: dt.date) -> str:
        return self.date_format.format(
            weekday=self.weekdays.split()[day.weekday()],
            day=day.day,
            month=self.months.split()[day.month - 1],
            year=day.year,
        )


# fmt: off
WORDS: dict[str, DigestWords] = {
    "en": DigestWords(
        "Daily digest", "Nothing new was shared today.", "+{n} more",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "January February March April May June July August September October November December",
        "{weekday}, {day} {month} {year}",
    ),
    "ru": DigestWords(
        "Дайджест дня", "Сегодня ничего нового.", "ещё {n}",
        "понедельник вторник среда четверг пятница суббота воскресенье",
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "{weekday}, {day} {month} {year}",
    ),
    "uk": DigestWords(
        "Дайджест дня", "Сьогодні нічого нового.", "ще {n}",
        "понеділок вівторок середа четвер пʼятниця субота неділя",
        "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
        "{weekday}, {day} {month} {year}",
    ),
    "de": DigestWords(
        "Tagesübersicht", "Heute wurde nichts Neues geteilt.", "+{n} weitere",
        "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "{weekday}, {day}. {month} {year}",
    ),
    "fr": DigestWords(
        "Le résumé du jour", "Rien de nouveau aujourd’hui.", "+{n} autres",
        "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "{weekday} {day} {month} {year}",
    ),
    "es": DigestWords(
        "Resumen del día", "Hoy no hay nada nuevo.", "+{n} más",
        "lunes martes miércoles jueves viernes sábado domingo",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "{weekday}, {day} de {month} de {year}",
    ),
    "it": DigestWords(
        "Il riepilogo del giorno", "Oggi niente di nuovo.", "+{n} altri",
        "lunedì martedì mercoledì giovedì venerdì sabato domenica",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre",
        "{weekday} {day} {month} {year}",
    ),
    "pt": DigestWords(
        "Resumo do dia", "Nada de novo hoje.", "+{n} mais",
        "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "{weekday}, {day} de {month} de {year}",
    ),
}
# fmt: on


def words_for(language: str | None) -> DigestWords:
    """The words for an IETF tag (``pt-BR`` -> ``pt``), English when the language is unknown."""
    primary = (language or "en").split("-")[0].split("_")[0].lower()
    return WORDS.get(primary, WORDS["en"])


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def render_header(day: dt.date, language: str | None) -> str:
    words = words_for(language)
    return f"📰 <b>{escape(words.title)}</b> · {escape(words.date(day))}"


def visible_length(html: str) -> int:
    """What Telegram counts against the limit: the text without tags, in UTF-16 code units."""
    text, inside = [], False
    for ch in html:
        if ch == "<":
            inside = True
        elif ch == ">":
            inside = False
        elif not inside:
            text.append(ch)
    return len(unescape("".join(text)).encode("utf-16-le")) // 2


def render_story(number: int, story: DigestStory, language: str | None) -> str:
    """One entry: title as a link, its sites (each a link), 1–2 sentences, the best quote."""
    words = words_for(language)
    lines = [f"<b>{number}.</b> {_link(story.url, _shorten(story.title, MAX_TITLE_CHARS))}"]
    first_url_of_site: dict[str, str] = {}
    for source in story.sources:
        first_url_of_site.setdefault(source.site, source.url)
    sites = [_link(url, site) for site, url in list(first_url_of_site.items())[:MAX_SITES_SHOWN]]
    hidden = len(first_url_of_site) - len(sites)
    if hidden > 0:
        sites.append(escape(words.more_sources.format(n=hidden)))
    lines.append("<i>" + " · ".join(sites) + "</i>")
    if story.summary:
        lines.append(escape(" ".join(_shorten(s, MAX_SENTENCE_CHARS) for s in story.summary)))
    if story.quote is not None:
        text = _shorten(story.quote.text.strip(_QUOTE_MARKS), MAX_QUOTE_CHARS)
        quote = f"“{escape(text)}”"
        if story.quote.speaker:
            quote += f" — {escape(story.quote.speaker)}"
        lines.append(quote)
    return "\n".join(lines)


def pack_messages(header: str, blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join the header and blocks into as few messages as fit under ``limit`` characters.

    Blocks are never cut: with the caps above one story is far below the limit.
    """
    messages: list[str] = []
    current = header
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if visible_length(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def render_digest(
    digest: Digest, *, day: dt.date, language: str | None, send_empty: bool = False
) -> list[str]:
    """The messages of a digest; none on an empty day unless ``send_empty``."""
    header = render_header(day, language)
    if digest.empty:
        return [f"{header}\n\n{escape(words_for(language).empty)}"] if send_empty else []
    blocks = [render_story(n, s, language) for n, s in enumerate(digest.stories, start=1)]
    return pack_messages(header, blocks)
