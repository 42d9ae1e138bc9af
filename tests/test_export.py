"""History export (storage/export.py): JSON Lines and CSV from a real history (each backend)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.articles import ArticleRepository, NewArticle
from storage.chats import ChatRepository
from storage.database import Database
from storage.export import (
    CSV_COLUMNS,
    JSON_KEYS,
    ExportQuote,
    ExportRow,
    export_row,
    safe_cell,
    to_csv,
    to_jsonl,
)
from storage.history import HistoryRepository, NewShare
from summarizer.quotes import display_text
from summarizer.types import Article, ArticleSummary, Quote

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CHAT = -1001

STORIES = [
    ArticleSummary(
        Article(
            url="https://herald.example/harbour?utm_source=tg",
            canonical_url="https://herald.example/harbour",
            title="Harbour wall to be rebuilt",
            paragraphs=("The council approved the plan.",),
            site="herald.example",
            published=dt.date(2026, 3, 1),
            language="en",
        ),
        summary=("The council approved a plan to rebuild the wall.", "Work starts in June."),
        quotes=(Quote("We have waited long enough", "Mary Okafor", "said"),),
    ),
    ArticleSummary(
        Article(
            url="https://zeitung.example/hafen",
            canonical_url="https://zeitung.example/hafen",
            title="Neue Hafenmauer für Nordhafen",
            paragraphs=("Der Stadtrat hat den Plan beschlossen.",),
            site="zeitung.example",
            language="de",
        ),
        summary=("Der Stadtrat hat den Neubau beschlossen.",),
        quotes=(
            Quote("Wir haben lange genug gewartet", "Anna Schmidt", "sagte"),
            Quote("Das ist ein guter Tag", None, None),
            Quote("ein Meilenstein", "Anna Schmidt", None, partial=True),
        ),
    ),
]


@pytest.fixture
async def db(database: Database) -> Database:
    """A real database on each backend (conftest's ``database``), with the chat."""
    await ChatRepository(database).remember(CHAT, "supergroup", title="News", now=T0)
    return database


async def exported_rows(db: Database) -> list[ExportRow]:
    """What the /export service does: the chat's history, newest first, with each article's
    summary and quotes from the article cache."""
    articles, history = ArticleRepository(db), HistoryRepository(db)
    for minutes, (story, who) in enumerate(zip(STORIES, ["Ann Lee", "Jürgen Groß"], strict=True)):
        saved = await articles.save(
            NewArticle(
                canonical_url=story.article.canonical_url,
                url=story.article.url,
                title=story.article.title,
                data=json.dumps(story.to_json(), ensure_ascii=False),
                fetched_at=T0,
                site=story.article.site,
                published=story.article.published,
            )
        )
        await history.add(
            NewShare(
                chat_id=CHAT,
                article_id=saved.id,
                shared_at=T0 + dt.timedelta(minutes=minutes),
                url=story.article.url,
                shared_by_id=100 + minutes,
                shared_by_name=who,
            )
        )
    rows = []
    for entry in (await history.page(CHAT, size=500)).entries:
        record = await articles.get(entry.article_id)
        assert record is not None
        data = json.loads(record.data)
        quotes = [
            ExportQuote(text, q["speaker"], q["partial"], display_text(text, q["partial"]))
            for q in data["quotes"]
            for text in [q["text"]]
        ]
        rows.append(export_row(entry, summary=data["summary"], quotes=quotes))
    return rows


async def test_jsonl_from_the_history(db: Database) -> None:
    data = to_jsonl(await exported_rows(db))
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 2
    newest, oldest = (json.loads(line) for line in lines)
    assert tuple(newest) == JSON_KEYS
    assert newest == {
        "number": 1,
        "shared_at": "2026-03-02T09:01:00Z",
        "shared_by": "Jürgen Groß",
        "shared_by_id": 101,
        "title": "Neue Hafenmauer für Nordhafen",
        "url": "https://zeitung.example/hafen",
        "canonical_url": "https://zeitung.example/hafen",
        "site": "zeitung.example",
        "published": None,
        "summary": ["Der Stadtrat hat den Neubau beschlossen."],
        "quotes": [
            {"text": "Wir haben lange genug gewartet", "speaker": "Anna Schmidt", "partial": False},
            {"text": "Das ist ein guter Tag", "speaker": None, "partial": False},
            {"text": "ein Meilenstein", "speaker": "Anna Schmidt", "partial": True},
        ],
    }
    assert oldest["number"] == 2 and oldest["published"] == "2026-03-01"
    assert oldest["url"] == "https://herald.example/harbour?utm_source=tg"
    assert "Jürgen Groß".encode() in data  # UTF-8, not \u escapes


async def test_csv_from_the_history(db: Database) -> None:
    data = to_csv(await exported_rows(db))
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert b"\r\n" in data
    header, newest, oldest = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(header) == CSV_COLUMNS
    assert dict(zip(header, newest, strict=True)) == {
        "number": "1",
        "shared_at": "2026-03-02T09:01:00Z",
        "shared_by": "Jürgen Groß",
        "title": "Neue Hafenmauer für Nordhafen",
        "url": "https://zeitung.example/hafen",
        "site": "zeitung.example",
        "published": "",
        "summary": "Der Stadtrat hat den Neubau beschlossen.",
        "quotes": "“Wir haben lange genug gewartet” — Anna Schmidt\n“Das ist ein guter Tag”\n"
        "“…ein Meilenstein…” — Anna Schmidt",
    }
    assert oldest[7] == "The council approved a plan to rebuild the wall.\nWork starts in June."


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("   =1+1", "'   =1+1"),
        ("Ordinary title = fine", "Ordinary title = fine"),
        ("https://x.example/?a=1", "https://x.example/?a=1"),
        ("", ""),
    ],
)
def test_safe_cell(value: str, safe: str) -> None:
    assert safe_cell(value) == safe


