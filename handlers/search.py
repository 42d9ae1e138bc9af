"""/search WORDS: this chat's history searched, best first, paged with buttons.

A button's callback data is ``search:<offset>:<query>``: the query's compact form
(``services.search.compact``), or ``#<key>`` for one too long for Telegram's 64 bytes (kept by
the service in the database, so any replica can turn the page). It searches the chat the button
was pressed in, so a forged one reaches no other chat's history; one that does not parse, or
whose query is forgotten (after ``storage.search.QUERY_DAYS`` days unused) or finds nothing any
more, answers "This button has expired."
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from handlers.context import NewsbotContext
from handlers.failures import BUTTON_EXPIRED
from handlers.i18n import N_, _
from handlers.links import edit_pressed
from handlers.render import MAX_MESSAGE, date_text, link, text, utf16_len
from services.search import SearchResults, SearchService
from summarizer.urls import site_of

PREFIX = "search"
MAX_CALLBACK_BYTES = 64
MAX_QUERY_CHARS = 200
MAX_TITLE = 90

# Every text this feature writes, in one place (for the translations to come).
STRINGS = {
    "usage": (
        N_(
            "Use /search WORDS to find articles in this chat's history by their title, summary, "
            "quotes or text, e.g. <code>/search bridge</code>. Accents and case do not matter, and "
            "a word finds the words it begins (<code>bridg</code> finds “bridges”)."
        )
    ),
    "too_long": N_("That search is too long: use at most {limit} characters."),
    "no_words": N_("There are no words to search for in “{query}”: use letters or digits."),
    "empty_history": N_("No articles in this chat's history yet. Send me a link."),
    "no_hits": N_("Nothing in this chat's history matches “{query}”."),
    "head": N_("<b>Search</b> “{query}” <i>({shown} of {total}, best first)</i>"),
    "foot": N_("<i>/summary N or /quotes N shows entry N again.</i>"),
    "previous": N_("« Previous"),
    "next": N_("Next »"),
}


async def _button_query(service: SearchService, chat_id: int, query: str) -> str:
    longest = len(f"{PREFIX}:{10**6}:".encode())
    if query and len(query.encode()) + longest <= MAX_CALLBACK_BYTES:
        return query
    return "#" + await service.remember(chat_id, query)


async def search_keyboard(
    results: SearchResults, service: SearchService, chat_id: int
) -> InlineKeyboardMarkup | None:
    if not (results.has_previous or results.has_next):
        return None  # one page: no button, so no query to keep
    carried = await _button_query(service, chat_id, results.query)
    buttons = []
    if results.has_previous:
        back = max(0, results.offset - results.size)
        buttons.append(
            InlineKeyboardButton(_(STRINGS["previous"]), callback_data=f"{PREFIX}:{back}:{carried}")
        )
    if results.has_next:
        ahead = results.offset + results.size
        buttons.append(
            InlineKeyboardButton(_(STRINGS["next"]), callback_data=f"{PREFIX}:{ahead}:{carried}")
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


def render_results(results: SearchResults, *, limit: int = MAX_MESSAGE) -> str:
    """One page of hits: number in the history, linked title, site and date, a snippet."""
    first = results.offset + 1
    last = results.offset + len(results.found)
    shown = f"{first}" if first == last else f"{first}–{last}"
    head = _(STRINGS["head"]).format(query=text(results.query), shown=shown, total=results.total)
    blocks = []
    for found in results.found:
        hit = found.hit
        title = " ".join(hit.title.split()) or hit.site or hit.url
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        site = hit.site or site_of(hit.url)
        when = date_text(hit.shared_at.date())
        line = f"{hit.number}. {link(hit.url, title)} — {text(site)}, {when}"
        blocks.append(line + (f"\n<i>{text(found.snippet)}</i>" if found.snippet else ""))
    while True:
        message = "\n\n".join([head, *blocks, _(STRINGS["foot"])])
        if utf16_len(message) <= limit or not blocks:
            return message
        blocks.pop()


async def search_command(update: Update, context: NewsbotContext) -> None:
    """/search WORDS: the first page of hits."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(_(STRINGS["usage"]))
        return
    if len(query) > MAX_QUERY_CHARS:
        await message.reply_text(_(STRINGS["too_long"]).format(limit=MAX_QUERY_CHARS))
        return
    service = context.services.search
    results = await service.search(chat.id, query)
    if not results.query:
        await message.reply_text(_(STRINGS["no_words"]).format(query=text(query)))
        return
    if not results.total:
        empty = not await context.services.history.count(chat.id)
        notice = _(STRINGS["empty_history"]) if empty else _(STRINGS["no_hits"])
        await message.reply_text(notice.format(query=text(query)))
        return
    await message.reply_text(
        render_results(results), reply_markup=await search_keyboard(results, service, chat.id)
    )


async def turn_search_page(update: Update, context: NewsbotContext) -> None:
    """Buttons "« Previous" / "Next »": the page edited in place."""
    query = update.callback_query
    if query is None:
        return
    if not isinstance(query.message, Message):  # too old for Telegram to show it
        await query.answer(_(BUTTON_EXPIRED))
        return
    chat_id = query.message.chat_id
    service = context.services.search
    rest = (query.data or "").partition(":")[2]
    raw_offset, _sep, carried = rest.partition(":")
    words = await service.recall(chat_id, carried[1:]) if carried.startswith("#") else carried
    if not raw_offset.isdecimal() or len(raw_offset) > 7 or not words:
        await query.answer(_(BUTTON_EXPIRED))
        return
    results = await service.search(chat_id, words, offset=int(raw_offset))
    if not results.found and results.total:  # beyond the last page now: the first
        results = await service.search(chat_id, words)
    if not results.found:
        await query.answer(_(BUTTON_EXPIRED))
        return
    keyboard = await search_keyboard(results, service, chat_id)
    await edit_pressed(query, render_results(results), keyboard)
