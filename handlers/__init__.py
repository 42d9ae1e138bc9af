"""Telegram handlers: thin functions from an update to the pipeline or storage and back.

``register(app)`` is the one place handlers are added. PTB runs, for each update, the first
matching handler of every group, groups in ascending order; within a group the order of
registration decides. The comments below say why each handler sits where it does.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers.ask import ask_command
from handlers.chat_settings import change_setting, show_settings
from handlers.commands import (
    answer_unknown_command,
    auto_command,
    confirm_forget,
    forget_command,
    quotes_command,
    show_help,
    summary_command,
)
from handlers.digest import bookkeeping_handlers, digest_handlers
from handlers.documents import document_handlers
from handlers.failures import report_error
from handlers.feeds import feed_handlers
from handlers.history import export_history, show_history, turn_history_page
from handlers.language import CALLBACK as LANGUAGE_BUTTON
from handlers.language import choose_language, language_button, language_command
from handlers.links import (
    change_length,
    expired_button,
    hint_without_text,
    ignore_bots,
    show_all_quotes,
    summarize_links,
)
from handlers.search import search_command, turn_search_page

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# First of all: the language of the update's texts (handlers.language).
LANGUAGE = -2
# Before everything else: messages written by other bots stop here (see ignore_bots).
GATE = -1
# Group 0 holds everything that answers a user: one update gets at most one answer.
ANSWERS = 0
# Later groups see every update too (whatever group 0 did): bookkeeping such as the digest's
# tracking of the bot's own membership goes there.
BOOKKEEPING = 1


def register(app: AnyApplication) -> None:
    """Add every handler of the bot to ``app``, and the error handler."""
    # Only new messages and channel posts (not edits) are answered: correcting a typo must not
    # summarise twice. In a channel only its admins post, as the channel itself.
    messages = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    app.add_handler(TypeHandler(Update, choose_language), group=LANGUAGE)
    app.add_handler(TypeHandler(Update, ignore_bots), group=GATE)

    # Commands first: a command that holds a link ("/summary https://…") is the command's, not
    # the link handler's, and must not be answered twice.
    app.add_handlers(
        [
            CommandHandler(["start", "help"], show_help, filters=messages),
            CommandHandler("summary", summary_command, filters=messages),
            CommandHandler("quotes", quotes_command, filters=messages),
            CommandHandler("ask", ask_command, filters=messages),
            CommandHandler("history", show_history, filters=messages),
            CommandHandler("export", export_history, filters=messages),
            CommandHandler("search", search_command, filters=messages),
            CommandHandler("settings", show_settings, filters=messages),
            CommandHandler("auto", auto_command, filters=messages),
            CommandHandler("forget", forget_command, filters=messages),
            CommandHandler("language", language_command, filters=messages),
            CallbackQueryHandler(language_button, pattern=LANGUAGE_BUTTON),
        ],
        group=ANSWERS,
    )

    # Extension point: the digest feature registers its commands here, in group ANSWERS,
    # before the link handler (so "/feed add https://…" is not taken for a shared link), and
    # its bookkeeping handlers in group BOOKKEEPING.
    app.add_handlers([*digest_handlers(), *feed_handlers()], group=ANSWERS)
    app.add_handlers(bookkeeping_handlers(), group=BOOKKEEPING)

    # Documents in private chats (a PDF is summarised), before the link handler: a PDF's
    # caption is not a message with links. (An OPML file captioned "/feed import" is the feed
    # handlers', above.)
    app.add_handlers(document_handlers(), group=ANSWERS)

    # Buttons, by the prefix of their callback data (one prefix per feature).
    app.add_handlers(
        [
            CallbackQueryHandler(show_all_quotes, pattern=r"^quotes:\d+$"),
            CallbackQueryHandler(change_length, pattern=r"^(longer|shorter):\d+$"),
            CallbackQueryHandler(turn_history_page, pattern=r"^history:\d+$"),
            CallbackQueryHandler(turn_search_page, pattern=r"^search:"),
            CallbackQueryHandler(
                change_setting, pattern=r"^settings:(?:[a-z]:\d+|l:(?:[a-z]{2}|-))$"
            ),
            CallbackQueryHandler(confirm_forget, pattern=r"^forget:(yes|no)$"),
            # Any other button (forged, or from an older version): answered as expired.
            CallbackQueryHandler(expired_button),
        ],
        group=ANSWERS,
    )

    # Last in its group: any other text or caption. It decides itself whether to answer
    # (private chat, mention, reply to the bot, auto mode), because those rules need the bot's
    # identity and the chat's settings, which filters do not know.
    app.add_handler(
        MessageHandler(
            messages & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, summarize_links
        ),
        group=ANSWERS,
    )

    # Nothing above answered: an unknown command (private chats, or naming this bot in a group),
    # then, in private chats, a message with nothing to read (a sticker, a photo without a
    # caption). A private chat never goes unanswered.
    app.add_handlers(
        [
            MessageHandler(messages & filters.COMMAND, answer_unknown_command),
            MessageHandler(
                messages & filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL,
                hint_without_text,
            ),
        ],
        group=ANSWERS,
    )

    # Whatever a handler did not catch: logged with its traceback; the user gets an apology.
    app.add_error_handler(report_error)
