"""/history: this chat's articles, newest first, paged with buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from handlers.context import services_of
from handlers.render import render_history
from storage.history import HistoryPage

PAGE_SIZE = 10


def history_keyboard(page: HistoryPage) -> InlineKeyboardMarkup | None:
    offset = page.first_number - 1
    buttons = []
    if offset > 0:
        buttons.append(
            InlineKeyboardButton("« Newer", callback_data=f"history:{max(0, offset - PAGE_SIZE)}")
        )
    if offset + len(page.entries) < page.total:
        buttons.append(
            InlineKeyboardButton("Older »", callback_data=f"history:{offset + PAGE_SIZE}")
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def show_history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/history [page]: one page of the chat's history."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    number = context.args[0] if context.args else "1"
    offset = (int(number) - 1) * PAGE_SIZE if number.isdigit() and int(number) > 0 else 0
    page = await services_of(context).history.page(chat.id, offset=offset, size=PAGE_SIZE)
    if not page.entries and page.total:
        page = await services_of(context).history.page(chat.id, offset=0, size=PAGE_SIZE)
    await message.reply_text(render_history(page), reply_markup=history_keyboard(page))


async def turn_history_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons "« Newer" / "Older »": edit the list in place."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    _, _, raw = (query.data or "").partition(":")
    offset = int(raw) if raw.isdigit() else 0
    history = services_of(context).history
    page = await history.page(query.message.chat_id, offset=offset, size=PAGE_SIZE)
    if not page.entries:
        page = await history.page(query.message.chat_id, offset=0, size=PAGE_SIZE)
    await query.answer()
    try:
        await query.edit_message_text(render_history(page), reply_markup=history_keyboard(page))
    except BadRequest as exc:  # pressed twice: the page is already shown
        if "not modified" not in exc.message.lower():
            raise
