"""The language the bot writes in: chosen per update, and changed with /language.

``choose_language`` runs before every other handler (its own group): the chat's ``/language``
choice, else the Telegram user's ``language_code`` (``pt-BR`` -> ``pt``; a language without a
catalogue: the next rule), else English. Channel posts and callback-less jobs have no user: the
chat's choice, else English. The texts themselves are ``handlers.i18n``'s.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.context import NewsbotContext
from handlers.i18n import LANGUAGES, NATIVE_NAMES, _, normalise, resolve, set_language
from handlers.links import chat_ref
from handlers.permissions import ADMINS_ONLY, admin_button, may_manage
from handlers.render import text

# What /language takes to clear the chat's choice.
AUTO_WORDS = ("auto", "default", "reset", "off", "-")
CALLBACK = r"^language:(?:[a-z]{2}|auto)$"


async def choose_language(update: object, context: NewsbotContext) -> None:
    """Before any answer: the language of this update's texts (see the module)."""
    if not isinstance(update, Update):
        return
    chat, user = update.effective_chat, update.effective_user
    chosen = None
    if chat is not None:
        chosen = (await context.services.chats.settings_of(chat.id)).interface_language
    set_language(resolve(chosen, user.language_code if user is not None else None))


def _codes() -> str:
    return ", ".join(LANGUAGES)


def _keyboard(chosen: str | None) -> InlineKeyboardMarkup:
    def mark(label: str, on: bool) -> str:
        return f"✓ {label}" if on else label

    row = [
        InlineKeyboardButton(
            mark(NATIVE_NAMES[code], code == chosen), callback_data=f"language:{code}"
        )
        for code in LANGUAGES
    ]
    auto = InlineKeyboardButton(
        mark(_("Each person's own"), chosen is None), callback_data="language:auto"
    )
    return InlineKeyboardMarkup([row[:3], row[3:], [auto]])


def _state(chosen: str | None) -> str:
    if chosen is None:
        said = _(
            "No language is chosen here: I write in each person's Telegram language, or in "
            "English when I don't speak it."
        )
    else:
        said = _("Here I write in {language}.").format(language=NATIVE_NAMES[chosen])
    more = _(
        "Choose with /language CODE ({codes}), or /language auto to go back to each person's "
        "language. In groups and channels only admins can choose."
    ).format(codes=_codes())
    return f"{said}\n{more}"


def _saved(chosen: str | None) -> str:
    if chosen is None:
        return _("From now on I write in each person's Telegram language here.")
    return _("From now on I write in {language} here.").format(language=NATIVE_NAMES[chosen])


async def language_command(update: Update, context: NewsbotContext) -> None:
    """/language [CODE | auto]: show or change the language the bot writes in here."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    services = context.services
    args = context.args or []
    current = (await services.chats.settings_of(chat.id)).interface_language
    if not args:
        await message.reply_text(text(_state(normalise(current))), reply_markup=_keyboard(current))
        return
    word = args[0].strip().lower()
    if word in AUTO_WORDS:
        chosen = None
    else:
        chosen = normalise(word)
        if chosen is None:
            said = _("I don't speak {code}. Choose one of: {codes}.").format(
                code=args[0][:20], codes=_codes()
            )
            await message.reply_text(text(said), reply_markup=_keyboard(current))
            return
    if not await may_manage(update, context):
        await message.reply_text(_(ADMINS_ONLY))
        return
    await services.chats.choose_interface_language(chat_ref(chat, message), chosen or "")
    user = update.effective_user
    set_language(resolve(chosen, user.language_code if user is not None else None))
    await message.reply_text(text(_saved(chosen)))


async def language_button(update: Update, context: NewsbotContext) -> None:
    """A /language button (admins only in groups and channels)."""
    pressed = await admin_button(update, context)
    if pressed is None:
        return
    query, message = pressed
    code = (query.data or "").partition(":")[2]
    chosen = None if code == "auto" else normalise(code)
    if chosen is None and code != "auto":
        await query.answer()
        return
    await context.services.chats.choose_interface_language(chat_ref(message.chat), chosen or "")
    user = update.effective_user
    set_language(resolve(chosen, user.language_code if user is not None else None))
    await query.answer(_saved(chosen))
    await query.edit_message_text(text(_state(chosen)), reply_markup=_keyboard(chosen))
