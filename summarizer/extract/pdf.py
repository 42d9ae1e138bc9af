"""PDF articles: the text layer of a PDF -> the same ``Article`` the HTML path gives.

``extract_pdf_article(data, url)`` is synchronous and CPU-bound (the pipeline runs it in a
thread). It raises a :class:`PdfError` (an ``ExtractionError``) with a message a user can act on
for a PDF it cannot read: too large or too long, encrypted with a password, damaged, or a scan
with no text layer; ``NotAnArticleError`` when the text is almost nothing (under
``MIN_TEXT_WORDS`` words; a text under ``MIN_ARTICLE_WORDS`` is served, marked
``Article.short``); never another exception type, whatever the bytes.

The stages, in order:

1. Open with pypdf: the size cap, then encryption (an empty user password is tried first: many
   PDFs are encrypted only to forbid printing or copying, and open without one), the page cap.
2. Read each page's text layer as lines, with each line's position and font size (pypdf's text
   visitor), so that paragraph gaps and headings can be told from the line breaks of wrapping.
3. Drop running headers and footers: a line at the top or the bottom of most pages that is the
   same once digits are ignored ("Annual Review 2025 · Page 3"), and page numbers on any page
   ("3", "- 3 -", "Page 3 of 9", "Seite 3 von 9").
4. Join lines into paragraphs. A paragraph ends at a vertical gap wider than the line spacing, at
   a change of font size, at an indented first line, or at a page or column break that comes
   after the end of a sentence. A word hyphenated across a line break is joined
   ("infor-" + "mation"), unless the document spells it with the hyphen elsewhere or the next
   word is a conjunction ("Bundes- und Landesrecht").
5. Title: the metadata ``/Title`` when it is a real title (not "Microsoft Word - x.docx", a file
   name or "untitled"), else the first heading-like line of page 1. Headings are not body text
   (as in the HTML path), except questions.
6. Refuse: no text at all, or almost none on pages with images: a scan (:class:`NoTextLayerError`);
   almost no text otherwise (``NotAnArticleError``). A short text is served, marked ``short``.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from errors import ByteSize
from summarizer.errors import ExtractionError, NotAnArticleError
from summarizer.extract.page import _BAD_CHARS
from summarizer.extract.text import MIN_ARTICLE_WORDS, MIN_TEXT_WORDS, _safe_site, _shorten
from summarizer.language import detect_language
from summarizer.types import UNSPACED, Article, count_words
from summarizer.urls import clean_url

__all__ = [
    "MAX_PDF_BYTES",
    "MAX_PDF_CHARS",
    "MAX_PDF_PAGES",
    "PDF_CONTENT_TYPES",
    "CorruptPdfError",
    "EncryptedPdfError",
    "NoTextLayerError",
    "PdfError",
    "PdfLimits",
    "PdfTooLargeError",
    "extract_pdf_article",
    "is_pdf",
]

logger = logging.getLogger(__name__)

# The caps. 20 MB is also the most a bot may download from Telegram (getFile), so a PDF sent as
# a document and a PDF link have the same limit.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 150
# Text read before the rest is left out: far more than any summary needs, and a bound on the
# work the summariser and the quote finder do.
MAX_PDF_CHARS = 1_000_000

PDF_CONTENT_TYPES = frozenset(
    {"application/pdf", "application/x-pdf", "application/acrobat", "applications/vnd.pdf"}
)
_SIGNATURE = b"%PDF-"
_SIGNATURE_WITHIN = 1024  # the header may follow some junk bytes (the spec allows 1 KiB)


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """The caps of :func:`extract_pdf_article` (settings may lower or raise them)."""

    max_bytes: int = MAX_PDF_BYTES
    max_pages: int = MAX_PDF_PAGES
    max_chars: int = MAX_PDF_CHARS


class PdfError(ExtractionError):
    """A PDF that cannot be read; ``str(err)`` says why, in words for the user."""


class PdfTooLargeError(PdfError):
    """The file or its page count is over the caps: ``max_size`` ("20 MB", English) and
    ``max_bytes`` for a file too large, ``pages`` and ``max_pages`` for too many pages."""

    def __init__(
        self,
        message: str,
        *,
        max_size: str = "",
        max_bytes: int = 0,
        pages: int = 0,
        max_pages: int = 0,
    ) -> None:
        super().__init__(message)
        self.max_size, self.max_bytes = max_size, max_bytes
        self.pages, self.max_pages = pages, max_pages

    @classmethod
    def over(cls, max_bytes: int) -> PdfTooLargeError:
        """The error for a file larger than ``max_bytes`` (a download, a fetch, a file)."""
        size = str(ByteSize(max_bytes))
        return cls(
            f"This PDF is larger than {size}, which is the most I read.",
            max_size=size,
            max_bytes=max_bytes,
        )


class EncryptedPdfError(PdfError):
    """The PDF needs a password to open."""

    def __init__(self) -> None:
        super().__init__("This PDF is protected with a password, so I can't read it.")


class CorruptPdfError(PdfError):
    """The bytes are not a PDF pypdf can open (damaged, cut short, or not a PDF at all)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "This PDF is damaged or incomplete, so I can't read it."
            + (f" ({detail})" if detail else "")
        )


