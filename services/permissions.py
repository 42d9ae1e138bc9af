"""Who may do what, as plain rules on Telegram's words (member statuses and chat types are
strings): ``handlers.permissions`` asks Telegram for the facts and applies these.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

PRIVATE, GROUP, SUPERGROUP, CHANNEL = "private", "group", "supergroup", "channel"
OWNER, ADMINISTRATOR, MEMBER, RESTRICTED = "creator", "administrator", "member", "restricted"
LEFT, BANNED = "left", "kicked"
ADMIN_STATUSES = frozenset({OWNER, ADMINISTRATOR})


def is_admin_status(status: str) -> bool:
    """The one admin rule: a chat's owner and its administrators."""
    return status in ADMIN_STATUSES


@dataclass(frozen=True, slots=True)
class Membership:
    """The bot's (or a user's) membership in a chat, as Telegram reports it."""

    status: str
    can_post_messages: bool = False  # channels: an administrator's right to post
    can_send_messages: bool = True  # restricted members: whether they may still write


class PostingProblem(enum.Enum):
    """Why the bot could not post digests in a chat."""

    NOT_A_MEMBER = "not a member"  # unknown to the chat, or left, or banned (channels)
    NOT_CHANNEL_ADMIN = "not an administrator of the channel"
    MAY_NOT_POST = "an administrator without the right to post"
    LEFT = "left or removed"
    RESTRICTED = "restricted"


def posting_problem(chat_type: str, member: Membership | None) -> PostingProblem | None:
    """What keeps the bot from posting in a chat of ``chat_type``; None when nothing does."""
    if member is None:
        return PostingProblem.NOT_A_MEMBER
    if chat_type == CHANNEL:
        if member.status != ADMINISTRATOR:
            return PostingProblem.NOT_CHANNEL_ADMIN
        return None if member.can_post_messages else PostingProblem.MAY_NOT_POST
    if member.status in (LEFT, BANNED):
        return PostingProblem.LEFT
    if member.status == RESTRICTED and not member.can_send_messages:
        return PostingProblem.RESTRICTED
    return None


def pause_reason(chat_type: str, member: Membership) -> str | None:
    """Why a chat's digest pauses after the bot's membership changed to ``member``; None when
    the bot may post there."""
    if member.status in (LEFT, BANNED):
        return "removed from the chat"
    if chat_type == CHANNEL and member.status == ADMINISTRATOR:
        return None if member.can_post_messages else "may not post in the channel"
    if member.status == RESTRICTED and not member.can_send_messages:
        return "may not send messages"
    return None


def may_resume(member: Membership) -> bool:
    """Back in the chat with the right to post: a digest paused for its absence restarts."""
    return member.status in (MEMBER, ADMINISTRATOR)
