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
from summarizer.errors import NotTextError
from summarizer.extract import is_pdf
from summarizer.fetch import check_text
from summarizer.pipeline import Pipeline, PipelineSettings, article_from_page, page_from_bytes
from summarizer.quotes import display_text
from summarizer.types import Article, ArticleSummary, Quote
from summarizer.urls import check_link, strip_controls

logger = logging.getLogger(__name__)

_LOCAL_SUFFIXES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}


class SourceError(NewsbotError):
    """The SOURCE argument cannot be read."""


def _pipeline_settings() -> PipelineSettings:
    # Imported here: bot.settings is the one place that reads the environment.
    from bot.settings import pipeline_settings_from_env

    return pipeline_settings_from_env(os.environ)


def _read_local(source: str, url: str | None, settings: PipelineSettings) -> Article:
    """A local file (or stdin) as a page: the same size cap as a fetched body (a PDF's own cap
    for a PDF), and the same "not a text page" check."""
    max_page, max_pdf = settings.fetch.max_bytes, settings.pdf.max_bytes
    limit = max(max_page, max_pdf)
    if source == "-":
        body = sys.stdin.buffer.read(limit + 1)
        content_type, page_url = None, url or "stdin:"  # HTML, or a PDF by its signature
    else:
        path = Path(source)
        content_type = _LOCAL_SUFFIXES.get(path.suffix.lower())
        if content_type is None:
            raise SourceError(
                f"{source}: not a URL or a .html, .htm, .txt or .pdf file "
                "(use - for HTML or PDF on stdin)"
            )
        try:
            with path.open("rb") as file:
                body = file.read(limit + 1)  # a 30 MB file is refused without reading it all
        except OSError as exc:
            raise SourceError(f"{source}: {exc.strerror or exc}") from exc
        page_url = url or path.resolve().as_uri()
    cap = max_pdf if is_pdf(content_type, body) else max_page
    if len(body) > cap:
        megabytes = cap // (1024 * 1024) or 1
        raise SourceError(f"{source}: larger than {megabytes} MB, the cap for a page")
    page = page_from_bytes(body, page_url, content_type)
    if not is_pdf(page.content_type, page.body):
        try:
            check_text(body, page.text)
        except NotTextError as exc:
            raise SourceError(f"{source}: {exc}") from exc
    return article_from_page(page, pdf_limits=settings.pdf)


def _is_url(source: str) -> bool:
    """Whether SOURCE is meant as a URL (``scheme://…``) rather than a file name."""
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme.isascii() and scheme.replace("+", "").replace("-", "").isalnum()


async def _summarize(args: argparse.Namespace) -> ArticleSummary:
    settings = _pipeline_settings()
    quotes = 10_000 if args.all_quotes else args.quotes
    if _is_url(args.source):
        check_link(args.source)  # ftp://x: "a URL with a scheme I don't read (ftp)"
        article = None
    else:
        # A local file is read before anything starts: a bad path is an error at once.
        article = _read_local(args.source, args.url, settings)
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
    return f"“{display_text(quote.text, quote.partial)}”{tail}"


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
    lines.append("Text (too short to summarise: in full)" if a.short else "Summary")
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
        print(f"error: {strip_controls(str(exc), keep='')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line; the traceback only at DEBUG
        logger.debug("unexpected failure", exc_info=True)
        said = strip_controls(f"{type(exc).__name__}: {exc}", keep="")
        print(f"error: unexpected failure ({said})", file=sys.stderr)
        return 2
    if args.json:
        data = result.to_json()
        if args.all_quotes:
            data["quotes"] = [q.to_json() for q in result.all_quotes]
        output = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        output = strip_controls(render_text(result, all_quotes=args.all_quotes))
    return write_stdout(output + "\n")


def write_stdout(output: str) -> int:
    """Print ``output``; a reader that stops early (``| head -1``) ends the command quietly
    with status 0 (it had what it wanted), without a BrokenPipeError traceback."""
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that fails quietly too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 0
