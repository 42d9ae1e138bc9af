"""The article body: trafilatura's XML (or JSON-LD, or readability) -> clean paragraphs.

``extract_article`` runs the stages listed in the package's docstring; this module holds the
body stages (paragraphs, boilerplate cuts, fallbacks, junk refusal). The rules it applies to
single lines are data, in ``summarizer.extract.boilerplate``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from summarizer.errors import ExtractionError, NotAnArticleError
from summarizer.extract.boilerplate import (
    ABOUT_NAME,
    BOILERPLATE_LINE,
    BYLINE,
    BYLINE_CONNECTORS,
    COOKIE,
    CREDIT_TAIL,
    DATE_STAMP,
    FURNITURE_HEADING,
    FURNITURE_LINE,
    LOGIN,
    NEWSLETTER,
    NO_WORD,
    PROMO,
    SUBSCRIBE,
)
from summarizer.extract.metadata import (
    _ARTICLE_TYPES,
    _author,
    _canonical_url,
    _declared_language,
    _PageMeta,
    _published,
    _read_page_meta,
    _site_name,
    _strip_site_from_title,
    _title,
    _trafilatura_metadata,
)
from summarizer.extract.page import _BAD_CHARS, _XML_DECL, _parse, _prune
from summarizer.extract.text import MIN_ARTICLE_WORDS, _alnum, _norm, _safe_site, _shorten
from summarizer.language import declared_or_detected
from summarizer.types import Article, count_words

logger = logging.getLogger(__name__)

# Below this many words trafilatura's result is "too little" and the fallbacks are tried.
FALLBACK_BELOW_WORDS = 150

# Readability is tried when trafilatura's text is shorter than this share of the page's prose.
PROSE_COVERAGE = 0.7

# A body whose words are mostly link text is a list of links (index page, "more stories").
MAX_LINK_SHARE = 0.5


_WORD = re.compile(r"\w+")


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


def _is_boilerplate(p: _Paragraph) -> bool:
    words = count_words(p.text)
    if words <= 30 and BOILERPLATE_LINE.match(p.text):
        return True
    if words <= 12 and _is_byline(p.text):
        return True
    if NO_WORD.match(p.text):
        return True
    if words <= 45 and (FURNITURE_LINE.match(p.text) or PROMO.search(p.text)):
        return True
    if words <= 50 and NEWSLETTER.search(p.text) and SUBSCRIBE.search(p.text):
        return True
    if (
        words <= 10
        and DATE_STAMP.search(p.text)
        and (words <= 4 or not p.text.endswith((".", "!", "?")))
    ):
        return True
    if words <= 40 and CREDIT_TAIL.search(p.text) and not p.text.endswith((".", "!", "?", '"')):
        return True
    # A short line that is mostly a link: a related-story headline or a navigation item.
    return words <= 25 and p.link_share > 0.6


def _is_byline(text: str) -> bool:
    if not BYLINE.match(text) or text.endswith(("!", "?", ":")):
        return False
    words = text.split()[1:]
    return all(
        w.lower() in BYLINE_CONNECTORS or w[:1].isupper() or not w[:1].isalpha() for w in words
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
            in_furniture = bool(FURNITURE_HEADING.match(p.text) or ABOUT_NAME.match(p.text))
            # Headings are not body text; a question heading is (interviews, FAQs).
            if in_furniture or not p.text.endswith("?") or count_words(p.text) < 3:
                continue
        elif in_furniture:
            logger.debug("dropped furniture section: %.80s", p.text)
            continue
        elif count_words(p.text) <= 5 and ABOUT_NAME.match(p.text):
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
        if not text or not (FURNITURE_HEADING.match(text) or ABOUT_NAME.match(text)):
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
    cookie_hits = len(COOKIE.findall(raw_text))
    login_hits = len(LOGIN.findall(raw_text))
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
        if cookie_hits * 12 >= raw_words or _share_matching(paragraphs, COOKIE) > 0.5:
            raise NotAnArticleError("no article found: the page is a cookie wall")
        if (meta.password_inputs or login_hits >= 2) and (
            _share_matching(paragraphs, LOGIN) > 0.4 or login_hits * 15 >= raw_words
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


def _word_units_of(paragraphs: Iterable[_Paragraph]) -> int:
    return sum(count_words(p.text) for p in paragraphs)