class NoTextLayerError(PdfError):
    """The PDF has no text to read: its pages are images (a scan or a photo of paper)."""

    def __init__(self) -> None:
        super().__init__(
            "This PDF has no text layer: its pages look like scanned images, and I can only "
            "read PDFs that contain text."
        )


def is_pdf(content_type: str | None, body: bytes = b"") -> bool:
    """Whether a response is a PDF: by its content type, or by the ``%PDF-`` signature at the
    start of ``body`` (servers often send PDFs as ``application/octet-stream``).

    ``content_type`` may carry parameters (``application/pdf; qs=0.001``).
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media in PDF_CONTENT_TYPES or _has_signature(body)


def _has_signature(body: bytes) -> bool:
    # Within the first KiB, and not after markup: a web page that mentions "%PDF-" is no PDF.
    at = bytes(body[:_SIGNATURE_WITHIN]).find(_SIGNATURE)
    return at >= 0 and b"<" not in body[:at]


def extract_pdf_article(data: bytes, url: str, *, limits: PdfLimits | None = None) -> Article:
    """The article in a PDF's text layer (see the module's docstring for the stages)."""
    limits = limits or PdfLimits()
    try:
        return _extract(data, url, limits)
    except ExtractionError:
        raise
    except Exception as err:  # pypdf on hostile bytes: anything may come out
        logger.debug("PDF extraction failed", exc_info=True)
        raise CorruptPdfError(type(err).__name__) from err


# --------------------------------------------------------------------------- 1. open


def _open(data: bytes, limits: PdfLimits) -> PdfReader:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise CorruptPdfError("not bytes")
    if len(data) > limits.max_bytes:
        raise PdfTooLargeError.over(limits.max_bytes)
    if not _has_signature(data):
        raise CorruptPdfError("the file is not a PDF")
    try:
        reader = PdfReader(io.BytesIO(bytes(data)), strict=False)
        if reader.is_encrypted:
            # Most encrypted PDFs only restrict printing or copying: the empty password opens.
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as err:
                raise EncryptedPdfError() from err
            if not opened:
                raise EncryptedPdfError()
        pages = len(reader.pages)
    except FileNotDecryptedError as err:
        raise EncryptedPdfError() from err
    except PdfReadError as err:
        raise CorruptPdfError() from err
    if pages == 0:
        raise CorruptPdfError("it has no pages")
    if pages > limits.max_pages:
        raise PdfTooLargeError(
            f"This PDF has {pages} pages; I read PDFs of up to {limits.max_pages} pages.",
            pages=pages,
            max_pages=limits.max_pages,
        )
    return reader


# --------------------------------------------------------------------------- 2. lines


@dataclass(slots=True)
class _Line:
    text: str
    page: int
    x: float
    y: float  # the baseline's height on the page (PDF units: larger is higher)
    size: float  # the effective font size (0.0 when unknown)
    top: bool = False  # among the first lines of its page (header zone)
    bottom: bool = False  # among the last lines of its page (footer zone)


_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n"}
)  # fmt: skip
_ZONE = 2  # lines at each end of a page that may be running headers or footers


def _clean(text: str) -> str:
    return _BAD_CHARS.sub("", text.translate(_LIGATURES)).replace("\r", "\n")


def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's text layer as lines, each with the position and size of its first piece."""
    parts: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: Any) -> None:
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        parts.append((text, float(x), float(y), float(size or 0) * (scale or 1.0)))

    page.extract_text(visitor_text=visit)
    lines: list[_Line] = []
    current: list[str] = []
    where: tuple[float, float, float] | None = None

    def finish() -> None:
        nonlocal where
        text = " ".join("".join(current).split())
        if text and where is not None:
            lines.append(_Line(text, number, *where))
        current.clear()
        where = None

    for text, x, y, size in parts:
        pieces = _clean(text).split("\n")
        for index, piece in enumerate(pieces):
            if index:
                finish()
            if piece.strip() and where is None:
                where = (x, y, size)
            current.append(piece)
    finish()
    for line in lines[:_ZONE]:
        line.top = True
    for line in lines[-_ZONE:]:
        line.bottom = True
    return lines


