"""/history: this chat's articles, newest first, paged with buttons; /export: all of them as
files."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from handlers.args import looks_like_number, number, shown
from handlers.context import NewsbotContext
from handlers.failures import BUTTON_EXPIRED
from handlers.i18n import N_, _, ngettext
from handlers.links import edit_pressed
from handlers.permissions import ADMINS_ONLY, may_manage
from handlers.render import MAX_MESSAGE, render_history, text, utf16_len
from storage.history import HistoryPage

PAGE_SIZE = 10


def history_keyboard(page: HistoryPage) -> InlineKeyboardMarkup | None:
    offset = page.first_number - 1
    buttons = []
    if offset > 0:
        buttons.append(
            InlineKeyboardButton(
                _("« Newer"), callback_data=f"history:{max(0, offset - PAGE_SIZE)}"
            )
        )
    if offset + len(page.entries) < page.total:
        buttons.append(
            InlineKeyboardButton(_("Older »"), callback_data=f"history:{offset + PAGE_SIZE}")
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def show_history(update: Update, context: NewsbotContext) -> None:
    """/history [page]: one page of the chat's history."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    arg = context.args[0] if context.args else "1"
    wanted = number(arg)
    if not looks_like_number(arg) or wanted == 0:
        await message.reply_text(_("Use /history, or /history N for page N (1 is the newest)."))
        return
    history = context.services.history
    pages = -(-(await history.count(chat.id)) // PAGE_SIZE)  # 0 when empty
    note = ""
    if pages and (wanted is None or wanted > pages):
        said = ngettext(
            "There is no page {number}: the history has {count} page. Here is the last.",
            "There is no page {number}: the history has {count} pages. Here is the last.",
            pages,
        ).format(number=shown(arg), count=pages)
        note = f"<i>{text(said)}</i>"
        note += "\n\n"
        wanted = pages
    offset = ((wanted or 1) - 1) * PAGE_SIZE
    page = await history.page(chat.id, offset=offset, size=PAGE_SIZE)
    listing = render_history(page, limit=MAX_MESSAGE - utf16_len(note))
    await message.reply_text(note + listing, reply_markup=history_keyboard(page))


async def turn_history_page(update: Update, context: NewsbotContext) -> None:
    """Buttons "« Newer" / "Older »": edit the list in place."""
    query = update.callback_query
    if query is None:
        return
    if not isinstance(query.message, Message):  # too old for Telegram to show it
        await query.answer(_(BUTTON_EXPIRED))
        return
    raw = (query.data or "").partition(":")[2]
    offset = number(raw) or 0
    history = context.services.history
    page = await history.page(query.message.chat_id, offset=offset, size=PAGE_SIZE)
    if not page.entries:
        page = await history.page(query.message.chat_id, offset=0, size=PAGE_SIZE)
    # Pressed twice, the page is already shown; on a message that is gone, "expired".
    await edit_pressed(query, render_history(page), history_keyboard(page))


EXPORT_EMPTY = N_("This chat's history is empty, so there is nothing to export. Send me a link.")
EXPORT_FILES = "newsbot-history-{date}.{kind}"


def export_caption(count: int) -> str:
    """The caption of the first file /export sends."""
    return ngettext(
        "This chat's history: {count} article, newest first, with summaries and key quotes. "
        "The same in two formats: JSON Lines and CSV (for spreadsheets).",
        "This chat's history: {count} articles, newest first, with summaries and key quotes. "
        "The same in two formats: JSON Lines and CSV (for spreadsheets).",
        count,
    ).format(count=count)


async def export_history(update: Update, context: NewsbotContext) -> None:
    """/export: the chat's history as a JSON Lines file and a CSV file (in groups, for admins,
    as /feed add is)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if not await may_manage(update, context):
        await message.reply_text(_(ADMINS_ONLY))
        return
    services = context.services
    exported = await services.history.export(chat.id)
    if exported is None:
        await message.reply_text(_(EXPORT_EMPTY))
        return
    date = services.now().date().isoformat()
    await message.reply_document(
        exported.jsonl,
        filename=EXPORT_FILES.format(date=date, kind="jsonl"),
        caption=text(export_caption(exported.count)),
    )
    await message.reply_document(exported.csv, filename=EXPORT_FILES.format(date=date, kind="csv"))
