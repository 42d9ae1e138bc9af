"""Digest -> Telegram HTML messages: a dated header in the chat's language, one block per story.

Escaping and splitting are ``handlers.render``'s: each story is one :class:`~handlers.render.Block`
(title and sites before, summary as the text, the quote after), so messages are filled with whole
stories and stay under Telegram's 4,096 characters.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from handlers.i18n import _, ngettext, normalise, using
from handlers.render import MAX_MESSAGE, Block, attr, pack, raw, text
from summarizer.digest import Digest, DigestStory

# Caps that keep one story far below a message, however long the page's title or URLs are.
MAX_SITES_SHOWN = 6
MAX_TITLE_CHARS = 250
MAX_SENTENCE_CHARS = 400
MAX_QUOTE_CHARS = 300
MAX_LINKED_URL = 1000  # a title's link; longer URLs are shown without one
MAX_LINKED_SITE_URL = 300  # a site's link
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
    catalogue: str | None = None  # an interface language: its words come from the catalogue

    def more(self, n: int) -> str:
        """``+3 more``: the sites of a story left out."""
        if self.catalogue is None:
            return self.more_sources.format(n=n)
        with using(self.catalogue):
            return ngettext("+{n} more", "+{n} more", n).format(n=n)

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
    """The words for an IETF tag (``pt-BR`` -> ``pt``), English when the language is unknown.

    The interface languages (``handlers.i18n.LANGUAGES``) take the title, the empty-day text and
    "+N more" from the catalogues; the dates, and the other languages' words (uk, it, pt: news
    languages without an interface), from the table above."""
    primary = (language or "en").split("-")[0].split("_")[0].lower()
    table = WORDS.get(primary, WORDS["en"])
    interface = normalise(primary) if primary in WORDS else "en"
    if interface is None:
        return table
    with using(interface):
        return replace(
            table,
            title=_("Daily digest"),
            empty=_("Nothing new was shared today."),
            catalogue=interface,
        )


def _shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _link(url: str, label: str, max_url: int) -> str:
    if len(url) > max_url:
        return text(label)
    return f'<a href="{attr(url)}">{text(label)}</a>'


def render_header(day: dt.date, language: str | None) -> str:
    words = words_for(language)
    return f"📰 <b>{text(words.title)}</b> · {text(words.date(day))}"


def story_block(number: int, story: DigestStory, language: str | None) -> Block:
    """One entry: title as a link, its sites (each a link), 1–2 sentences, the best quote."""
    words = words_for(language)
    title = _link(story.url, _shorten(story.title, MAX_TITLE_CHARS), MAX_LINKED_URL)
    first_url_of_site: dict[str, str] = {}
    for source in story.sources:
        first_url_of_site.setdefault(source.site, source.url)
    shown = list(first_url_of_site.items())[:MAX_SITES_SHOWN]
    sites = [_link(url, site, MAX_LINKED_SITE_URL) for site, url in shown]
    hidden = len(first_url_of_site) - len(shown)
    if hidden > 0:
        sites.append(text(words.more(hidden)))
    before = f"<b>{number}.</b> {title}\n<i>{' · '.join(sites)}</i>"
    summary = " ".join(_shorten(s, MAX_SENTENCE_CHARS) for s in story.summary)
    after = ""
    if story.quote is not None:
        quote = _shorten(story.quote.text.strip(_QUOTE_MARKS), MAX_QUOTE_CHARS)
        if story.quote.partial:  # a fragment of the writer's sentence: `…a disaster…`
            quote = "…" + quote + ("" if quote[-1:] in ".!?…" else "…")
        speaker = f" — <i>{text(story.quote.speaker)}</i>" if story.quote.speaker else ""
        after = f"\n“{text(quote)}”{speaker}"
    return Block(summary, before=before + ("\n" if summary else ""), after=after)


def news_language(digest: Digest) -> str | None:
    """The language most of the digest's stories are in: a group or channel has no language of
    its own in Telegram, but the news it shares has one. Only languages with digest words count
    (mostly Chinese news with some Russian gets a Russian header rather than an English one)."""
    primary = (
        s.language.replace("_", "-").split("-")[0].lower() for s in digest.stories if s.language
    )
    counts = Counter(code for code in primary if code in WORDS)
    return counts.most_common(1)[0][0] if counts else None


def render_digest(
    digest: Digest,
    *,
    day: dt.date,
    language: str | None,
    send_empty: bool = False,
    limit: int = MAX_MESSAGE,
) -> list[str]:
    """The messages of a digest; none on an empty day unless ``send_empty``."""
    header = raw(render_header(day, language))
    if digest.empty:
        if not send_empty:
            return []
        return pack([header, Block(words_for(language).empty)], limit=limit, sep="\n\n")
    blocks = [story_block(n, s, language) for n, s in enumerate(digest.stories, start=1)]
    return pack([header, *blocks], limit=limit, sep="\n\n")


def render_chat_digest(
    digest: Digest, *, day: dt.date, language: str | None, send_empty: bool
) -> list[str]:
    """A chat's digest (``services.digests.DigestRenderer``): in the chat's language, or, for a
    chat without one, in the language of its news."""
    return render_digest(
        digest, day=day, language=language or news_language(digest), send_empty=send_empty
    )
