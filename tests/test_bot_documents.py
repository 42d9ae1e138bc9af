"""PDFs, exports and OPML end to end: the real Application, the fake Bot API (sendDocument,
getFile, downloads), PDFs written with fpdf2 and feeds from a local site."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.i18n import _, using
from storage.feeds import MAX_FEEDS_PER_CHAT
from summarizer.extract.pdf import PdfLimits
from summarizer.fetch import FetchSettings
from summarizer.opml import MAX_OPML_BYTES, parse_opml
from summarizer.pipeline import Pipeline, PipelineSettings
from tests.bot_harness import Bot, Serve, shared_summarizer, start_bot
from tests.fake_bot_api import SentMessage
from tests.pdf_fixtures import (
    ENGLISH,
    GERMAN,
    encrypted_pdf,
    lines_pdf,
    report_pdf,
    scanned_pdf,
)

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


async def test_a_short_pdf_link_is_called_a_document_in_the_reply_and_from_the_cache(
    bot: Bot,
) -> None:
    """A PDF with a few lines of text has an address like a page, but it is a document."""
    lines = [
        "Harbour notice",
        "The harbour ferry will not run on Sunday",
        "because of the storm warning, the trust said.",
    ]
    bot.site.extra["notice.pdf"] = ("application/pdf", lines_pdf([lines]))
    url = bot.url("notice.pdf")
    reply = only(await bot.say(ANN, url))

    said = "<i>The document has only a little text, so here it is in full.</i>"
    assert said in reply.text.splitlines()
    assert "storm warning" in reply.text
    again = only(await bot.say(ANN, "/summary 1"))  # from the history and the cache
    assert said in again.text.splitlines()
    assert bot.site.hits["notice.pdf"] == 1


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
        (HUGE_PDF, "This PDF is larger than 292 kB, which is the most I read."),
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


async def test_a_pdf_document_with_a_little_text_is_shown_in_full(bot: Bot) -> None:
    data = lines_pdf([["Notice", "The harbour office is closed on Friday."]], title="Notice")
    reply = only(await bot.process(bot.api.updates.document(ANN, data, filename="notice.pdf")))

    lines = reply.text.splitlines()
    assert lines[0] == "<b>Notice</b>"
    assert "<i>The document has only a little text, so here it is in full.</i>" in lines
    assert lines[-1].endswith("The harbour office is closed on Friday.")  # the whole text
    assert [b["text"] for b in reply.buttons()] == ["All quotes"]
    assert await bot.services.running.history.count(ANN) == 1


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

    assert reply.text == "This PDF is larger than 292 kB, which is the most I read."
    assert bot.api.downloads == []
    assert bot.api.calls_of("getFile") == []


@pytest.mark.parametrize(
    ("language", "size"), [("fr", "292\u202fko"), ("ru", "292 кБ"), ("de", "292 kB")]
)
async def test_the_pdf_cap_is_written_in_the_readers_units(
    bot: Bot, language: str, size: str
) -> None:
    bot.api.user_languages[ANN] = language
    update = bot.api.updates.document(ANN, HUGE_PDF, filename="huge.pdf")
    reply = only(await bot.process(update))

    with using(language):
        expected = _("This PDF is larger than {size}, which is the most I read.")
    assert expected != "This PDF is larger than {size}, which is the most I read."
    assert reply.text == expected.format(size=size)


async def test_another_document_in_a_private_chat_gets_a_hint(bot: Bot) -> None:
    update = bot.api.updates.document(
        ANN, b"just some notes", filename="notes.txt", mime_type="text/plain"
    )
    reply = only(await bot.process(update))

    assert "I summarise PDF documents and links" in reply.text
    assert "/feed import" in reply.text
    assert bot.api.downloads == []


# --- /export -------------------------------------------------------------------------------------

GROUP = -100777
ADMIN, MEMBER = ANN, BO


def in_group(bot: Bot) -> None:
    bot.api.add_chat(GROUP, "supergroup", title="Hafen & Harbour")
    bot.api.set_member(GROUP, ADMIN, "administrator")
    bot.api.set_member(GROUP, MEMBER, "member")


async def test_export_sends_the_history_as_json_lines_and_csv(bot: Bot) -> None:
    await bot.say(ANN, bot.url("news/ferry.html"))
    await bot.process(bot.api.updates.document(ANN, report_pdf(GERMAN), filename="bericht.pdf"))
    replies = await bot.say(ANN, "/export")

    assert replies == []  # files, not messages
    jsonl, table = bot.api.documents_to(ANN)
    assert jsonl.filename is not None and jsonl.filename.endswith(".jsonl")
    assert table.filename is not None and table.filename.endswith(".csv")
    assert "This chat's history: 2 articles" in jsonl.caption
    records = [json.loads(line) for line in jsonl.data.decode().splitlines()]
    assert [r["number"] for r in records] == [1, 2]
    german, ferry = records
    assert german["title"] == GERMAN.heading and german["url"].startswith("telegram-document:")
    assert german["shared_by"] == f"User{ANN}" and german["shared_at"].endswith("Z")
    assert len(german["summary"]) == 3
    speakers = {q["speaker"] for q in german["quotes"]}
    assert speakers & {"Anna Schmidt", "Thomas Weber"}
    assert "Ferry workers" in ferry["title"] and ferry["url"] == bot.url("news/ferry.html")
    assert ferry["summary"] and ferry["quotes"]

    rows = list(csv.reader(io.StringIO(table.data.decode("utf-8-sig"), newline="")))
    assert rows[0][:5] == ["number", "shared_at", "shared_by", "title", "url"]
    assert [row[3] for row in rows[1:]] == [german["title"], ferry["title"]]
    assert rows[1][7] == "\n".join(german["summary"])
    assert "Hafenmauer" in rows[1][7] or "Mauer" in rows[1][7]


PARTIAL_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Mayor attacks harbour plan</title></head><body><article>"
    "<h1>Mayor attacks harbour plan</h1>"
    "<p>The council approved the harbour plan last month by a narrow majority after a long "
    "debate.</p><p>Work on the new harbour wall is due to start in June and to take two "
    "years.</p><p>Elena Ruiz, the mayor, called the plan “a disaster for the fishing fleet and "
    "a betrayal of every family that works on the water”.</p>"
    "</article></body></html>"
)
FRAGMENT = "a disaster for the fishing fleet and a betrayal of every family that works on the water"


async def test_export_marks_a_partial_quote_as_the_fragment_it_is(bot: Bot) -> None:
    bot.site.extra["mayor.html"] = ("text/html", PARTIAL_PAGE.encode())
    reply = only(await bot.say(ANN, bot.url("mayor.html")))
    assert f"“…{FRAGMENT}…” — <i>Elena Ruiz</i>" in reply.text
    await bot.say(ANN, "/export")

    jsonl, table = bot.api.documents_to(ANN)
    (record,) = [json.loads(line) for line in jsonl.data.decode().splitlines()]
    assert record["quotes"] == [
        {"text": FRAGMENT, "speaker": "Elena Ruiz", "partial": True}
    ]
    _, row = list(csv.reader(io.StringIO(table.data.decode("utf-8-sig"), newline="")))
    assert row[8] == f"“…{FRAGMENT}…” — Elena Ruiz"


async def test_export_of_an_empty_history_is_a_text_answer(bot: Bot) -> None:
    reply = only(await bot.say(BO, "/export"))

    assert reply.text == (
        "This chat's history is empty, so there is nothing to export. Send me a link."
    )
    assert bot.api.documents_to(BO) == []


async def test_export_in_a_group_is_for_its_admins(bot: Bot) -> None:
    in_group(bot)
    link = bot.url("news/library.html")
    await bot.say(GROUP, f"@newsbot_test_bot {link}", user=MEMBER)

    refused = only(await bot.say(GROUP, "/export", user=MEMBER))
    assert refused.text == "Only this chat's administrators can do that."
    assert bot.api.documents_to(GROUP) == []
    await bot.say(GROUP, "/export", user=ADMIN)
    jsonl, _ = bot.api.documents_to(GROUP)
    (record,) = [json.loads(line) for line in jsonl.data.decode().splitlines()]
    assert record["url"] == link and record["shared_by"] == f"User{MEMBER}"


# --- /feed export and /feed import ---------------------------------------------------------------


def rss(title: str, *items: str) -> bytes:
    entries = "".join(
        f"<item><title>{item}</title><link>https://news.example/{n}</link>"
        f"<guid>{title}-{n}</guid></item>"
        for n, item in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example/</link>{entries}</channel></rss>"
    ).encode()


def opml(*outlines: str, title: str = "Meine Abos") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><opml version="2.0">'
        f"<head><title>{title}</title></head><body>{''.join(outlines)}</body></opml>"
    ).encode()


def outline(text: str, xml_url: str) -> str:
    return f'<outline text="{text}" type="rss" xmlUrl="{xml_url}"/>'


def serve_feeds(bot: Bot) -> None:
    bot.site.extra["feeds/zeitung.xml"] = (
        "application/rss+xml",
        rss("Süddeutsche Hafenzeitung – Nachrichten", "Neue Mauer für den Hafen"),
    )
    bot.site.extra["feeds/novosti.xml"] = (
        "application/rss+xml",
        rss("Новости Северного порта", "Порт закрыт из-за шторма"),
    )


async def test_feed_import_from_a_caption_adds_and_refuses_in_one_message(bot: Bot) -> None:
    serve_feeds(bot)
    await bot.say(ANN, f"/feed add {bot.url('feeds/novosti.xml')}")
    data = opml(
        outline("Hafenzeitung", bot.url("feeds/zeitung.xml")),
        outline("Новости порта", bot.url("feeds/novosti.xml")),
        outline("Böse", "javascript:alert(1)"),
        outline("Verschwunden", bot.url("feeds/gone.xml")),
        '<outline htmlUrl="https://site.example/"/>',  # a site (with a title: a folder)
    )
    update = bot.api.updates.document(
        ANN, data, filename="abos.opml", mime_type="text/x-opml", caption="/feed import"
    )
    reply = only(await bot.process(update))

    lines = reply.text.splitlines()
    assert lines[:2] == ["Added 1 feed:", "• Süddeutsche Hafenzeitung – Nachrichten"]
    assert "Not added (4):" in lines
    assert "• Новости порта — already followed" in lines
    assert "• Böse — not an http(s) address" in lines
    assert any(
        line.startswith("• Verschwunden — its feed could not be read (") and "404" in line
        for line in lines
    )
    assert "• https://site.example/ — a web site without a feed address" in lines
    assert lines[-1] == "New items will be in the daily digest. Start it with /subscribe."
    feeds = await bot.services.running.handlers.feeds.of_chat(ANN)
    assert [f.title for f in feeds] == [
        "Новости Северного порта",
        "Süddeutsche Hafenzeitung – Nachrichten",
    ]


async def test_feed_export_sends_opml_that_imports_back(bot: Bot) -> None:
    serve_feeds(bot)
    assert "nothing to export" in only(await bot.say(ANN, "/feed export")).text
    for name in ("zeitung", "novosti"):
        await bot.say(ANN, f"/feed add {bot.url(f'feeds/{name}.xml')}")
    assert await bot.say(ANN, "/feed export") == []

    (sent,) = bot.api.documents_to(ANN)
    assert sent.filename == "feeds.opml"
    assert "This chat's 2 feeds as OPML" in sent.caption
    parsed = parse_opml(sent.data)
    assert [(f.title, f.url) for f in parsed.feeds] == [
        ("Süddeutsche Hafenzeitung – Nachrichten", bot.url("feeds/zeitung.xml")),
        ("Новости Северного порта", bot.url("feeds/novosti.xml")),
    ]
    # Into another chat, as a reply to the file.
    file_message = bot.api.updates.document(BO, sent.data, filename="feeds.opml")
    await bot.process(file_message)
    reply = only(await bot.say(BO, "/feed import", reply_to=file_message["message"]))
    assert reply.text.startswith("Added 2 feeds:\n• Süddeutsche Hafenzeitung")
    assert "Not added" not in reply.text


async def test_feed_import_and_export_in_a_group_are_for_its_admins(bot: Bot) -> None:
    in_group(bot)
    serve_feeds(bot)
    data = opml(outline("Zeitung", bot.url("feeds/zeitung.xml")))
    file_message = bot.api.updates.document(
        GROUP, data, filename="subs.opml", mime_type="text/x-opml", user=MEMBER
    )
    assert await bot.process(file_message) == []  # a file in a group: not for the bot

    for text in ("/feed import", "/feed export"):
        refused = only(await bot.say(GROUP, text, user=MEMBER, reply_to=file_message["message"]))
        assert refused.text == "Only this chat's administrators can do that."
    for caption in ("/feed import", "/feed@newsbot_test_bot import"):
        captioned = bot.api.updates.document(GROUP, data, caption=caption, user=MEMBER)
        refused = only(await bot.process(captioned))
        assert refused.text.startswith("Only this chat's administrators")
    other_bot = bot.api.updates.document(GROUP, data, caption="/feed@other_bot import", user=ADMIN)
    assert await bot.process(other_bot) == []
    assert bot.api.downloads == []

    reply = only(await bot.say(GROUP, "/feed import", user=ADMIN, reply_to=file_message["message"]))
    assert reply.text.startswith("Added 1 feed:\n• Süddeutsche Hafenzeitung")
    assert await bot.say(GROUP, "/feed export", user=ADMIN) == []
    assert parse_opml(bot.api.documents_to(GROUP)[0].data).feeds[0].url == bot.url(
        "feeds/zeitung.xml"
    )


async def test_feed_import_enforces_the_feed_limit(bot: Bot) -> None:
    outlines = []
    for n in range(MAX_FEEDS_PER_CHAT + 2):
        bot.site.extra[f"feeds/f{n}.xml"] = ("application/rss+xml", rss(f"Feed Nummer {n}", "x"))
        outlines.append(outline(f"Feed {n}", bot.url(f"feeds/f{n}.xml")))
    update = bot.api.updates.document(ANN, opml(*outlines), caption="/feed import")
    reply = only(await bot.process(update))

    assert reply.text.startswith(f"Added {MAX_FEEDS_PER_CHAT} feeds:")
    assert "Not added (2):" in reply.text
    assert reply.text.count("— over the chat's feed limit") == 2
    assert len(await bot.services.running.handlers.feeds.of_chat(ANN)) == MAX_FEEDS_PER_CHAT


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<html><body>not a list</body></html>", "That is not an OPML file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml version="2.0">'
            b'<body><outline text="&a;" xmlUrl="https://x.example/"/></body></opml>',
            "declares XML entities",
        ),
        (b"   ", "The file is empty."),
    ],
    ids=["not-opml", "entities", "empty"],
)
async def test_feed_import_of_a_bad_file_says_why(bot: Bot, data: bytes, said: str) -> None:
    update = bot.api.updates.document(ANN, data, filename="x.opml", caption="/feed import")
    reply = only(await bot.process(update))

    assert reply.text.startswith("I couldn't import that file: ") and said in reply.text
    assert await bot.services.running.handlers.feeds.of_chat(ANN) == []


async def test_feed_import_refuses_a_large_file_before_downloading(bot: Bot) -> None:
    data = opml(outline("x", "https://x.example/feed")) + b" " * MAX_OPML_BYTES
    update = bot.api.updates.document(ANN, data, filename="big.opml", caption="/feed import")
    reply = only(await bot.process(update))

    assert reply.text == (
        "That file is larger than 1 MB, the most I read for a subscription list."
    )
    assert bot.api.downloads == []


async def test_feed_import_without_a_file_says_how(bot: Bot) -> None:
    reply = only(await bot.say(ANN, "/feed import"))

    assert "with the caption <code>/feed import</code>" in reply.text


async def test_help_and_the_command_menu_list_the_new_commands(bot: Bot) -> None:
    (reply,) = await bot.say(ANN, "/help")

    assert "or a PDF, and I reply" in reply.text
    assert "/export – This chat's history as JSON Lines and CSV files" in reply.text
    assert "/feed add URL | list | remove N | export | import" in reply.text
    private = {c["command"]: c["description"] for c in bot.api.commands["all_private_chats"]}
    assert private["export"].startswith("This chat's history as JSON Lines and CSV")
    assert "OPML" in private["feed"]
