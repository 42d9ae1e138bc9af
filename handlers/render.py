"""Results as Telegram HTML: escaped, and split under 4,096 characters at sentence boundaries.

Everything that comes from the web (titles, sentences, quotes, speakers, site names, URLs) goes
through :func:`text` or :func:`attr` before it meets markup. A reply is built from
:class:`Block` values (markup around plain text); :func:`pack` fills messages with whole blocks
and splits a block that alone is too long between sentences, then between words, keeping its
markup around each piece, so no tag is ever cut in half.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date, format_datetime

from handlers.i18n import N_, _, current, ngettext
from storage.chat_settings import ChatSettings
from storage.history import HistoryEntry, HistoryPage
from summarizer.quotes import display_text
from summarizer.sentences import sentence_pieces
from summarizer.types import ArticleSummary, Quote
from summarizer.urls import site_of, strip_controls

MAX_MESSAGE = 4096  # Telegram's limit for one text message
MAX_QUOTES = 10  # /quotes and the "all quotes" button


def text(value: str) -> str:
    """Web text (or a user's) made safe for Telegram HTML, control characters removed."""
    return html.escape(strip_controls(value), quote=False)


def attr(value: str) -> str:
    """A value made safe inside an HTML attribute (``href="…"``)."""
    return html.escape(strip_controls(value, keep=""), quote=True)


def link(url: str, label: str) -> str:
    return f'<a href="{attr(url)}">{text(label)}</a>'


# Where an article that is no web page came from (a PDF sent to the bot, kept under a
# ``telegram-document:`` address that Telegram would not take as a link).
DOCUMENT_SOURCE = N_("PDF document")


# A short article (too little text to summarise) is shown in full, under this line.
SHORT_PAGE = N_("The page has only a little text, so here it is in full.")
SHORT_DOCUMENT = N_("The document has only a little text, so here it is in full.")


def is_web_url(url: str) -> bool:
    """Whether ``url`` is a web address, which a link or a button may point to."""
    return url.lower().startswith(("http://", "https://"))


def utf16_len(value: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(value.encode("utf-16-le")) // 2


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of a message: ``before + escape(plain) + after``.

    Only ``plain`` is split when the block is too long for one message."""

    plain: str = ""
    before: str = ""
    after: str = ""

    def html(self) -> str:
        return self.before + text(self.plain) + self.after


def raw(markup: str) -> Block:
    """A block of ready-made (already escaped) markup, never split."""
    return Block(before=markup)


def _fit(piece: str, room: int) -> list[str]:
    """Cut one sentence that is too long at spaces, and hard-cut a word longer than ``room``."""
    out: list[str] = []
    current = ""
    for word in re.split(r"(?<=\s)", piece):
        while utf16_len(text(word)) > room:  # one enormous "word": cut it anywhere
            cut = room
            while utf16_len(text(word[:cut])) > room:
                cut -= 1
            if current:
                out.append(current)
                current = ""
            out.append(word[:cut])
            word = word[cut:]
        if utf16_len(text(current + word)) > room:
            out.append(current)
            current = word
        else:
            current += word
    if current:
        out.append(current)
    return [o for o in out if o]


def _split_block(block: Block, limit: int) -> list[str]:
    """A block too long for one message, as several, each within ``limit``."""
    room = limit - utf16_len(block.before) - utf16_len(block.after)
    if room < 20:
        raise ValueError("a block's markup leaves no room for its text")
    parts: list[str] = []
    current = ""
    for sentence in sentence_pieces(block.plain):
        pieces = [sentence] if utf16_len(text(sentence)) <= room else _fit(sentence, room)
        for piece in pieces:
            if current and utf16_len(text(current + piece)) > room:
                parts.append(current)
                current = ""
            current += piece
    if current:
        parts.append(current)
    return [block.before + text(p.strip()) + block.after for p in parts if p.strip()]


def pack(blocks: Iterable[Block], *, limit: int = MAX_MESSAGE, sep: str = "\n") -> list[str]:
    """Messages of at most ``limit`` UTF-16 units, filled with whole blocks in order."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        rendered = block.html()
        pieces = [rendered] if utf16_len(rendered) <= limit else _split_block(block, limit)
        for piece in pieces:
            length = utf16_len(piece)
            extra = length + (utf16_len(sep) if current else 0)
            if current and size + extra > limit:
                messages.append(sep.join(current))
                current, size = [], 0
                extra = length
            current.append(piece)
            size += extra
    if current:
        messages.append(sep.join(current))
    return [m.strip("\n") for m in messages if m.strip()]


# --- pieces -------------------------------------------------------------------------------------


def date_text(value: dt.date) -> str:
    """``2 March 2026``, ``2. März 2026``, ``2 марта 2026 г.``: the month in words, in the
    current language (unambiguous in every locale)."""
    language = current()
    return format_date(value, format="long", locale="en_GB" if language == "en" else language)


def date_time_text(value: dt.datetime) -> str:
    """``Tue 03 Mar, 08:00`` in the current language (a digest's next time, in its zone)."""
    language = current()
    if language == "en":
        return value.strftime("%a %d %b, %H:%M")
    return format_datetime(value, "EEE d MMM, HH:mm", tzinfo=value.tzinfo, locale=language)


def language_label(code: str) -> str:
    """A language's name in the current language (``de`` -> ``German``, ``allemand``)."""
    try:
        name = Locale.parse(current()).languages.get(code)
    except ValueError:
        name = None
    return str(name) if name else code


def quote_line(quote: Quote) -> Block:
    """“…” — Speaker (or the quote alone when nobody is named)."""
    speaker = f" — <i>{text(quote.speaker)}</i>" if quote.speaker else ""
    return Block(display_text(quote.text, quote.partial), before="“", after="”" + speaker)


def headline(summary: ArticleSummary) -> list[Block]:
    """Title as a link, then site and date."""
    article = summary.article
    url = article.canonical_url or article.url
    web = is_web_url(url)
    meta = [article.site or site_of(url) if web else _(DOCUMENT_SOURCE)]
    if article.published:
        meta.append(date_text(article.published))
    if article.author:
        meta.append(article.author)
    title = article.title.strip() or (url if web else _(DOCUMENT_SOURCE))
    opening, closing = (f'<b><a href="{attr(url)}">', "</a></b>") if web else ("<b>", "</b>")
    return [
        Block(title, before=opening, after=closing),
        Block(" · ".join(m for m in meta if m), before="<i>", after="</i>"),
    ]


# --- replies ------------------------------------------------------------------------------------


def render_summary(summary: ArticleSummary, *, note: str | None = None) -> list[str]:
    """The reply to a link: headline, summary bullets, key quotes. A short article (too little
    text to summarise) gets its whole text instead of bullets, with a line that says so."""
    blocks = headline(summary)
    if note:
        blocks.append(raw(f"<i>{note}</i>"))
    blocks.append(raw(""))
    article = summary.article
    if article.short:
        web_page = is_web_url(article.canonical_url or article.url) and not article.document
        said = SHORT_PAGE if web_page else SHORT_DOCUMENT
        blocks.append(raw("<i>" + _(said) + "</i>"))
        blocks.extend(Block(p.strip()) for p in article.paragraphs if p.strip())
    elif summary.summary:
        blocks.extend(Block(s.strip(), before="• ") for s in summary.summary)
    else:
        blocks.append(raw("<i>" + _("No summary: the article is too short.") + "</i>"))
    quotes = [q for q in summary.quotes if display_text(q.text)]
    if quotes:
        blocks.append(raw(""))
        blocks.append(raw("<b>" + _("Key quotes") + "</b>"))
        blocks.extend(quote_line(q) for q in quotes)
    return pack(blocks)


def quotes_for_listing(summary: ArticleSummary, limit: int = MAX_QUOTES) -> list[Quote]:
    """Up to ``limit`` quotes, attributed ones first, full quotes before partial ones (`called
    it "a mess"`) among each, each group in the article's order."""
    pool = [q for q in summary.all_quotes or summary.quotes if display_text(q.text)]
    return sorted(pool, key=lambda q: (not q.speaker, q.partial))[:limit]


def render_quotes(summary: ArticleSummary, limit: int = MAX_QUOTES) -> list[str]:
    """/quotes: up to ``limit`` attributed quotes, or a clear "no direct quotes"."""
    blocks = headline(summary)[:1]
    chosen = quotes_for_listing(summary, limit)
    if not chosen:
        blocks.append(raw(_("No direct quotes in this article.")))
        return pack(blocks)
    total = len(summary.all_quotes) or len(summary.quotes)
    if total > len(chosen):
        label = _("Quotes ({shown} of {total})").format(shown=len(chosen), total=total)
    else:
        label = _("Quotes")
    blocks.append(raw(f"<i>{label}</i>"))
    blocks.append(raw(""))
    for number, quote in enumerate(chosen, 1):
        line = quote_line(quote)
        blocks.append(Block(line.plain, before=f"{number}. " + line.before, after=line.after))
    return pack(blocks, sep="\n")


MAX_LISTED_TITLE = 120  # characters of a title in /history


def render_history(page: HistoryPage, *, limit: int = MAX_MESSAGE) -> str:
    """/history: one page, newest first: number, title, site, date, who shared it.

    Always one message: titles are shortened, and if very long URLs still make the page too
    long, the longest links are left out (their titles stay)."""
    if page.total == 0:
        return _("No articles in this chat's history yet. Send me a link.")
    last = page.first_number + len(page.entries) - 1
    shown = f"{last}" if last == page.first_number else f"{page.first_number}–{last}"
    head = (
        "<b>"
        + _("History")
        + "</b> <i>"
        + _("({shown} of {total}, newest first)").format(shown=shown, total=page.total)
        + "</i>"
    )
    foot = "\n\n<i>" + _("/summary N or /quotes N shows entry N again.") + "</i>"
    numbered = list(enumerate(page.entries, page.first_number))
    linked = {number for number, _entry in numbered}
    longest_first = sorted(numbered, key=lambda item: -len(item[1].canonical_url))
    for unlink in [None, *(number for number, _entry in longest_first)]:
        linked.discard(unlink)
        lines = [history_line(n, e, linked=n in linked) for n, e in numbered]
        message = "\n".join([head, *lines]) + foot
        if utf16_len(message) <= limit:
            break
    return message


def history_line(number: int, entry: HistoryEntry, *, linked: bool = True) -> str:
    web = is_web_url(entry.canonical_url)
    site = entry.site or site_of(entry.canonical_url) if web else _(DOCUMENT_SOURCE)
    when = date_text(entry.published) if entry.published else date_text(entry.shared_at.date())
    who = (
        _(", shared by {name}").format(name=text(entry.shared_by_name))
        if entry.shared_by_name
        else ""
    )
    title = " ".join(entry.title.split()) or site or entry.canonical_url
    if len(title) > MAX_LISTED_TITLE:
        title = title[: MAX_LISTED_TITLE - 1].rstrip() + "…"
    shown = link(entry.canonical_url, title) if linked and web else text(title)
    return f"{number}. {shown} — {text(site)}, {when}{who}"


def render_settings(settings: ChatSettings, *, group: bool) -> str:
    lines = [
        "<b>" + _("Settings for this chat") + "</b>",
        ngettext(
            "Summary length: {n} sentence", "Summary length: {n} sentences", settings.sentences
        ).format(n=settings.sentences),
        _("Key quotes: {n}").format(n=settings.quotes)
        if settings.quotes
        else _("Key quotes: none"),
    ]
    if settings.summary_language:
        lines.append(
            _("Summary language: {language}").format(
                language=language_label(settings.summary_language)
            )
        )
    else:
        lines.append(_("Summary language: each article's own"))
    if group:
        if settings.auto_summary:
            lines.append(_("Auto mode: on (every link is summarised)"))
        else:
            lines.append(_("Auto mode: off (only when asked)"))
    lines.append("")
    tap = _("Admins can tap to change.") if group else _("Tap to change.")
    lines.append(f"<i>{tap}</i>")
    return "\n".join(lines)