def _read_lines(reader: PdfReader, limits: PdfLimits) -> tuple[list[list[_Line]], int]:
    """Lines page by page (up to ``limits.max_chars`` of text), and the pages with images."""
    pages: list[list[_Line]] = []
    with_images = 0
    chars = 0
    failed = 0
    for number, page in enumerate(reader.pages):
        if _has_images(page):
            with_images += 1
        if chars > limits.max_chars:
            continue
        try:
            lines = _page_lines(page, number)
        except Exception:  # one broken page: read the others
            logger.debug("PDF page %d could not be read", number + 1, exc_info=True)
            failed += 1
            continue
        chars += sum(len(line.text) for line in lines)
        pages.append(lines)
    if failed and not any(pages):
        raise CorruptPdfError("no page could be read")
    if chars > limits.max_chars:
        logger.info("PDF text cut at %d characters", chars)
    return pages, with_images


def _has_images(page: Any) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(
            xobject.get_object().get("/Subtype") == "/Image"
            for xobject in xobjects.get_object().values()
        )
    except Exception:  # a page with odd resources: no image seen
        return False


# --------------------------------------------------------------------------- 3. furniture

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|·•(\[]*"
    r"(?:(?:page|p\.|pg\.|seite|s\.|página|pág\.|pagina|pag\.|страница|стр\.|с\.)\s*)?"
    r"\d{1,4}"
    r"(?:\s*(?:of|von|de|di|sur|из|/)\s*\d{1,4})?"
    r"[\s\-–—|·•)\]]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def _furniture_key(text: str) -> str:
    """Header and footer lines compared with their numbers (page, date) ignored."""
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without running headers, footers and page numbers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(line.text) for line in lines if line.top or line.bottom})
    needed = max(2, math.ceil(0.5 * len(pages)))
    repeated = {key for key, n in counts.items() if n >= needed} if len(pages) > 1 else set()
    kept: list[list[_Line]] = []
    for lines in pages:
        kept.append(
            [
                line
                for line in lines
                if not (
                    (line.top or line.bottom)
                    and (_furniture_key(line.text) in repeated or _PAGE_NUMBER.match(line.text))
                )
            ]
        )
    return kept


# --------------------------------------------------------------------------- 4. paragraphs


@dataclass(slots=True)
class _Block:
    lines: list[_Line]
    text: str = ""  # the lines joined (set once the block is complete)
    heading: bool = False  # set by _mark_headings


_SENTENCE_END = re.compile(r"[.!?…:;\"”’»“'”)\]。！？]$")
# "Bundes- und Landesrecht", "pre- and post-war": before these words the hyphen stays.
_JOIN_WORDS = frozenset(
    {"und", "oder", "bis", "sowie", "bzw", "and", "or", "nor", "to", "et", "ou", "y", "o", "e",
     "и", "или"}
)  # fmt: skip
_HYPHENS = ("-", "\u00ad", "\u2010")
_WORD_AT_END = re.compile(r"(\w+)[-\u00ad\u2010]$")
_WORD_AT_START = re.compile(r"^(\w+)")


def _body_size(pages: list[list[_Line]]) -> float:
    """The font size of most of the text (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            if line.size > 0:
                sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _line_spacing(lines: Sequence[_Line], body: float) -> float:
    gaps = [
        a.y - b.y
        for a, b in itertools.pairwise(lines)
        if a.y - b.y > 0 and (not body or abs(a.size - body) < 0.5)
    ]
    return statistics.median(gaps) if gaps else 0.0


def _left_margin(lines: Sequence[_Line]) -> float:
    xs = Counter(round(line.x) for line in lines)
    return float(xs.most_common(1)[0][0]) if xs else 0.0


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _full_line(lines: Sequence[_Line]) -> int:
    """The length of a full line of wrapped text on the page (in characters)."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0