def test_no_csv_cell_starts_a_formula() -> None:
    row = ExportRow(
        title="=1+2",
        url="https://x.example/a",
        shared_at=T0,
        shared_by="@admin",
        site="-site",
        summary=("+summary",),
        quotes=(ExportQuote("q", "=speaker"),),
    )
    _, cells = list(csv.reader(io.StringIO(to_csv([row]).decode("utf-8-sig"))))
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert cells[3] == "'=1+2" and cells[2] == "'@admin"
    # JSON Lines is data, not a spreadsheet: kept as it is.
    assert json.loads(to_jsonl([row]))["title"] == "=1+2"


def test_line_breaks_inside_values_stay_inside_one_record() -> None:
    row = ExportRow(
        title="Line one\nline two\u2028still\u2029the\x85title\r",
        url="https://x.example/a",
        shared_at=dt.datetime(2026, 3, 2, 10, 30, 15, 999),  # naive: UTC, as storage keeps it
    )
    data = to_jsonl([row, row])
    assert len(data.decode("utf-8").splitlines()) == 2  # splitlines breaks on U+2028 too
    first = json.loads(data.decode("utf-8").splitlines()[0])
    assert first["title"] == row.title and first["shared_at"] == "2026-03-02T10:30:15Z"
    records = list(csv.reader(io.StringIO(to_csv([row]).decode("utf-8-sig"), newline="")))
    assert records[1][3] == row.title


def test_an_empty_history() -> None:
    assert to_jsonl([]) == b""
    assert to_csv([]).decode("utf-8-sig") == ",".join(CSV_COLUMNS) + "\r\n"


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.lists(_TEXT, max_size=3)), max_size=5))
def test_any_text_round_trips(entries: list[tuple[str, str, list[str]]]) -> None:
    rows = [
        ExportRow(title, "https://x.example/" + str(i), T0, shared_by=who, summary=tuple(summary))
        for i, (title, who, summary) in enumerate(entries)
    ]
    back = [json.loads(line) for line in to_jsonl(rows).decode("utf-8").splitlines()]
    assert [(r["title"], r["shared_by"], r["summary"]) for r in back] == [
        (r.title, r.shared_by, list(r.summary)) for r in rows
    ]
    records = list(csv.reader(io.StringIO(to_csv(rows).decode("utf-8-sig"), newline="")))
    assert len(records) == len(rows) + 1
    for row, record in zip(rows, records[1:], strict=True):
        assert record[3] in (row.title, "'" + row.title)
        assert record[3] == safe_cell(row.title)
