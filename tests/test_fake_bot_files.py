"""Files through the fake Bot API with a real PTB Application: sendDocument (multipart), getFile,
file downloads; and the PDF, OPML and export building blocks carried over them the way the
handlers will (a PDF sent in a private chat is read and summarised; files are sent back)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientSession, web
from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from storage.export import ExportRow, to_csv
from summarizer.errors import ExtractionError
from summarizer.opml import OpmlFeed, parse_opml, write_opml
from summarizer.pipeline import Pipeline, page_from_bytes
from summarizer.summarizers import build_summarizer
from tests.fake_bot_api import MAX_DOWNLOAD_BYTES, FakeBotAPI
from tests.pdf_fixtures import ENGLISH, report_pdf, scanned_pdf

os.environ.setdefault("PTB_TIMEDELTA", "1")
Serve = Callable[[web.Application], Awaitable[str]]
AnyApp = Application[Any, Any, Any, Any, Any, Any]
USER = 4242


@pytest.fixture
async def bot(serve: Serve) -> AsyncIterator[tuple[FakeBotAPI, AnyApp, str]]:
    api = FakeBotAPI()
    base = await serve(api.app())
    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .updater(None)
        .build()
    )
    await app.initialize()
    yield api, app, base
    await app.shutdown()


async def test_send_document_keeps_the_bytes_and_file_name(
    bot: tuple[FakeBotAPI, AnyApp, str],
) -> None:
    api, app, _ = bot
    data = "title,url\r\nGrüße,https://x.example/\r\n".encode()
    message = await app.bot.send_document(
        USER, document=data, filename="history.csv", caption="Your <b>history</b>"
    )
    (sent,) = api.documents_to(USER)
    assert sent.data == data and sent.filename == "history.csv"
    assert sent.mime_type == "text/csv"
    assert sent.caption == "Your <b>history</b>" and sent.parse_mode == "HTML"
    assert message.document is not None and message.document.file_name == "history.csv"
    assert message.document.file_size == len(data)
    assert message.caption == "Your history"  # Telegram's reading of the HTML
    # Sent again by its file_id, without uploading.
    again = await app.bot.send_document(-100, document=message.document.file_id)
    assert again.document is not None and again.document.file_id == message.document.file_id
    assert api.documents_to(-100)[0].data == data


async def test_large_uploads_and_file_objects(bot: tuple[FakeBotAPI, AnyApp, str]) -> None:
    api, app, _ = bot
    big = os.urandom(3 * 1024 * 1024)  # over aiohttp's default 1 MiB request cap
    await app.bot.send_document(USER, document=io.BytesIO(big), filename="big.bin")
    assert api.documents[-1].data == big


async def test_bad_documents_are_refused_as_telegram_does(
    bot: tuple[FakeBotAPI, AnyApp, str],
) -> None:
    _, app, _ = bot
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await app.bot.send_document(USER, document="no-such-file-id")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await app.bot.send_document(USER, document=b"x", filename="x.txt", caption="x" * 1025)


async def test_a_file_a_user_sent_is_downloaded(bot: tuple[FakeBotAPI, AnyApp, str]) -> None:
    api, app, base = bot
    pdf = report_pdf(ENGLISH)
    got: list[bytes] = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.document is not None
        file = await message.document.get_file()
        got.append(bytes(await file.download_as_bytearray()))
        await message.reply_text(f"{message.document.file_name}: {file.file_size} bytes")

    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    update = api.updates.document(USER, pdf, filename="report.pdf", caption="Read this")
    await app.process_update(Update.de_json(update, app.bot))
    assert got == [pdf]
    reply = await api.wait_for_message(lambda m: m.chat_id == USER)
    assert reply.text == f"report.pdf: {len(pdf)} bytes"
    assert api.downloads == ["documents/file_1.pdf"]
    # The caption and its entities are where Telegram puts them.
    assert update["message"]["caption"] == "Read this" and "text" not in update["message"]
    # Only the bot's token opens the file URL, and only known paths exist.
    async with ClientSession() as http:
        for path in ("/file/botWRONG/documents/file_1.pdf", f"/file/bot{api.token}/nope"):
            async with http.get(base + path) as response:
                assert response.status == 404


async def test_get_file_limits(bot: tuple[FakeBotAPI, AnyApp, str]) -> None:
    api, app, _ = bot
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await app.bot.get_file("nothing")
    huge = api.add_file(b"\0" * (MAX_DOWNLOAD_BYTES + 1), filename="huge.pdf")
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await app.bot.get_file(huge.file_id)


async def test_injected_failures_apply_to_files_too(bot: tuple[FakeBotAPI, AnyApp, str]) -> None:
    api, app, _ = bot
    api.fail("sendDocument", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden, match="blocked"):
        await app.bot.send_document(USER, document=b"x", filename="x.txt")
    assert api.documents == []


# ----------------------------------------------------------------- the building blocks, carried


async def test_a_pdf_sent_in_a_private_chat_is_summarized_and_files_go_back(
    bot: tuple[FakeBotAPI, AnyApp, str],
) -> None:
    """What the handlers will do, with the real pieces: download the PDF, read it with the
    pipeline, reply; answer /export and /feed export with files."""
    api, app, _ = bot
    pipeline = Pipeline(summarizer=build_summarizer(None))

    async def on_pdf(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.document is not None
        data = await (await message.document.get_file()).download_as_bytearray()
        name = message.document.file_name or "document.pdf"
        page = page_from_bytes(bytes(data), f"tg://document/{name}", message.document.mime_type)
        try:
            article = await pipeline.extract(page)
        except ExtractionError as err:
            await message.reply_text(str(err))
            return
        result = await pipeline.summarize(article)
        quotes = [f"“{q.text}” — {q.speaker}" for q in result.quotes]
        await message.reply_text("\n".join([article.title, *result.summary, *quotes]))
        rows = [ExportRow(article.title, page.url, dt.datetime(2026, 3, 2, tzinfo=dt.UTC))]
        await message.reply_document(to_csv(rows), filename="history.csv")
        feeds = [OpmlFeed("https://harbour.example/feed", "Harbour & Co")]
        await message.reply_document(write_opml(feeds, title="Feeds"), filename="feeds.opml")

    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.Document.PDF, on_pdf))
    try:
        for data in (report_pdf(ENGLISH), scanned_pdf()):
            update = api.updates.document(USER, data, filename="report.pdf")
            await app.process_update(Update.de_json(update, app.bot))
    finally:
        await pipeline.close()
    summary, scan = api.sent(USER)
    assert summary.text.startswith(ENGLISH.heading)
    assert "— Mary Okafor" in summary.text and "— Tom Reyes" in summary.text
    assert "no text layer" in scan.text
    history, opml = api.documents_to(USER)
    assert (history.filename, opml.filename) == ("history.csv", "feeds.opml")
    _, row = list(csv.reader(io.StringIO(history.data.decode("utf-8-sig"))))
    assert row[3] == ENGLISH.heading and row[4] == "tg://document/report.pdf"
    assert [f.title for f in parse_opml(opml.data).feeds] == ["Harbour & Co"]
