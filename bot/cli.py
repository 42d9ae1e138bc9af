"""``newsbot summarize``: the pipeline on one page, without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import textwrap
from pathlib import Path

from errors import NewsbotError
from summarizer.fetch import Page, decode_body
from summarizer.pipeline import Pipeline, PipelineSettings, article_from_page
from summarizer.quotes import display_text
from summarizer.types import Article, ArticleSummary, Quote

logger = logging.getLogger(__name__)

_LOCAL_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}


class SourceError(NewsbotError):
    """The SOURCE argument cannot be read."""


def _pipeline_settings() -> PipelineSettings:
    # Imported here: bot.settings is the one place that reads the environment.
    from bot.settings import pipeline_settings_from_env

    return pipeline_settings_from_env(os.environ)


def _read_local(source: str, url: str | None) -> Article:
    if source == "-":
        body = sys.stdin.buffer.read()
        content_type, page_url = "text/html", url or "stdin:"
    else:
        path = Path(source)
        content_type_or_none = _LOCAL_SUFFIXES.get(path.suffix.lower())
        if content_type_or_none is None:
            raise SourceError(
                f"{source}: not a URL or a .html, .htm or .txt file (use - for HTML on stdin)"
            )
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"{source}: {exc.strerror or exc}") from exc
        content_type, page_url = content_type_or_none, url or path.resolve().as_uri()
    text, charset = decode_body(body, None)
    page = Page(page_url, page_url, 200, content_type, body, text, charset)
    return article_from_page(page)


async def _summarize(args: argparse.Namespace) -> ArticleSummary:
    settings = _pipeline_settings()
    quotes = 10_000 if args.all_quotes else args.quotes
    is_url = args.source.lower().startswith(("http://", "https://"))
    # A local file is read before anything starts: a bad path is an error at once.
    article = None if is_url else _read_local(args.source, args.url)
    pipeline = Pipeline(settings)  # with NEWSBOT_LLM_URL, the model writes the summary
    await pipeline.start()
    try:
        if article is None:
            return await pipeline.summarize_url(
                args.source, sentences=args.sentences, quotes=quotes
            )
        return await pipeline.summarize(article, sentences=args.sentences, quotes=quotes)
    finally:
        await pipeline.close()


def _quote_line(quote: Quote) -> str:
    speaker = quote.speaker or "unknown speaker"
    # No-break spaces keep a short "— Speaker Name" together when the line is wrapped.
    tail = f" — {speaker}" if len(speaker) > 30 else f" — {speaker}".replace(" ", "\u00a0")
    return f"“{display_text(quote.text)}”{tail}"


def render_text(result: ArticleSummary, *, all_quotes: bool = False, width: int = 88) -> str:
    """The human-readable output: header, summary bullets, quotes."""
    a = result.article
    meta = " · ".join(
        part
        for part in (
            a.site,
            a.published.isoformat() if a.published else None,
            a.author,
            a.language,
            f"{a.word_count} words",
        )
        if part
    )
    lines = [a.title, meta, a.canonical_url, ""]
    lines.append("Summary")
    if result.summary:
        for sentence in result.summary:
            lines.append(
                textwrap.fill(sentence, width, initial_indent="  • ", subsequent_indent="    ")
            )
    else:
        lines.append("  (no summary)")
    quotes = result.all_quotes if all_quotes else result.quotes
    lines.append("")
    lines.append("All quotes" if all_quotes else "Key quotes")
    if quotes:
        for quote in quotes:
            lines.append(
                textwrap.fill(
                    _quote_line(quote), width, initial_indent="  ", subsequent_indent="    "
                ).replace("\u00a0", " ")
            )
    else:
        lines.append("  (no direct quotes)")
    return "\n".join(lines)


def summarize_command(args: argparse.Namespace) -> int:
    """Run ``newsbot summarize``; bad input prints ``error: …`` and exits 2, never a traceback."""
    from bot.settings import cli_log_level, quiet_page_parsers

    level = cli_log_level(os.environ)
    logging.basicConfig(level=level, stream=sys.stderr)
    quiet_page_parsers(level)
    if args.sentences < 1 or args.quotes < 0:
        print("error: --sentences must be at least 1 and --quotes at least 0", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(_summarize(args))
    except NewsbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line; the traceback only at DEBUG
        logger.debug("unexpected failure", exc_info=True)
        print(f"error: unexpected failure ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    if args.json:
        data = result.to_json()
        if args.all_quotes:
            data["quotes"] = [q.to_json() for q in result.all_quotes]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_text(result, all_quotes=args.all_quotes))
    return 0
