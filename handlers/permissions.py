"""Who may change a chat: its administrators (in private chats, the user)."""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

ADMINS_ONLY = "Only this chat's administrators can do that."
_ADMINS = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})


async def is_chat_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
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
    return member.status in _ADMINS


async def admin_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[CallbackQuery, Message] | None:
    """A pressed button that only admins may use: the query and its message, or None after
    telling a non-admin (in an alert) that it is not theirs to press."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None
    if not await is_chat_admin(update, context):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return None
    return query, query.message
