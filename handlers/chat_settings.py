"""/settings: summary length, number of key quotes, summary language and (in groups) auto mode,
with buttons. Another summary language needs a model server: without one, its button says so."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from handlers.args import number
from handlers.context import NewsbotContext
from handlers.i18n import N_, _, ngettext
from handlers.links import chat_ref, remember_chat
from handlers.permissions import admin_button
from handlers.render import render_settings
from storage.chat_settings import LANGUAGE_CHOICES, QUOTE_CHOICES, SENTENCE_CHOICES, ChatSettings

NEEDS_MODEL = N_(
    "Summaries in another language need a model server (NEWSBOT_LLM_URL): without one they are "
    "extracts, in the article's own language."
)

_SETTINGS = {"s": "sentences", "q": "quotes", "a": "auto"}  # the buttons' callback data


def _mark(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label


def settings_keyboard(settings: ChatSettings, *, group: bool) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _mark(
                    ngettext("{count} sentence", "{count} sentences", n).format(count=n),
                    n == settings.sentences,
                ),
                callback_data=f"settings:s:{n}",
            )
            for n in SENTENCE_CHOICES
        ],
        [
            InlineKeyboardButton(
                _mark(
                    ngettext("{count} quote", "{count} quotes", n).format(count=n),
                    n == settings.quotes,
                ),
                callback_data=f"settings:q:{n}",
            )
            for n in QUOTE_CHOICES
        ],
        [
            InlineKeyboardButton(
                _mark(code or _("Own"), code == (settings.summary_language or "")),
                callback_data=f"settings:l:{code or '-'}",
            )
            for code in LANGUAGE_CHOICES
        ],
    ]
    if group:
        rows.append(
            [
                InlineKeyboardButton(
                    _mark(_("Auto mode on"), settings.auto_summary), callback_data="settings:a:1"
                ),
                InlineKeyboardButton(
                    _mark(_("Auto mode off"), not settings.auto_summary),
                    callback_data="settings:a:0",
                ),
            ]
        )
    return InlineKeyboardMarkup(rows)


async def show_settings(update: Update, context: NewsbotContext) -> None:
    """/settings: the chat's settings, with buttons to change them."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    settings = await remember_chat(context.services, chat)
    group = chat.type != ChatType.PRIVATE
    await message.reply_text(
        render_settings(settings, group=group),
        reply_markup=settings_keyboard(settings, group=group),
    )


async def change_setting(update: Update, context: NewsbotContext) -> None:
    """A settings button: admins only in groups; the message shows the new settings."""
    pressed = await admin_button(update, context)
    if pressed is None:
        return
    query, message = pressed
    parts = (query.data or "").split(":")
    key = parts[1] if len(parts) == 3 else ""
    value = number(parts[2]) if len(parts) == 3 else None
    language = parts[2].replace("-", "") if key == "l" else None
    if value is None and language is None:
        await query.answer()
        return
    chat = message.chat
    services = context.services
    if language is not None:
        if language and not services.articles.translates:
            await query.answer(_(NEEDS_MODEL), show_alert=True)
            return
        settings = await services.chats.choose_language(chat_ref(chat), language)
    else:
        setting = _SETTINGS.get(key, "")
        settings = await services.chats.choose(chat_ref(chat), setting, value or 0)
    if settings is None:
        await query.answer()
        return
    await query.answer(_("Saved."))
    group = chat.type != ChatType.PRIVATE
    try:
        await query.edit_message_text(
            render_settings(settings, group=group),
            reply_markup=settings_keyboard(settings, group=group),
        )
    except BadRequest as exc:  # the same choice again: nothing to change
        if "not modified" not in exc.message.lower():
            raise
