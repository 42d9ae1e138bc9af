"""Article extraction: a web page (or plain text) -> a clean, typed ``Article``.

``extract_article(html, url, final_url=...)`` is synchronous and CPU-bound; the pipeline runs it
in a thread. It raises ``NotAnArticleError`` for pages that are not articles (login and cookie
walls, index pages, near-empty pages) and ``ExtractionError`` for anything else that goes wrong:
never another exception type, whatever the input.

The stages, in order:

1. Parse once with lxml and read the page's own metadata: JSON-LD, OpenGraph, ``<meta>``,
   ``<link rel=canonical>``, ``<html lang>``; remove inline pop-ups (hover cards, tooltips).
2. Extract the body with trafilatura (comments off, links kept so link density can be measured).
3. Turn trafilatura's XML body into paragraphs: list items, table rows and ``<br>``-separated
   lines split, link share recorded per paragraph.
4. Cut what leaks through: headings (except questions), captions and credits, bylines, time
   stamps, "read more" and related-link lines, newsletter and promo boxes, share and follow
   prompts, whole sections under furniture headings ("Related", "Comments", "About Acme"),
   repeated blocks and pull quotes.
5. When trafilatura finds too little, fall back to JSON-LD ``articleBody`` or readability-lxml.
6. Refuse junk: too little text, a login or cookie wall, a list of links, an index page.
7. Metadata: title (site suffix stripped), author, date, site, canonical URL, language; the
   page's own statements first, trafilatura's metadata search only for what they leave open.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura import metadata as trafilatura_metadata

from summarizer.errors import ExtractionError, NotAnArticleError
from summarizer.language import declared_or_detected, detect_language
from summarizer.types import Article, count_words
from summarizer.urls import clean_url, same_site, site_of

logger = logging.getLogger(__name__)

# An article needs at least this much prose (words; CJK and Thai characters count half a word).
MIN_ARTICLE_WORDS = 40
# Below this many words trafilatura's result is "too little" and the fallbacks are tried.
FALLBACK_BELOW_WORDS = 150
# Readability is tried when trafilatura's text is shorter than this share of the page's prose.
PROSE_COVERAGE = 0.7
# A body whose words are mostly link text is a list of links (index page, "more stories").
MAX_LINK_SHARE = 0.5

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "livelogposting",
        "liveblogposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "posting",
        "socialmediaposting",
        "askpublicnewsarticle",
        "satiricalarticle",
        "medicalscholarlyarticle",
    }
)

# Characters that lxml cannot take, and a leading XML declaration (a str with one is refused).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_NON_ALNUM = re.compile(r"[\W_]+")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "button", "select", "textarea", "iframe"}
)
_HEADING_TAGS = {
    "h1": "head",
    "h2": "head",
    "h3": "head",
    "h4": "head",
    "h5": "head",
    "h6": "head",
    "figcaption": "caption",
}
_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "td",
        "th",
        "figure",
        "figcaption",
        "header",
        "footer",
        "aside",
        "nav",
        "form",
        "hr",
        "address",
        "center",
    }
)


@dataclass(slots=True)
class _Paragraph:
    text: str
    link_chars: int = 0
    kind: str = "p"  # p, item, quote, cell, head

    @property
    def link_share(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class _PageMeta:
    """What the page says about itself, read straight from the markup."""

    lang: str | None = None
    canonical: list[str] = field(default_factory=list)
    og: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)
    ld_article: dict[str, Any] | None = None
    ld_types: set[str] = field(default_factory=set)
    password_inputs: int = 0
    prose_chars: int = 0  # characters in the page's <p> of a dozen words or more


# --------------------------------------------------------------------------- public API


def extract_article(html: str, url: str, *, final_url: str | None = None) -> Article:
    """Extract the article of a web page.

    ``url`` is the URL asked for, ``final_url`` the one after redirects (default: ``url``).
    Raises ``NotAnArticleError`` when the page is not an article, ``ExtractionError`` otherwise.
    """
    try:
        return _extract_html(html, url, final_url or url)
    except ExtractionError:
        raise
    except Exception as err:  # any parser or library failure is an extraction failure
        logger.debug("extraction failed for %s", url, exc_info=True)
        raise ExtractionError(f"could not extract the article: {type(err).__name__}") from err


def extract_text_article(text: str, url: str) -> Article:
    """Build an article from plain text: title = a short first line, paragraphs = blank-line blocks.

    Single line breaks inside a block are hard wrapping and become spaces, unless the text has no
    blank lines at all, in which case every line is a paragraph.
    """
    try:
        return _extract_text(text, url)
    except ExtractionError:
        raise
    except Exception as err:
        raise ExtractionError(f"could not read the text: {type(err).__name__}") from err


# --------------------------------------------------------------------------- plain text


def _extract_text(text: str, url: str) -> Article:
    text = _BAD_CHARS.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) == 1:
        blocks = [line for line in blocks[0].split("\n") if line.strip()] if blocks else []
    title = ""
    if len(blocks) > 1:
        first_lines = blocks[0].split("\n")
        candidate = _norm(first_lines[0])
        if 0 < len(candidate) <= 150 and not candidate.endswith((".", ",", ";")):
            title = candidate
            rest = "\n".join(first_lines[1:]).strip()
            blocks = ([rest] if rest else []) + blocks[1:]
    paragraphs = tuple(p for p in (_norm(b) for b in blocks) if p)
    body = "\n\n".join(paragraphs)
    if count_words(body) < MIN_ARTICLE_WORDS:
        raise NotAnArticleError("no article found: the text is too short")
    if not title:
        title = _shorten(paragraphs[0], 100)
    canonical = _safe_clean_url(url)
    return Article(
        url=url,
        canonical_url=canonical,
        title=title,
        paragraphs=paragraphs,
        site=_safe_site(url),
        language=detect_language(body),
    )


# --------------------------------------------------------------------------- HTML


def _extract_html(html: str, url: str, final_url: str) -> Article:
    tree = _parse(html)
    meta = _read_page_meta(tree)

    _prune(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=final_url or None,
        with_metadata=False,  # read below, and only when the page's own metadata falls short
        include_comments=False,
        include_links=True,
        include_tables=True,
        include_images=False,
    )
    site = _site_name(meta, None)
    title, title_site = _title(meta, None, site, final_url)
    if not site and not title_site and meta.title_tag:
        title_site = _strip_site_from_title(meta.title_tag, None, final_url)[1]
    site = site or title_site
    furniture = _furniture_texts(tree)
    page_urls = [url, final_url, *meta.canonical, meta.og.get("url", "")]

    def clean(found: list[_Paragraph]) -> list[_Paragraph]:
        return _clean_paragraphs(found, title=title, page_urls=page_urls, furniture=furniture)

    raw: list[_Paragraph] = []
    body = getattr(doc, "body", None)
    if body is not None:
        raw = list(_paragraphs_from_body(body))
    paragraphs = clean(raw)
    words = _word_units_of(paragraphs)

    # The publisher's own JSON-LD articleBody, when it holds clearly more than trafilatura found.
    # Also when it is the same text with its paragraph breaks (trafilatura may read it flat).
    ld_body = clean(_ld_body_paragraphs(meta))
    ld_words = _word_units_of(ld_body)
    if ld_body and (
        ld_words > max(1.5 * words, MIN_ARTICLE_WORDS)
        or (len(ld_body) > len(paragraphs) and _coverage(paragraphs, ld_body) >= 0.9)
    ):
        logger.debug("using JSON-LD articleBody (%d words vs %d)", ld_words, words)
        paragraphs, words = ld_body, ld_words
    if words < FALLBACK_BELOW_WORDS or _chars_of(paragraphs) < PROSE_COVERAGE * meta.prose_chars:
        # trafilatura may have stopped at one of several body containers (ads between them):
        # take readability's result when it holds what trafilatura found and clearly more.
        alternative = clean(_readability_paragraphs(html))
        alt_words = _word_units_of(alternative)
        if (
            alt_words > max(1.3 * words, MIN_ARTICLE_WORDS)
            and _link_share(alternative) < 0.3
            and (words < FALLBACK_BELOW_WORDS or _coverage(paragraphs, alternative) >= 0.8)
        ):
            logger.debug("using readability (%d words vs %d)", alt_words, words)
            paragraphs, words = alternative, alt_words

    _refuse_junk(paragraphs, raw, meta, tree)

    texts = tuple(p.text for p in paragraphs)
    author, published = _author(meta, None), _published(meta, None)
    if author is None or published is None or not title or not site:
        # trafilatura's metadata search (bylines in the page, htmldate) costs a third of the
        # extraction time: only for pages that do not state these themselves.
        found = _trafilatura_metadata(tree, final_url)
        author = author or _author(meta, found)
        published = published or _published(meta, found)
        title = title or _title(meta, found, site, final_url)[0]
        site = site or _site_name(meta, found)
    return Article(
        url=url,
        canonical_url=_canonical_url(meta, final_url),
        title=title or _shorten(texts[0], 100),
        paragraphs=texts,
        author=author,
        published=published,
        site=site or _safe_site(final_url),
        language=declared_or_detected(_declared_language(meta), "\n\n".join(texts)),
    )


def _trafilatura_metadata(tree: Any, url: str) -> Any:
    try:
        return trafilatura_metadata.extract_metadata(tree, default_url=url or None)
    except Exception:  # metadata is optional; the article stands without it
        logger.debug("trafilatura metadata failed", exc_info=True)
        return None


def _parse(html: str) -> Any:
    if not isinstance(html, str):
        raise ExtractionError("the page is not text")
    text = _XML_DECL.sub("", _BAD_CHARS.sub("", html), count=1)
    if not text.strip():
        raise NotAnArticleError("no article found: the page is empty")
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise NotAnArticleError("no article found: the page has no readable HTML") from err
    if tree is None:
        raise NotAnArticleError("no article found: the page has no readable HTML")
    return tree


# Inline pop-ups that repeat a name or a definition inside a sentence ("Rep. Jane DoeJane Doe
# Jane Doe: latest news..."): never text of the article.
_POPUP_XPATH = etree.XPath(
    "//*[@class and (contains(@class, 'rollover') or contains(@class, 'tooltip')"
    " or contains(@class, 'popover') or contains(@class, 'hovercard')"
    " or contains(@class, 'hover-card'))]"
)


def _prune(tree: Any) -> None:
    for el in _POPUP_XPATH(tree):
        if el.getparent() is not None and len(el.text_content()) < 2000:
            el.drop_tree()


# --------------------------------------------------------------------------- page metadata


def _read_page_meta(tree: Any) -> _PageMeta:
    meta = _PageMeta()
    root = tree.getroottree().getroot()
    meta.lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    # One pass over the elements that matter (each tree.iter() is a walk of the whole page).
    for el in tree.iter("meta", "link", "title", "h1", "input", "script", "p"):
        tag = el.tag
        if tag == "meta":
            _read_meta_tag(el, meta)
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            href = el.get("href")
            if "canonical" in rel and href:
                meta.canonical.append(href.strip())
        elif tag == "title":
            if meta.title_tag is None:
                meta.title_tag = _meta_text(el.text_content())
        elif tag == "h1":
            text = _norm(el.text_content())
            if text and len(meta.h1) < 3:
                meta.h1.append(text)
        elif tag == "input":
            if (el.get("type") or "").lower() == "password":
                meta.password_inputs += 1
        elif tag == "p":
            text = el.text_content()
            if len(text) >= 60 and count_words(text) >= 12:
                meta.prose_chars += len(_norm(text))
        elif "ld+json" in (el.get("type") or "").lower():
            _read_json_ld(el.text or "", meta)
    return meta


def _read_meta_tag(el: Any, meta: _PageMeta) -> None:
    key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
    content = (el.get("content") or "").strip()
    if not content:
        return
    if key.startswith("og:"):
        meta.og.setdefault(key[3:], content)
    elif key:
        meta.meta.setdefault(key, content)
    if (el.get("http-equiv") or "").strip().lower() == "content-language":
        meta.meta.setdefault("content-language", content)


def _read_json_ld(text: str, meta: _PageMeta) -> None:
    for obj in _json_ld_objects(text):
        types = _ld_types(obj)
        meta.ld_types |= types
        if types & _ARTICLE_TYPES and (
            meta.ld_article is None
            or ("articleBody" in obj and "articleBody" not in meta.ld_article)
        ):
            meta.ld_article = obj


def _json_ld_objects(text: str) -> Iterator[dict[str, Any]]:
    text = text.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->").strip()
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        try:  # trailing commas are a common hand-written JSON-LD mistake
            data = json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
        except ValueError:
            return
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < 200:
        item = stack.pop(0)
        seen += 1
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
            main = item.get("mainEntity")
            if isinstance(main, dict | list):
                stack.append(main)


def _ld_types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return _norm(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        return _ld_text(value[0]) if value else None
    return None


def _ld_body_paragraphs(meta: _PageMeta) -> list[_Paragraph]:
    if meta.ld_article is None:
        return []
    body = meta.ld_article.get("articleBody")
    if isinstance(body, list):
        body = "\n\n".join(b for b in body if isinstance(b, str))
    if not isinstance(body, str) or not body.strip():
        return []
    if re.search(r"</?(p|br|div)\b", body, re.IGNORECASE):
        return _html_fragment_paragraphs(body)
    body = body.replace("\r\n", "\n")
    blocks = re.split(r"\n\s*\n", body) if "\n\n" in body else body.split("\n")
    return [_Paragraph(t) for t in (_norm(b) for b in blocks) if t]


# --------------------------------------------------------------------------- body -> paragraphs


def _paragraphs_from_body(body: Any) -> Iterator[_Paragraph]:
    for child in body:
        yield from _element_paragraphs(child)


def _element_paragraphs(el: Any) -> Iterator[_Paragraph]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "head":
        text = _norm("".join(el.itertext()))
        if text:
            yield _Paragraph(text, 0, "head")
        return
    if tag in {"list", "quote", "div", "table"}:
        if tag == "table":
            yield from _table_paragraphs(el)
            return
        has_blocks = any(
            isinstance(c.tag, str) and c.tag in {"p", "item", "list", "quote", "head", "table"}
            for c in el
        )
        if has_blocks:
            if el.text and el.text.strip():
                yield _Paragraph(_norm(el.text))
            for child in el:
                yield from _element_paragraphs(child)
                if child.tail and child.tail.strip():
                    yield _Paragraph(_norm(child.tail))
            return
    kind = "item" if tag == "item" else "quote" if tag == "quote" else "p"
    yield from _inline_paragraphs(el, kind)


def _inline_paragraphs(el: Any, kind: str) -> Iterator[_Paragraph]:
    """Text of an inline container, split at ``<lb/>``, with the length of its link text."""
    pieces: list[tuple[str, bool]] = []  # (text, inside a link); "\n" marks a line break

    def walk(node: Any, in_link: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "lb" or tag == "head":
            pieces.append(("\n", False))
        else:
            link = in_link or tag == "ref"
            if node.text:
                pieces.append((node.text, link))
            for child in node:
                walk(child, link)
                if child.tail:
                    pieces.append((child.tail, link))
            if tag in {"p", "item"}:
                pieces.append(("\n", False))

    walk(el, False)
    text_parts: list[str] = []
    link_chars = 0
    for piece, in_link in pieces:
        if piece == "\n":
            yield from _flush(text_parts, link_chars, kind)
            text_parts, link_chars = [], 0
            continue
        text_parts.append(piece)
        if in_link:
            link_chars += len(_norm(piece))
    yield from _flush(text_parts, link_chars, kind)


def _flush(parts: list[str], link_chars: int, kind: str) -> Iterator[_Paragraph]:
    text = _norm("".join(parts))
    if text:
        yield _Paragraph(text, min(link_chars, len(text)), kind)


def _table_paragraphs(table: Any) -> Iterator[_Paragraph]:
    for row in table.iter("row"):
        cells = [_norm("".join(cell.itertext())) for cell in row if cell.tag == "cell"]
        cells = [c for c in cells if c]
        if cells:
            links = sum(len(_norm("".join(r.itertext()))) for r in row.iter("ref"))
            text = " | ".join(cells)
            yield _Paragraph(text, min(links, len(text)), "cell")


def _html_fragment_paragraphs(fragment: str) -> list[_Paragraph]:
    """Paragraphs of an HTML fragment: one per block element, ``<br>`` splitting lines."""
    text = _XML_DECL.sub("", _BAD_CHARS.sub("", fragment), count=1)
    if not text.strip():
        return []
    parser = lxml_html.HTMLParser(remove_comments=True, collect_ids=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    body = root.find("body")
    return list(_block_paragraphs(body if body is not None else root))


def _block_paragraphs(root: Any) -> Iterator[_Paragraph]:
    parts: list[str] = []
    link_chars = 0

    def walk(node: Any, in_link: bool) -> Iterator[_Paragraph]:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        block = tag in _BLOCK_TAGS
        if block or tag == "br":
            yield from flush("p")
        link = in_link or tag == "a"
        if node.text:
            add(node.text, link)
        for child in node:
            yield from walk(child, link)
            if child.tail:
                add(child.tail, link)
        if block:
            yield from flush(_HEADING_TAGS.get(tag, "p"))

    def add(text: str, in_link: bool) -> None:
        nonlocal link_chars
        parts.append(text)
        if in_link:
            link_chars += len(_norm(text))

    def flush(kind: str) -> Iterator[_Paragraph]:
        nonlocal parts, link_chars
        text = _norm("".join(parts))
        if text and kind != "caption":
            yield _Paragraph(text, min(link_chars, len(text)), kind)
        parts, link_chars = [], 0

    yield from walk(root, False)
    yield from flush("p")


def _readability_paragraphs(html: str) -> list[_Paragraph]:
    try:
        from readability import Document

        summary = Document(_BAD_CHARS.sub("", html)).summary(html_partial=True)
    except Exception:  # readability is a best-effort fallback
        logger.debug("readability failed", exc_info=True)
        return []
    return _html_fragment_paragraphs(summary)


# --------------------------------------------------------------------------- boilerplate


_BOILERPLATE_LINE = re.compile(
    r"""^(
        advertisement|advertising|anzeige|реклама|publicité|publicidad|sponsored( content)?
      | (story|article) continues below.* | continue reading.* | scroll (down )?to continue.*
      | (read|see|watch|listen)( the)? (more|also|next|full story|full article)\b.*
      | (more|related)( (stories|articles|coverage|content|reading|news|links|topics))?\s*[:»›>].*
      | (related|recommended|trending( now)?|popular|most (read|popular|viewed|shared)|top stories)
        (\s(stories|articles|coverage|content|reading|news|links|topics|posts|videos))?
        \s*([:»›>|-].*)?
      | (mehr zum thema|lesen sie auch|auch interessant|weitere artikel|das könnte sie)\b.*
      | (читайте также|смотрите также|по теме|еще по теме)\b.*
      | (lire aussi|à lire aussi|voir aussi|leer más|lee también|vea también|leia também)\b.*
      | (sign up|subscribe|register|join)\b.{0,120}\b(newsletter|email|inbox|updates|free)\b.*
      | (get|receive) (our|the) .{0,60}newsletter.*
      | .{0,80}\bnewsletter\b.{0,80}(sign up|subscribe|inbox)\b.*
      | (follow|like) us( on)?\b.{0,80}
      | (share|tweet|email|print)( (this|on|via)\b.{0,60})?
      | (click|tap) here\b.{0,100}
      | (photo|image|picture|video|foto|bild|фото|credit|quelle|crédit)s?(\s+credit)?\s*[:©].{0,200}
      | (image|photo) (copyright|caption|source)\b.{0,200}
      | (getty\simages|ap\sphoto|afp|reuters|shutterstock|epa|dpa|istock)
        (\s*(/|via|\||,)\s*[\w .'’/-]{0,60})?
      | (©|copyright|\(c\)).{0,200} | .{0,160}\ball rights reserved\b.{0,100}
      | this\s(article|story|content)\s(was|is|has\sbeen)\s(originally\s)?
        (published|updated|produced|corrected)\b.{0,200}
      | (updated|published|posted|last\s(updated|modified))\s*(:|on\b|at\b|\d).{0,80}
      | (subscribe|sign\sin|log\sin|sign\sup|register)(\s(now|today|here))?\W*
      | subscribe\s(to|now|today)\b.{0,150}
      | more\s(great\s|top\s|recent\s|popular\s)?([\w’'-]+\s){0,2}
        (stories|articles|reads|coverage|news)\W*
      | (loading|please enable javascript|javascript is (disabled|required)).{0,100}
      | (we use cookies|this (web)?site uses cookies|cookies? (policy|settings|preferences)).{0,400}
      | ((view|show|read|add|post|leave|load|see)\s(all\s)?(\d+\s)?)?(a\s)?comments?
        (\s*\(\d+\)|\s\d+)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Whole short lines that are credits, contact lines, promos or page furniture.
_FURNITURE_LINE = re.compile(
    r"""^(
        [(\[]?\s*((additional|further)\s)?(reporting|writing|editing|research)\s(by|from)\b.{0,250}
      | .{0,200}\bcontribut(ed|ing)\s(reporting|to\sthis\s(report|story|article))\b.{0,100}
      | (with|from)\s.{0,40}\b(wires?|wire\sservices|news\sservices|staff\swriters?|reports)
      | (contributing|contributors?)\s*:.{0,120}
      | staff\sreports?|wire\sreports?|from\swire\sreports
      | [—–-]\s*.{1,80}\(@\w{1,30}\).{0,60}
      | (have\sa\s(news\s)?tip\??|write\sto|email|e-mail|contact|reach)\s.{0,150}@.{0,150}
      | .{0,120}\b(may|can)\sbe\s(reached|contacted)\sat\b.{0,200}
      | .{0,250}\bfollow\s(@\w+|.{1,60}?\s(on|at|via)\s
        (twitter|facebook|instagram|x|youtube|linkedin|tiktok|telegram|https?://|www\.))
        .{0,200}
      | (https?://)?(www\.)?(twitter|x|facebook|instagram|linkedin|t)\.(com|me)/\S+
      | (if\syou\s)?(like|liked|enjoy|enjoyed|love|loved)\s(this|the)\s(story|article|post)\b
        .{0,250}
      | .{0,120}\b(if\syou\s(buy|purchase|click)|we\smay\s(earn|receive|get)
        |may\s(earn|get|receive)\sa\s(small\s)?(commission|share))\b.{0,250}
      | .{0,120}\bfor\syour\spersonal,?\snon-commercial\suse\sonly\b.{0,300}
      | (you\s(may|might)\salso\slike|don'?t\smiss|explore\sfurther|leggi\sanche|filed\sunder
        |order\sreprints|print\sarticle|(more\s)?from\sour\spartners|recommended\sfor\syou
        |what\sto\sread\snext|up\snext)\b.{0,120}
      | (reading\stime|read\stime|lesezeit|tempo\sde\sleitura|tiempo\sde\slectura|время\sчтения)
        \s*:?.{0,30}
      | \d+\s*(min|minute|minutes|mins)\.?\s(read|lesezeit)
      | source\s*:.{0,60}
      | \S+@\S+\.\w+
      | [(\[].{0,120}[)\]]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Short lines that are just a date or a time stamp ("Updated 10:45 AM EST 11/19/2019").
_DATE_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?[ap]\.?m\.?(\s|$)",
    re.IGNORECASE,
)
_PROMO = re.compile(r"\b(click here|tap here)\b", re.IGNORECASE)
_NEWSLETTER = re.compile(r"newsletter|рассылк|infolettre|boletín", re.IGNORECASE)
_SUBSCRIBE = re.compile(
    r"\b(subscrib\w*|sign(ing)? up|signup|inbox|delivered|register|abonnier\w*|anmelden|"
    r"подпи\w*|inscri\w*|suscrib\w*|iscriv\w*)",
    re.IGNORECASE,
)
_NO_WORD = re.compile(r"^[\W_]*$")
# "By Jane Doe and John Roe", "By JANE DOE, Reuters": a byline line.
_BYLINE = re.compile(r"^(by|von|par|por|di|door|av)\s+(\S+\s*){1,10}$", re.IGNORECASE)
_BYLINE_CONNECTORS = frozenset(
    {"and", "&", "und", "et", "y", "e", "|", "-", "–", "de", "van", "von", "der", "da", "in"}
)
# Text in the middle of a short line that betrays a caption or a credit.
_CREDIT_TAIL = re.compile(
    r"[(\[]\s*(photo|image|picture|foto|bild|фото|credit|source|getty|ap|afp|reuters|epa)\b[^)\]]{0,80}[)\]]\s*$",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"\b(cookies?|consent|gdpr|datenschutz\w*|einwilligung|zustimmen|файл\w* cookie|куки|"
    r"согласи\w*|privacy (settings|preferences|policy)|tracking technologies|"
    r"partners? (process|use))\b",
    re.IGNORECASE,
)
_LOGIN = re.compile(
    r"\b(log ?in|sign ?in|sign ?up|create an account|register|subscribe to (continue|read)|"
    r"already a (subscriber|member)|forgot (your )?password|password|anmelden|einloggen|"
    r"registrieren|войти|вход|зарегистр\w*|пароль|connexion|s'identifier|iniciar sesión|"
    r"登录|登入|ログイン|تسجيل الدخول)\b",
    re.IGNORECASE,
)


def _is_boilerplate(p: _Paragraph) -> bool:
    words = count_words(p.text)
    if words <= 30 and _BOILERPLATE_LINE.match(p.text):
        return True
    if words <= 12 and _is_byline(p.text):
        return True
    if _NO_WORD.match(p.text):
        return True
    if words <= 45 and (_FURNITURE_LINE.match(p.text) or _PROMO.search(p.text)):
        return True
    if words <= 50 and _NEWSLETTER.search(p.text) and _SUBSCRIBE.search(p.text):
        return True
    if (
        words <= 10
        and _DATE_STAMP.search(p.text)
        and (words <= 4 or not p.text.endswith((".", "!", "?")))
    ):
        return True
    if words <= 40 and _CREDIT_TAIL.search(p.text) and not p.text.endswith((".", "!", "?", '"')):
        return True
    # A short line that is mostly a link: a related-story headline or a navigation item.
    return words <= 25 and p.link_share > 0.6


def _is_byline(text: str) -> bool:
    if not _BYLINE.match(text) or text.endswith(("!", "?", ":")):
        return False
    words = text.split()[1:]
    return all(
        w.lower() in _BYLINE_CONNECTORS or w[:1].isupper() or not w[:1].isalpha() for w in words
    )


# A heading that opens a section of page furniture: everything under it, up to the next
# heading, is dropped ("About Acme Corp" closing a press release, "Related stories", ...).
_FURNITURE_HEADING = re.compile(
    r"""^(
        about\s(the\s)?(author|authors|writer|writers|us|the\scompany)
      | (related|recommended|popular|trending|most\s(read|popular|viewed|shared)|top\sstories)
        (\s\w+){0,3}
      | more\s(from|on|about|in|stories|news|articles|like\sthis)\b.{0,60}
      | (you\s(may|might)\salso\s(like|enjoy)|further\sreading|read\s(more|next|also)|see\salso)
      | (comments?|leave\sa\s(comment|reply)|join\sthe\s(conversation|discussion)|discuss)
        (\s*\(?\d+\)?)?
      | (share\s(this|the)\s(article|story|post)|share)
      | (sign\sup|subscribe|newsletter)\b.{0,60}
      | (tags|topics|categories|filed\sunder)
      | (über\s(uns|den\sautor|die\sautorin)|mehr\szum\sthema|das\skönnte\ssie\sauch\sinteressieren)
      | (об\sавторе|похожие\s\w+|читайте\sтакже|по\sтеме|комментарии)
      | (à\spropos\s.{0,40}|sur\sle\smême\ssujet|à\slire\saussi|lire\saussi)
      | (sobre\s(el|la|o|a)\s(autor|autora)|noticias\srelacionadas|notícias\srelacionadas
        |leia\stambém)
    )\s*[:.]?$""",
    re.VERBOSE | re.IGNORECASE,
)
# "About Acme Corp.", "Über die Acme AG": the boilerplate that closes a press release.
_ABOUT_NAME = re.compile(
    r"^(About|Über(\s(die|den|das))?|À\spropos\sde|Sobre|Acerca\sde|О\s(компании)?)\s+"
    r"[A-ZÀ-ÖØ-ÞА-Я0-9][\w&.'’-]*(\s[A-ZÀ-ÖØ-ÞА-Я0-9(][\w&.'’()-]*){0,4}\s*:?$"
)


def _clean_paragraphs(
    paragraphs: list[_Paragraph],
    *,
    title: str = "",
    page_urls: Iterable[str] = (),
    furniture: frozenset[str] = frozenset(),
) -> list[_Paragraph]:
    """Drop headings, page furniture and repeats; keep the order of what remains."""
    title_key = _alnum(title)
    url_keys = {u.rstrip("/") for u in page_urls if u}
    kept: list[_Paragraph] = []
    seen: set[str] = set()
    in_furniture = False
    for p in paragraphs:
        if p.kind == "head":
            in_furniture = bool(_FURNITURE_HEADING.match(p.text) or _ABOUT_NAME.match(p.text))
            # Headings are not body text; a question heading is (interviews, FAQs).
            if in_furniture or not p.text.endswith("?") or count_words(p.text) < 3:
                continue
        elif in_furniture:
            logger.debug("dropped furniture section: %.80s", p.text)
            continue
        elif count_words(p.text) <= 5 and _ABOUT_NAME.match(p.text):
            in_furniture = True  # "About Acme" set as a paragraph: the press-release footer
            continue
        key = _alnum(p.text)
        if title_key and key == title_key:
            continue
        if key in furniture:
            logger.debug("dropped furniture section: %.80s", p.text)
            continue
        if p.text.rstrip("/") in url_keys:
            continue
        if count_words(p.text) >= 15:
            if key in seen:  # a long block repeated: a pull quote, a second copy of a promo
                continue
            seen.add(key)
        if _is_boilerplate(p):
            logger.debug("dropped boilerplate: %.80s", p.text)
            continue
        kept.append(p)
    return [p for p, pulled in zip(kept, _pull_quotes(kept), strict=True) if not pulled]


def _pull_quotes(paragraphs: list[_Paragraph]) -> list[bool]:
    """Which paragraphs are pull quotes: short ones whose words recur inside a longer one."""
    tokens = [_WORD.findall(p.text.lower()) for p in paragraphs]
    joined = [" " + " ".join(t) + " " for t in tokens]
    # Index every paragraph by its word 4-grams, so each candidate is compared with the few
    # paragraphs that share its opening words (a page can have thousands of paragraphs).
    index: dict[tuple[str, ...], set[int]] = {}
    for i, t in enumerate(tokens):
        for k in range(len(t) - 3):
            index.setdefault(tuple(t[k : k + 4]), set()).add(i)
    pulled = []
    for i, (p, t) in enumerate(zip(paragraphs, tokens, strict=True)):
        if not 6 <= count_words(p.text) <= 60 or len(t) < 4:
            pulled.append(False)
            continue
        others = index.get(tuple(t[:4]), set())
        pulled.append(
            any(len(joined[j]) > len(joined[i]) and joined[i] in joined[j] for j in others)
        )
    return pulled


def _furniture_texts(tree: Any) -> frozenset[str]:
    """Keys of the text under headings that open page furniture ("Related stories", "Comments").

    Collected from the page itself: trafilatura often drops such headings but keeps some of the
    paragraphs under them.
    """
    found: set[str] = set()
    for heading in tree.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _norm(heading.text_content())
        if not text or not (_FURNITURE_HEADING.match(text) or _ABOUT_NAME.match(text)):
            continue
        level = int(heading.tag[1])
        anchor = heading
        if heading.getnext() is None and heading.getparent() is not None:
            anchor = heading.getparent()  # a heading wrapped on its own: look past the wrapper
        for sibling in anchor.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling.tag in _LEVELS and _LEVELS[sibling.tag] <= level:
                break
            for el in sibling.iter("p", "li", "blockquote", "dd", "td", "div"):
                if el.tag == "div" and el.find(".//div") is not None:
                    continue  # only innermost divs: a div of divs is covered by its children
                key = _alnum(el.text_content())
                if key:
                    found.add(key)
            key = _alnum(sibling.text_content())
            if key:
                found.add(key)
    return frozenset(found)


# --------------------------------------------------------------------------- junk detection


def _refuse_junk(
    paragraphs: list[_Paragraph], raw: list[_Paragraph], meta: _PageMeta, tree: Any
) -> None:
    words = _word_units_of(paragraphs)
    raw_text = " ".join(p.text for p in raw) or _norm(tree.text_content())[:5000]
    raw_words = max(1, count_words(raw_text))
    cookie_hits = len(_COOKIE.findall(raw_text))
    login_hits = len(_LOGIN.findall(raw_text))
    prose = [p for p in paragraphs if count_words(p.text) >= 15 and p.link_share < 0.5]
    prose_words = _word_units_of(prose)

    if words < MIN_ARTICLE_WORDS:
        if meta.password_inputs or login_hits >= 2:
            raise NotAnArticleError("no article found: the page asks to log in")
        if cookie_hits >= 2:
            raise NotAnArticleError("no article found: the page is a cookie wall")
        raise NotAnArticleError("no article found: the page has almost no text")
    # A wall with a little text: most of what is there is about cookies or logging in.
    if words < 250:
        if cookie_hits * 12 >= raw_words or _share_matching(paragraphs, _COOKIE) > 0.5:
            raise NotAnArticleError("no article found: the page is a cookie wall")
        if (meta.password_inputs or login_hits >= 2) and (
            _share_matching(paragraphs, _LOGIN) > 0.4 or login_hits * 15 >= raw_words
        ):
            raise NotAnArticleError("no article found: the page asks to log in")
    # Index and listing pages: the "text" is mostly link text or headline-sized snippets.
    is_article_ld = bool(meta.ld_types & _ARTICLE_TYPES)
    if _link_share(paragraphs) > MAX_LINK_SHARE and not is_article_ld:
        raise NotAnArticleError("no article found: the page is a list of links")
    if not is_article_ld and prose_words < 0.35 * words and len(paragraphs) >= 8:
        raise NotAnArticleError("no article found: the page looks like an index page")
    teasers, teaser_share = _teasers(paragraphs, tree)
    if teasers >= 4 and teaser_share >= 0.6:
        raise NotAnArticleError("no article found: the page looks like an index page")


_LINKED_HEADING = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5][.//a[@href]]"
    " | .//a[@href][.//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5]]"
)


def _teasers(paragraphs: list[_Paragraph], tree: Any) -> tuple[int, float]:
    """How many paragraphs are teasers of other pages, and their share of the words.

    A teaser is a ``<p>`` alone in a small card with a linked headline: the unit of a home page,
    a section front or a search result list. An article's paragraphs share their container.
    """
    wanted = {_alnum(p.text): p for p in paragraphs if count_words(p.text) >= 8}
    if len(wanted) < 4:
        return 0, 0.0
    count, words = 0, 0
    for el in tree.iter("p"):
        para = wanted.pop(_alnum(el.text_content()), None)
        if para is None:
            continue
        if _in_teaser_card(el):
            count += 1
            words += count_words(para.text)
    total = _word_units_of(paragraphs)
    return count, (words / total if total else 0.0)


def _in_teaser_card(el: Any) -> bool:
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None or node.tag in {"body", "html"}:
            return False
        other_prose = sum(
            1 for p in node.iter("p") if p is not el and count_words(p.text_content()) >= 12
        )
        if other_prose:
            return False  # the paragraph shares its container with more prose: a body
        if _LINKED_HEADING(node):
            return True
    return False


def _share_matching(paragraphs: list[_Paragraph], pattern: re.Pattern[str]) -> float:
    total = _word_units_of(paragraphs)
    hit = sum(count_words(p.text) for p in paragraphs if pattern.search(p.text))
    return hit / total if total else 0.0


def _chars_of(paragraphs: Iterable[_Paragraph]) -> int:
    return sum(len(p.text) for p in paragraphs)


def _coverage(part: list[_Paragraph], whole: list[_Paragraph]) -> float:
    """Share of ``part``'s characters whose paragraph appears inside ``whole``."""
    haystack = " ".join(p.text for p in whole)
    total = _chars_of(part)
    found = sum(len(p.text) for p in part if p.text in haystack)
    return found / total if total else 1.0


def _link_share(paragraphs: list[_Paragraph]) -> float:
    total = sum(len(p.text) for p in paragraphs)
    return sum(p.link_chars for p in paragraphs) / total if total else 0.0


# --------------------------------------------------------------------------- metadata


def _declared_language(meta: _PageMeta) -> str | None:
    candidates = [
        meta.lang,
        meta.meta.get("content-language"),
        meta.og.get("locale"),
        meta.meta.get("language") or meta.meta.get("dc.language"),
        _ld_text(meta.ld_article.get("inLanguage")) if meta.ld_article else None,
    ]
    return next((c.strip() for c in candidates if c and c.strip()), None)


def _canonical_url(meta: _PageMeta, final_url: str) -> str:
    fallback = _safe_clean_url(final_url)
    for candidate in [*meta.canonical, meta.og.get("url", "")]:
        if not candidate:
            continue
        try:
            absolute = urljoin(final_url, candidate)
            parts = urlsplit(absolute)
            final_path = urlsplit(final_url).path
        except ValueError:
            continue
        # A saved page (file:, stdin) has no site of its own: its canonical URL is the best one.
        from_web = urlsplit(final_url).scheme in {"http", "https"}
        if parts.scheme not in {"http", "https"} or (
            from_web and not same_site(absolute, final_url)
        ):
            continue
        # A canonical pointing at the home page of a deep page is a template bug.
        if from_web and parts.path.strip("/") == "" and final_path.strip("/") != "":
            continue
        return _safe_clean_url(absolute)
    return fallback


def _site_name(meta: _PageMeta, doc: Any) -> str | None:
    """The site's name as the page states it (OpenGraph, JSON-LD publisher, trafilatura)."""
    publisher = _ld_text(meta.ld_article.get("publisher")) if meta.ld_article else None
    traf = getattr(doc, "sitename", None)
    if isinstance(traf, str) and " " not in traf.strip() and "." in traf:
        traf = None  # trafilatura's fallback is the host name: the title may name the site
    for candidate in (meta.og.get("site_name"), publisher, traf):
        if isinstance(candidate, str) and _meta_text(candidate) and len(candidate) <= 100:
            name = _meta_text(candidate)
            # "https://www.example.com" as a name: the host says the same, more briefly
            return _safe_site(name) if "://" in name else name
    return None


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»:/]{1,2}\s+")


def _title(meta: _PageMeta, doc: Any, site: str | None, final_url: str) -> tuple[str, str]:
    """The headline without a site-name suffix, and that suffix (empty when there was none)."""
    headline = _ld_text(meta.ld_article.get("headline")) if meta.ld_article else None
    for candidate in (headline, meta.og.get("title"), meta.meta.get("twitter:title")):
        if candidate and _meta_text(candidate):
            return _strip_site_from_title(_meta_text(candidate), site, final_url)
    if meta.title_tag:
        # "Headline | Section | Site" with an <h1> "Headline": the h1 is the clean headline.
        for h1 in meta.h1:
            if h1 in meta.title_tag and len(h1) >= 0.4 * len(meta.title_tag):
                return h1, _strip_site_from_title(meta.title_tag, site, final_url)[1]
        return _strip_site_from_title(meta.title_tag, site, final_url)
    for candidate in (getattr(doc, "title", None), *meta.h1):
        if isinstance(candidate, str) and _meta_text(candidate):
            return _strip_site_from_title(_meta_text(candidate), site, final_url)
    return "", ""


def _site_keys(site: str | None, final_url: str) -> set[str]:
    keys = set()
    if site:
        keys.add(_alnum(site))
    host = _safe_site(final_url) or ""
    labels = [label for label in host.split(".") if label]
    if labels:
        keys.add(_alnum(host))
        # the registrable name: "bbc" of bbc.co.uk, "nytimes" of www.nytimes.com
        core = [label for label in labels if label not in {"co", "com", "org", "net", "gov", "ac"}]
        if len(core) >= 2:
            keys.add(_alnum(core[-2]))
        elif core:
            keys.add(_alnum(core[0]))
    return {k for k in keys if len(k) >= 2}


def _strip_site_from_title(title: str, site: str | None, final_url: str) -> tuple[str, str]:
    """Split off a " - Site Name" suffix (or "Site Name | " prefix) that names the site."""
    keys = _site_keys(site, final_url)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2 or not keys:
        return title, ""

    def names_site(part: str) -> bool:
        key = _alnum(part)
        if not key or len(part.split()) > 6:
            return False
        return any(key == k or (len(key) >= 3 and key in k) or k in key for k in keys)

    seps = _TITLE_SEPARATORS.findall(title)
    if names_site(parts[-1]):
        cut = title.rfind(seps[-1])
        head, tail = title[:cut].strip(), title[cut + len(seps[-1]) :].strip()
        return (head, tail) if head else (title, "")
    if names_site(parts[0]):
        cut = title.find(seps[0])
        head, tail = title[:cut].strip(), title[cut + len(seps[0]) :].strip()
        return (tail, head) if tail else (title, "")
    return title, ""


def _author(meta: _PageMeta, doc: Any) -> str | None:
    names: list[str] = []
    if meta.ld_article:
        raw = meta.ld_article.get("author")
        for item in raw if isinstance(raw, list) else [raw]:
            name = _ld_text(item)
            if name and name not in names:
                names.append(name)
    if not names:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"):
            value = meta.meta.get(key)
            if value and "://" not in value:
                names = [value]
                break
    if not names:
        traf = getattr(doc, "author", None)
        if isinstance(traf, str):
            names = [n.strip() for n in traf.split(";") if n.strip()]
    cleaned = []
    for name in names:
        name = re.sub(r"^(by|von|par|por|автор:?)\s+", "", _meta_text(name), flags=re.IGNORECASE)
        if name and len(name) <= 80 and "://" not in name and name not in cleaned:
            cleaned.append(name)
    return ", ".join(cleaned[:5]) or None


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _published(meta: _PageMeta, doc: Any) -> dt.date | None:
    candidates = [
        meta.ld_article.get("datePublished") if meta.ld_article else None,
        meta.meta.get("article:published_time"),
        meta.og.get("article:published_time"),
        meta.meta.get("pubdate"),
        meta.meta.get("publishdate"),
        meta.meta.get("date"),
        meta.meta.get("dc.date") or meta.meta.get("dcterms.created"),
        getattr(doc, "date", None),
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and (match := _DATE.search(candidate)):
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


# --------------------------------------------------------------------------- small helpers


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _meta_text(text: str) -> str:
    """A metadata value, whitespace-normalised, with entities escaped twice by the site undone."""
    text = _norm(text)
    if "&" in text and _ENTITY.search(text):
        text = _norm(html_lib.unescape(text))
    return text


def _alnum(text: str) -> str:
    """Letters and digits only, lower-cased: a key that ignores spacing and punctuation."""
    return _NON_ALNUM.sub("", text.lower())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _word_units_of(paragraphs: Iterable[_Paragraph]) -> int:
    return sum(count_words(p.text) for p in paragraphs)


def _safe_clean_url(url: str) -> str:
    try:
        return clean_url(url)
    except ValueError:
        return url


def _safe_site(url: str) -> str | None:
    try:
        return site_of(url) or None
    except ValueError:
        return None
