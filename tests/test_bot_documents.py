"""PDFs, exports and OPML end to end: the real Application, the fake Bot API (sendDocument,
getFile, downloads), PDFs written with fpdf2 and feeds from a local site."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from summarizer.extract.pdf import PdfLimits
from summarizer.fetch import FetchSettings
from summarizer.pipeline import Pipeline, PipelineSettings
from tests.bot_harness import Bot, Serve, shared_summarizer, start_bot
from tests.fake_bot_api import SentMessage
from tests.pdf_fixtures import ENGLISH, GERMAN, encrypted_pdf, report_pdf, scanned_pdf

ANN, BO = 1001, 1002  # private chats: the chat id is the user's id
PDF_CAP = 300_000  # the tests' PDF cap (links and documents), far above the fixtures' size
HUGE_PDF = b"%PDF-1.7\n" + bytes(PDF_CAP)  # over the cap (never opened)


def pipeline() -> Pipeline:
    fetch = FetchSettings(
        allow_private_addresses=True, total_timeout=5.0, max_bytes=200_000, max_pdf_bytes=PDF_CAP
    )
    settings = PipelineSettings(fetch=fetch, pdf=PdfLimits(max_bytes=PDF_CAP))
    return Pipeline(settings, summarizer=shared_summarizer())


@pytest.fixture
async def bot(serve: Serve, tmp_path: Path) -> AsyncIterator[Bot]:
    async with start_bot(serve, tmp_path / "bot.sqlite3", pipeline=pipeline()) as running:
        yield running


def only(messages: list[SentMessage]) -> SentMessage:
    assert len(messages) == 1, [m.text[:80] for m in messages]
    return messages[0]


# --- PDF links -----------------------------------------------------------------------------------


async def test_a_pdf_link_gets_a_summary_with_quotes_and_speakers(bot: Bot) -> None:
    bot.site.extra["reports/harbour.pdf"] = ("application/pdf", report_pdf(ENGLISH))
    url = bot.url("reports/harbour.pdf")
    reply = only(await bot.say(ANN, f"the annual review: {url}"))

    lines = reply.text.splitlines()
    assert lines[0] == f'<b><a href="{url}">{ENGLISH.heading}</a></b>'
    assert "Northport Harbour Trust" in lines[1]  # the PDF's author
    assert len([line for line in lines if line.startswith("• ")]) == 3
    assert "— <i>Mary Okafor</i>" in reply.text and "— <i>Tom Reyes</i>" in reply.text
    assert "Page 2 of" not in reply.text  # running footers are not article text
    assert [b["text"] for b in reply.buttons()] == ["All quotes", "Longer summary", "Source"]
    assert reply.button("Source")["url"] == url
    assert await bot.services.running.history.count(ANN) == 1
    (quotes,) = await bot.press(reply, "All quotes")
    assert "Mary Okafor" in quotes.text


async def test_a_german_pdf_served_as_a_download_is_read_by_its_signature(bot: Bot) -> None:
    bot.site.extra["bericht"] = ("application/octet-stream", report_pdf(GERMAN))
    reply = only(await bot.say(ANN, bot.url("bericht")))

    assert GERMAN.heading in reply.text.splitlines()[0]
    assert "— <i>Anna Schmidt</i>" in reply.text or "— <i>Thomas Weber</i>" in reply.text
    assert "Seite 2 von" not in reply.text
    entry = await bot.services.running.history.latest(ANN)
    assert entry is not None and entry.title == GERMAN.heading


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (scanned_pdf(), "This PDF has no text layer: its pages look like scanned images"),
        (HUGE_PDF, "This PDF is larger than 292 KB, which is the most I read."),
        (
            encrypted_pdf(report_pdf(ENGLISH), user_password="secret"),
            "This PDF is protected with a password",
        ),
    ],
    ids=["scanned", "too-big", "encrypted"],
)
async def test_pdf_links_that_cannot_be_read_get_a_clear_reply(
    bot: Bot, body: bytes, said: str
) -> None:
    bot.site.extra["x.pdf"] = ("application/pdf", body)
    reply = only(await bot.say(ANN, bot.url("x.pdf")))

    assert said in reply.text
    assert "Sorry, something went wrong" not in reply.text
    assert await bot.services.running.history.count(ANN) == 0


# --- PDF documents ------------------------------------------------------------------------------


async def test_a_pdf_sent_in_a_private_chat_is_summarised_with_working_buttons(bot: Bot) -> None:
    data = report_pdf(ENGLISH)
    update = bot.api.updates.document(ANN, data, filename="review.pdf")
    reply = only(await bot.process(update))

    lines = reply.text.splitlines()
    assert lines[0] == f"<b>{ENGLISH.heading}</b>"  # no link: a document has no address
    assert lines[1].startswith("<i>PDF document · ")
    assert "— <i>Mary Okafor</i>" in reply.text and "— <i>Tom Reyes</i>" in reply.text
    assert reply.reply_to == update["message"]["message_id"]
    assert [b["text"] for b in reply.buttons()] == ["All quotes", "Longer summary"]
    assert bot.api.downloads == ["documents/file_1.pdf"]

    (longer,) = await bot.press(reply, "Longer summary")
    assert longer.text.count("• ") > 3
    (quotes,) = await bot.press(reply, "All quotes")
    assert "Tom Reyes" in quotes.text
    entry = await bot.services.running.history.latest(ANN)
    assert entry is not None and entry.title == ENGLISH.heading
    assert entry.url.startswith("telegram-document:")
    (listing,) = await bot.say(ANN, "/history")
    assert f"1. {ENGLISH.heading} — PDF document" in listing.text
    assert "telegram-document" not in listing.text

    # A reply to the summary finds the document's entry again, from the cache.
    summary = only(await bot.say(ANN, "/summary 1"))
    assert ENGLISH.heading in summary.text


async def test_the_same_pdf_sent_again_is_answered_from_the_cache(bot: Bot) -> None:
    data = report_pdf(GERMAN)
    first = only(await bot.process(bot.api.updates.document(ANN, data, filename="bericht.pdf")))
    loads = bot.services.running.summaries.fetches
    # The same file, forwarded by another user: Telegram gives it the same file_unique_id.
    update = bot.api.updates.document(BO, b"", filename="bericht.pdf")
    update["message"]["document"] = bot.api.files[next(iter(bot.api.files))].document_json()
    again = only(await bot.process(update))

    assert GERMAN.heading in first.text and again.text == first.text
    assert bot.services.running.summaries.fetches == loads
    assert "Anna Schmidt" in first.text or "Thomas Weber" in first.text


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (scanned_pdf(), "This PDF has no text layer"),
        (b"%PDF-1.4 broken", "This PDF is damaged or incomplete"),
    ],
    ids=["scanned", "damaged"],
)
async def test_pdf_documents_that_cannot_be_read_get_a_clear_reply(
    bot: Bot, data: bytes, said: str
) -> None:
    reply = only(await bot.process(bot.api.updates.document(ANN, data, filename="scan.pdf")))

    assert said in reply.text
    assert await bot.services.running.history.count(ANN) == 0


async def test_a_pdf_document_over_the_cap_is_refused_before_downloading(bot: Bot) -> None:
    update = bot.api.updates.document(ANN, HUGE_PDF, filename="huge.pdf")
    reply = only(await bot.process(update))

    assert reply.text == "This PDF is larger than 292 KB, which is the most I read."
    assert bot.api.downloads == []
    assert bot.api.calls_of("getFile") == []


async def test_another_document_in_a_private_chat_gets_a_hint(bot: Bot) -> None:
    update = bot.api.updates.document(
        ANN, b"just some notes", filename="notes.txt", mime_type="text/plain"
    )
    reply = only(await bot.process(update))

    assert "I summarise PDF documents and links" in reply.text
    assert "/feed import" in reply.text
    assert bot.api.downloads == []
