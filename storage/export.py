"""A chat's history as files to download (``/export``): JSON Lines and CSV.

Pure functions over plain rows, no I/O and no Telegram. A row is one history entry (what
:class:`storage.history.HistoryEntry` holds: title, URL, who shared it and when) with the
summary and the key quotes of its article, which the caller reads from the article cache
(storage keeps those as opaque JSON; the summaries service decodes them).

- JSON Lines: one object per line, UTF-8 (``ensure_ascii=False``), keys in :data:`JSON_KEYS`;
  U+0085, U+2028 and U+2029 are escaped too, so a reader that splits on any line break still
  sees one object per line. Each quote has its verbatim ``text``, ``speaker`` (null when
  unknown) and ``partial`` (words quoted inside the writer's sentence).
- CSV: UTF-8 with a byte order mark and CRLF line ends, as Excel expects; a cell that a
  spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) gets a leading apostrophe, which spreadsheets show as text. Summary
  sentences and quotes are one per line inside their cell, quotes as the replies show them
  (a partial one as the fragment it is: `“…a disaster…”`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storage.history import HistoryEntry

__all__ = [
    "CSV_COLUMNS",
    "JSON_KEYS",
    "ExportQuote",
    "ExportRow",
    "export_row",
    "safe_cell",
    "to_csv",
    "to_jsonl",
]

CSV_COLUMNS = (
    "number", "shared_at", "shared_by", "title", "url", "site", "published", "summary", "quotes",
)  # fmt: skip
JSON_KEYS = (
    "number", "shared_at", "shared_by", "shared_by_id", "title", "url", "canonical_url", "site",
    "published", "summary", "quotes",
)  # fmt: skip

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"
# Line breaks that JSON leaves raw but str.splitlines() and some readers break lines on.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


@dataclass(frozen=True, slots=True)
class ExportQuote:
    """A key quote as exported: ``text`` verbatim as the article has it, ``partial`` for words
    quoted inside the writer's sentence, ``shown`` as the replies show it (`…a disaster…`;
    None: the text)."""

    text: str
    speaker: str | None = None
    partial: bool = False
    shown: str | None = None


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One shared article, as exported."""

    title: str
    url: str
    shared_at: dt.datetime
    shared_by: str | None = None  # the name shown in the chat
    shared_by_id: int | None = None
    canonical_url: str | None = None
    site: str | None = None
    published: dt.date | None = None
    summary: tuple[str, ...] = ()
    quotes: tuple[ExportQuote, ...] = ()


def export_row(
    entry: HistoryEntry, *, summary: Sequence[str] = (), quotes: Iterable[ExportQuote] = ()
) -> ExportRow:
    """A history entry with its article's summary and key quotes."""
    return ExportRow(
        title=entry.title,
        url=entry.url,
        shared_at=entry.shared_at,
        shared_by=entry.shared_by_name,
        shared_by_id=entry.shared_by_id,
        canonical_url=entry.canonical_url,
        site=entry.site,
        published=entry.published,
        summary=tuple(summary),
        quotes=tuple(quotes),
    )


def _when(value: dt.datetime) -> str:
    """ISO 8601 in UTC, to the second (naive times are taken as UTC, as storage keeps them)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------- JSON Lines


def to_jsonl(rows: Iterable[ExportRow]) -> bytes:
    """One JSON object per row, numbered from 1 in the order given (newest first, as
    ``/summary N`` counts)."""
    lines = []
    for number, row in enumerate(rows, start=1):
        record = {
            "number": number,
            "shared_at": _when(row.shared_at),
            "shared_by": row.shared_by,
            "shared_by_id": row.shared_by_id,
            "title": row.title,
            "url": row.url,
            "canonical_url": row.canonical_url,
            "site": row.site,
            "published": row.published.isoformat() if row.published else None,
            "summary": list(row.summary),
            "quotes": [
                {"text": q.text, "speaker": q.speaker, "partial": q.partial} for q in row.quotes
            ],
        }
        lines.append(json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS))
    return "".join(line + "\n" for line in lines).encode("utf-8")


# --------------------------------------------------------------------------- CSV


def safe_cell(value: str) -> str:
    """The cell as text a spreadsheet shows and never runs: a leading apostrophe before what
    would start a formula (OWASP's advice for CSV injection)."""
    if value.startswith(_FORMULA_STARTS) or value.lstrip().startswith(_FORMULA_STARTS[:4]):
        return "'" + value
    return value


def _quote_line(quote: ExportQuote) -> str:
    shown = quote.text if quote.shown is None else quote.shown
    return f"“{shown}”" + (f" — {quote.speaker}" if quote.speaker else "")


def to_csv(rows: Iterable[ExportRow]) -> bytes:
    """A CSV file with a header row (:data:`CSV_COLUMNS`), UTF-8 with BOM, for Excel and the
    others."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, row in enumerate(rows, start=1):
        cells = (
            str(number),
            _when(row.shared_at),
            row.shared_by or "",
            row.title,
            row.url,
            row.site or "",
            row.published.isoformat() if row.published else "",
            "\n".join(row.summary),
            "\n".join(_quote_line(q) for q in row.quotes),
        )
        writer.writerow([safe_cell(cell) for cell in cells])
    return (_BOM + out.getvalue()).encode("utf-8")