def _breaks(
    prev: _Line, line: _Line, spacing: float, body: float, margin: float, full: int
) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` (same page)."""
    gap = prev.y - line.y
    if body and abs(prev.size - line.size) > max(0.5, 0.1 * body):
        return True  # a heading starts or ends
    # Larger type has wider line spacing: a heading over two lines is one heading.
    expected = spacing * line.size / body if body and line.size > body else spacing
    if gap <= 0 or (expected and gap > 3 * expected):
        # Up the page (a new column) or far down (past a figure): the paragraph goes on only
        # if the sentence does.
        return _ends_sentence(prev.text)
    if expected and gap > 1.3 * expected:
        return True
    body_type = not body or abs(prev.size - body) < 0.5
    short = len(prev.text) < 0.6 * full and not _ends_sentence(prev.text)
    if body_type and short and line.text[:1].isupper():
        return True  # a short line that ends no sentence: a heading set in the body's font
    size = line.size or body or 10.0
    # An indented first line after a sentence end (layouts without paragraph spacing).
    return line.x - margin > 1.5 * size and _ends_sentence(prev.text)


def _paragraphs(pages: list[list[_Line]]) -> list[_Block]:
    body = _body_size(pages)
    hyphenated = _hyphenated_words(pages)
    blocks: list[_Block] = []
    for lines in pages:
        if not lines:
            continue
        spacing = _line_spacing(lines, body)
        margin = _left_margin([line for line in lines if not body or line.size == body] or lines)
        full = _full_line(lines)
        first = lines[0]
        if (
            blocks
            and not _ends_sentence(blocks[-1].lines[-1].text)
            and not _sized_apart(blocks[-1].lines[-1], first, body)
        ):
            blocks[-1].lines.append(first)  # the paragraph goes on over the page break
        else:
            blocks.append(_Block([first]))
        for prev, line in itertools.pairwise(lines):
            if _breaks(prev, line, spacing, body, margin, full):
                blocks.append(_Block([line]))
            else:
                blocks[-1].lines.append(line)
    for block in blocks:
        block.text = _join_lines(block.lines, hyphenated)
    _mark_headings(blocks, body)
    return blocks


def _sized_apart(a: _Line, b: _Line, body: float) -> bool:
    return bool(body) and abs(a.size - b.size) > max(0.5, 0.1 * body)


def _mark_headings(blocks: list[_Block], body: float) -> None:
    for block in blocks:
        text = block.text
        short = count_words(text) <= 20 and len(text) <= 200 and len(block.lines) <= 3
        larger = bool(body) and all(line.size > body * 1.1 for line in block.lines)
        block.heading = short and (larger or not _ends_sentence(text))


def _join_lines(lines: Sequence[_Line], hyphenated: set[str]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        text = _join(text, line.text, hyphenated)
    return text.replace("\u00ad", "")  # soft hyphens inside lines: invisible, not text


def _join(left: str, right: str, hyphenated: set[str]) -> str:
    """Two lines of one paragraph as one text: hyphenation undone (unless ``hyphenated``, the
    words the document writes with a hyphen, has the word), scripts without spaces joined
    without one."""
    if left.endswith("\u00ad"):
        return left[:-1] + right
    end = _WORD_AT_END.search(left)
    start = _WORD_AT_START.match(right)
    if end and start and left.endswith(_HYPHENS) and right[:1].islower():
        first, second = end.group(1), start.group(1)
        if second.lower() in _JOIN_WORDS:
            return f"{left} {right}"
        if f"{first}-{second}".lower() in hyphenated:
            return left[:-1] + "-" + right
        return left[:-1] + right
    if UNSPACED.match(left[-1:]) and UNSPACED.match(right[:1]):
        return left + right
    return f"{left} {right}"


def _hyphenated_words(pages: Iterable[list[_Line]]) -> set[str]:
    """Words the document writes with a hyphen inside a line ("well-known")."""
    found: set[str] = set()
    for lines in pages:
        for line in lines:
            found.update(m.lower() for m in re.findall(r"\w+-\w+", line.text))
    return found


# --------------------------------------------------------------------------- 5. title

_JUNK_TITLE = re.compile(
    r"^(?:untitled|unbenannt|ohne titel|sans titre|sin título|без названия|document\d*|"
    r"dokument\d*|title|titel|print|default|slide \d+|pdf|\W*)$",
    re.IGNORECASE,
)
_APP_PREFIX = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)|libreoffice|openoffice)\s*[-–:]\s*", re.IGNORECASE
)
_FILE_SUFFIX = re.compile(
    r"\.(?:docx?|pdf|rtf|odt|odp|indd|pptx?|xlsx?|tex|qxd|html?|txt|pages)$", re.IGNORECASE
)
_NO_AUTHOR = frozenset(
    {"admin", "administrator", "user", "owner", "unknown", "author", "default", "benutzer"}
)


def _sensible_title(raw: object) -> str | None:
    """The metadata title if it names the document, cleaned of an application's prefix."""
    if not isinstance(raw, str):
        return None
    title = " ".join(_BAD_CHARS.sub("", raw).split())
    title = _FILE_SUFFIX.sub("", _APP_PREFIX.sub("", title)).strip()
    if not 3 <= len(title) <= 250 or _JUNK_TITLE.match(title):
        return None
    if sum(c.isalpha() for c in title) < 3:
        return None
    if " " not in title and (("_" in title) or ("\\" in title) or ("/" in title)):
        return None  # a file name or a path: "report_final_v2", "C:\\docs\\x"
    return title


def _sensible_author(raw: object) -> str | None:
    if not isinstance(raw, str):
        return None
    author = " ".join(_BAD_CHARS.sub("", raw).split())
    if not 2 <= len(author) <= 120 or author.lower() in _NO_AUTHOR:
        return None
    return author if any(c.isalpha() for c in author) else None


def _key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _title_and_body(blocks: list[_Block], meta_title: str | None) -> tuple[str, list[str]]:
    """The title, and the paragraphs of the body (headings left out, except questions)."""
    title = meta_title
    first_page = [b for b in blocks if b.lines[0].page == blocks[0].lines[0].page][:4]
    # The largest heading near the top of page 1 (a letterhead or a "Press release" label in
    # small type above the real heading is not the title); the first among equals.
    headings = [b for b in first_page if b.heading]
    heading = max(headings, key=lambda b: b.lines[0].size) if headings else None
    if title is None and heading is not None:
        title = heading.text
    paragraphs: list[str] = []
    for block in blocks:
        text = block.text
        if block is heading or (title and _key(text) == _key(title)):
            continue
        if block.heading and not text.endswith("?"):
            continue
        paragraphs.append(text)
    if not title and paragraphs:
        title = _shorten(paragraphs[0], 100)
    return title or "", paragraphs


def _published(reader: PdfReader) -> dt.date | None:
    try:
        created = reader.metadata.creation_date if reader.metadata else None
    except Exception:  # a malformed date string
        return None
    if created is None:
        return None
    day = created.date()
    return day if dt.date(1990, 1, 1) <= day <= dt.date.today() else None


# --------------------------------------------------------------------------- the whole


def _extract(data: bytes, url: str, limits: PdfLimits) -> Article:
    reader = _open(data, limits)
    pages, with_images = _read_lines(reader, limits)
    words = sum(count_words(line.text) for lines in pages for line in lines)
    if words == 0 or (with_images and words < MIN_ARTICLE_WORDS):
        raise NoTextLayerError()
    pages = _drop_furniture(pages)
    blocks = _paragraphs(pages)
    if not blocks:
        raise NoTextLayerError()
    metadata: Mapping[str, Any] = reader.metadata or {}
    title, paragraphs = _title_and_body(blocks, _sensible_title(metadata.get("/Title")))
    body = "\n\n".join(paragraphs)
    words = count_words(body)
    if words < MIN_TEXT_WORDS:
        raise NotAnArticleError("no article found: the PDF's text is too short")
    return Article(
        url=url,
        canonical_url=clean_url(url),
        title=title,
        paragraphs=tuple(paragraphs),
        author=_sensible_author(metadata.get("/Author")),
        published=_published(reader),
        site=_safe_site(url),
        language=detect_language(body),
        short=words < MIN_ARTICLE_WORDS,
        document=True,
    )
