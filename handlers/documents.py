"""Documents sent to the bot in a private chat: a PDF is summarised as a link to it would be.

The file's size is checked against the PDF cap before it is downloaded (Telegram says it in
the message); the PDF is then read from its text layer and summarised through the article
cache, under ``telegram-document:<file_unique_id>`` (the same file sent again is not read
again), recorded in the chat's history, and answered with the usual summary and buttons. Any
other document gets a hint of what the bot reads.
"""

from __future__ import annotations

import logging

from telegram import Document, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.context import NewsbotContext
from handlers.failures import describe
from handlers.i18n import N_, _
from handlers.links import (
    Sharer,
    grant_links,
    record_share,
    remember_chat,
    reply_failure,
    send_summary,
    thread_of,
    typing,
)
from handlers.render import text
from summarizer.extract.pdf import PdfTooLargeError
from summarizer.pipeline import page_from_bytes

logger = logging.getLogger(__name__)

DOCUMENT_URL = "telegram-document:{}"  # the article cache's key of a document sent to the bot
DOCUMENT_HINT = N_(
    "I summarise PDF documents and links to news articles. To import feeds from an OPML file, "
    "send it with the caption /feed import. /help lists everything I can do."
)


def document_url(document: Document) -> str:
    """The address under which a document's article is cached and recorded."""
    return DOCUMENT_URL.format(document.file_unique_id)


async def _too_large(message: Message, cap: int) -> None:
    await message.reply_text(text(describe(PdfTooLargeError.over(cap))))


async def download_document(document: Document, cap: int) -> bytes | None:
    """A document's bytes; None when it is larger than ``cap`` bytes (callers check its
    declared size first: this catches a file whose size Telegram did not say, or one that
    Telegram would not hand over)."""
    try:
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
    except BadRequest as exc:
        if "too big" not in exc.message.lower():
            raise
        return None
    return data if len(data) <= cap else None


async def summarize_pdf(update: Update, context: NewsbotContext) -> None:
    """A PDF sent in a private chat: its summary and key quotes, as for a link to it."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    services = context.services
    cap = services.articles.max_document_bytes
    if document.file_size is not None and document.file_size > cap:
        await _too_large(message, cap)  # refused before downloading
        return
    url = document_url(document)
    sharer = Sharer.of(message)
    granted = await grant_links(services, message, sharer, [url])
    if granted.notice:
        await message.reply_text(granted.notice)
    if not granted.urls:
        return
    settings = await remember_chat(services, message.chat, message)
    async with typing(context.bot, message.chat_id, thread_of(message)):
        data = await download_document(document, cap)
        if data is None:
            await _too_large(message, cap)
            return
        page = page_from_bytes(data, url, document.mime_type)
        try:
            result = await services.articles.for_page(
                page,
                sentences=settings.sentences,
                quotes=settings.quotes,
                language=settings.summary_language,
            )
        except Exception as exc:
            await reply_failure(message, url, exc, False)
            return
    entry_id = await record_share(services, message, result, url, sharer, message.message_id)
    sent = await send_summary(message, result)
    await services.history.set_reply(entry_id, sent.message_id)


async def hint_for_document(update: Update, context: NewsbotContext) -> None:
    """Another document in a private chat (no caption to read): what the bot reads."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(_(DOCUMENT_HINT))


def document_handlers() -> list[BaseHandler[Update, NewsbotContext, None]]:
    """PDFs in private chats, and a hint for other documents there (new messages only)."""
    private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    return [
        MessageHandler(private & filters.Document.PDF, summarize_pdf),
        MessageHandler(private & filters.Document.ALL & ~filters.CAPTION, hint_for_document),
    ]
