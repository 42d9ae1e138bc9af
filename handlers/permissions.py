"""Who may change a chat: its administrators (in private chats, the user).

The rule itself (owner or administrator) is ``services.permissions.is_admin_status``; this
module asks Telegram who the sender is and what they are in the chat.
"""

from __future__ import annotations

from telegram import Bot, CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from handlers.context import NewsbotContext
from handlers.i18n import N_, _
from services.permissions import is_admin_status

ADMINS_ONLY = N_("Only this chat's administrators can do that.")  # translated where sent


async def is_chat_admin(update: Update, context: NewsbotContext) -> bool:
    """Whether the update's sender administers the chat (anonymous admins included)."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    # An anonymous admin posts as the group itself; a channel posts as itself.
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    user = update.effective_user
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return is_admin_status(member.status)


async def is_admin(bot: Bot, chat_id: int | str, user_id: int) -> bool:
    """Whether the user administers a chat other than the one the update came from (a chat or
    user Telegram does not know: no)."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except BadRequest:
        return False
    return is_admin_status(member.status)


async def may_manage(update: Update, context: NewsbotContext) -> bool:
    """Whether the sender may change this chat's digest, feeds and filters: its admins (an
    anonymous admin or a channel posting as the chat counts), or the user in a private chat."""
    try:
        return await is_chat_admin(update, context)
    except BadRequest:
        return False


async def admin_button(
    update: Update, context: NewsbotContext
) -> tuple[CallbackQuery, Message] | None:
    """A pressed button that only admins may use: the query and its message, or None after
    telling a non-admin (in an alert) that it is not theirs to press."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None
    if not await is_chat_admin(update, context):
        await query.answer(_(ADMINS_ONLY), show_alert=True)
        return None
    return query, query.message
