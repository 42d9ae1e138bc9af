"""The article body: trafilatura's default output, with only the corrections that were measured.

``extract_article`` runs the stages listed in the package's docstring. The body is chosen in two
steps, so that ``benchmarks.extraction`` can score every rule on data it was not chosen on:

1. ``page_sources`` does the expensive work once per page: trafilatura with its default options
   (comments and tables included, links not), the page's own JSON-LD ``articleBody``, and
   readability-lxml, run lazily.
2. ``choose_body(sources, rules)`` applies the ``BodyRules``: cheap corrections to trafilatura's
   output, and the fallbacks. ``DEFAULT_RULES`` holds only what held up in the benchmark's
   leave-one-data-set-out selection (docs/benchmarks.md, Extraction): everything else falls back
   to trafilatura's own output. The other candidates stay selectable (``CANDIDATE_RULES``), so
   the selection can be rerun on new data.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import normalize_unicode
from trafilatura.xml import xmltotxt

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
    PAYWALL_LINE,
    PLACEHOLDER_LINE,
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
from summarizer.extract.page import _BAD_CHARS, _XML_DECL, _parse, repair_mojibake
from summarizer.extract.text import (
    MIN_ARTICLE_WORDS,
    MIN_TEXT_WORDS,
    _alnum,
    _norm,
    _safe_site,
    _shorten,
)
from summarizer.language import declared_or_detected
from summarizer.types import Article, count_words

logger = logging.getLogger(__name__)

# Readability (it costs as much as trafilatura) is only run when trafilatura's text is short or
# shorter than the page's own prose in <p> (``BodyRules.readability_gate``): only then can
# trafilatura's output be clearly incomplete.
FALLBACK_BELOW_WORDS = 150
PROSE_COVERAGE = 1.0

# A body whose words are mostly link text is a list of links (index page, "more stories").
MAX_LINK_SHARE = 0.5
# A page of short lines is an index page only when this share of its text is link text.
INDEX_LINK_SHARE = 0.25
# Prose words (paragraphs of 15 words or more) that a page of teaser cards must hold outside the
# cards to be served as an article without them (fixed, not tuned: about three paragraphs).
ARTICLE_AMONG_TEASERS_WORDS = 150
# A line of page furniture is short: on a page with little text, a longer line is text.
FURNITURE_LINE_WORDS = 8

_WORD = re.compile(r"\w+")
_SHINGLE = 4

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
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
        "figure", "figcaption", "header", "footer", "aside", "nav", "form", "hr", "address",
        "center",
    }
)  # fmt: skip

# trafilatura's XML: containers whose children are the units a rule keeps or drops.
_CONTAINERS = frozenset({"list", "quote", "div"})
_UNIT_TAGS = frozenset({"p", "item", "list", "quote", "head", "table"})


@dataclass(slots=True)
class _Paragraph:
    text: str
    link_chars: int = 0
    kind: str = "p"  # p, item, quote, cell, head

    @property
    def link_share(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


# --------------------------------------------------------------------------- the rules


def _line_boilerplate(text: str, words: int, linked: bool) -> bool:
    return words <= 30 and bool(BOILERPLATE_LINE.match(text))


def _line_byline(text: str, words: int, linked: bool) -> bool:
    return words <= 12 and _is_byline(text)


def _line_no_word(text: str, words: int, linked: bool) -> bool:
    return bool(NO_WORD.match(text))


def _line_furniture(text: str, words: int, linked: bool) -> bool:
    return words <= 45 and bool(FURNITURE_LINE.match(text) or PROMO.search(text))


def _line_newsletter(text: str, words: int, linked: bool) -> bool:
    return words <= 50 and bool(NEWSLETTER.search(text) and SUBSCRIBE.search(text))


def _line_date_stamp(text: str, words: int, linked: bool) -> bool:
    return (
        words <= 10
        and bool(DATE_STAMP.search(text))
        and (words <= 4 or not text.endswith((".", "!", "?")))
    )


def _line_credit(text: str, words: int, linked: bool) -> bool:
    return (
        words <= 40
        and bool(CREDIT_TAIL.search(text))
        and not text.endswith((".", "!", "?", '"'))
    )


def _line_link(text: str, words: int, linked: bool) -> bool:
    return words <= 25 and linked


# Rules on one line of trafilatura's output: (text, words, is the text of a link) -> drop it.
LINE_RULES: dict[str, Callable[[str, int, bool], bool]] = {
    "boilerplate_line": _line_boilerplate,
    "byline": _line_byline,
    "no_word": _line_no_word,
    "furniture_line": _line_furniture,
    "newsletter": _line_newsletter,
    "date_stamp": _line_date_stamp,
    "credit": _line_credit,
    "link_line": _line_link,
}
# Rules on the structure of trafilatura's output (see ``_correct``).
STRUCTURE_RULES = (
    "title_line",  # a line that repeats the headline
    "comments",  # trafilatura's comment section, on a page that does not say it is no article
    "headings",  # headings other than questions
    "furniture_sections",  # everything under "Related stories", "About Acme", "Comments"...
    "furniture_texts",  # text found under such headings anywhere on the page
    "page_urls",  # a line that is the page's own URL
    "repeats",  # a long block repeated
    "pull_quotes",  # a short block whose words recur inside a longer one
)
CANDIDATE_RULES: tuple[str, ...] = (*STRUCTURE_RULES, *LINE_RULES)


@dataclass(frozen=True, slots=True)
class BodyRules:
    """Which corrections apply to trafilatura's default output.

    ``drop``: names from ``CANDIDATE_RULES``. ``readability_coverage``/``readability_ratio``:
    readability-lxml's text replaces trafilatura's when it holds at least that share of
    trafilatura's word 4-grams and at least that many times its words (``None``: never).
    ``rescue_below``: when trafilatura finds fewer words than this, the longer of JSON-LD
    ``articleBody`` and readability is taken instead (a page that would otherwise be refused).
    ``readability_gate``: readability is only tried when trafilatura found under
    ``FALLBACK_BELOW_WORDS`` words or fewer characters than this many times the page's prose.
    ``ld_paragraphs``: when the JSON-LD ``articleBody`` is the same text as trafilatura's (95% of
    the word 4-grams each way) with more paragraph breaks, its paragraphs are used: a layout
    fix for the sentence splitter, not a selection (the same words either way).
    """

    drop: frozenset[str] = frozenset()
    readability_coverage: float | None = None
    readability_ratio: float = 1.5
    rescue_below: int = 0
    ld_paragraphs: bool = False
    readability_gate: float = PROSE_COVERAGE


# Chosen by benchmarks.extraction's leave-one-data-set-out selection over AEB, WCXB dev,
# Readability's test pages and benchmarks/fixtures/extraction (docs/benchmarks.md, Extraction).
DEFAULT_RULES = BodyRules(
    drop=frozenset({"title_line", "comments"}),
    readability_coverage=0.8,
    readability_ratio=1.5,
    rescue_below=MIN_ARTICLE_WORDS,
    ld_paragraphs=True,
)


@dataclass(slots=True)
class PageSources:
    """What the rules choose from, computed once per page."""

    html: str
    body: Any  # trafilatura's XML body (None when it found nothing)
    comments: Any  # trafilatura's XML comment section, or None
    not_an_article: bool  # the page says it is something else (og:type "website", no article)
    title: str
    page_urls: list[str]
    anchors: frozenset[str]  # keys (``_alnum``) of the page's link texts
    furniture: frozenset[str]
    ld_body: list[_Paragraph]
    prose_chars: int
    _readability: list[_Paragraph] | None = field(default=None, repr=False)

    def readability(self) -> list[_Paragraph]:
        if self._readability is None:
            self._readability = _readability_paragraphs(self.html)
        return self._readability


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


def page_sources(html: str, url: str, *, final_url: str | None = None) -> PageSources:
    """Parse ``html`` and run trafilatura once (for benchmarks: rules are then cheap to try)."""
    final_url = final_url or url
    tree = _parse(html)
    meta = _read_page_meta(tree)
    return _sources(html, tree, meta, url, final_url, _headline(meta, final_url)[0])


def _headline(meta: _PageMeta, final_url: str) -> tuple[str, str | None]:
    site = _site_name(meta, None, final_url)
    title, title_site = _title(meta, None, site, final_url)
    if not site and not title_site and meta.title_tag:
        title_site = _strip_site_from_title(meta.title_tag, None, final_url)[1]
    return title, site or title_site or None


def _sources(
    html: str, tree: Any, meta: _PageMeta, url: str, final_url: str, title: str
) -> PageSources:
    # trafilatura's defaults, exactly as trafilatura.extract(html, url=...) runs them.
    doc = trafilatura.bare_extraction(tree, url=final_url or None, with_metadata=False)
    body = getattr(doc, "body", None)
    comments = getattr(doc, "commentsbody", None)
    return PageSources(
        html=html,
        body=body if body is not None and len(body) else None,
        comments=comments if comments is not None and len(comments) else None,
        not_an_article=_declared_not_an_article(meta),
        title=title,
        page_urls=[url, final_url, *meta.canonical, meta.og.get("url", "")],
        anchors=frozenset(k for k in (_alnum(a.text_content()) for a in tree.iter("a")) if k),
        furniture=_furniture_texts(tree),
        ld_body=_ld_body_paragraphs(meta),
        prose_chars=meta.prose_chars,
    )


def _declared_not_an_article(meta: _PageMeta) -> bool:
    """The page says what it is and that is not an article: an og:type other than "article"
    ("website", "product") and no JSON-LD article. Its "comment section" is then trafilatura's
    guess on a listing, a forum or a product page (WCXB's ranking page 4331: the rankings
    themselves), not readers' comments under a story."""
    og_type = meta.og.get("type", "").strip().lower()
    return bool(og_type) and not og_type.startswith("article") and meta.ld_article is None


def choose_body(sources: PageSources, rules: BodyRules = DEFAULT_RULES) -> tuple[
    list[_Paragraph], list[_Paragraph], str
]:
    """The article's paragraphs, trafilatura's uncorrected ones, and where the first came from
    (``trafilatura``, ``readability`` or ``json-ld``)."""
    raw = _trafilatura_paragraphs(sources, BodyRules())
    paragraphs = _trafilatura_paragraphs(sources, rules) if rules.drop else raw
    if (
        rules.ld_paragraphs
        and len(sources.ld_body) > len(paragraphs)
        and _shingle_coverage(paragraphs, sources.ld_body) >= 0.95
        and _shingle_coverage(sources.ld_body, paragraphs) >= 0.95
    ):
        paragraphs = sources.ld_body
    words = _word_units_of(paragraphs)
    if words < rules.rescue_below:
        # trafilatura found (almost) nothing: the page would be refused. The publisher's
        # JSON-LD articleBody or readability, whichever holds more.
        options = [(_word_units_of(p), name, p) for name, p in
                   (("json-ld", sources.ld_body), ("readability", sources.readability()))]
        best_words, name, best = max(options, key=lambda option: option[0])
        if best_words >= rules.rescue_below:
            logger.debug("using %s: trafilatura found %d words", name, words)
            return _without_title(best, sources, rules), raw, name
    if rules.readability_coverage is not None and (
        words < FALLBACK_BELOW_WORDS
        or _chars_of(paragraphs) < rules.readability_gate * sources.prose_chars
    ):
        # trafilatura may stop at one of several body containers (ads between them): take
        # readability's result when it holds what trafilatura found and clearly more.
        alternative = sources.readability()
        alt_words = _word_units_of(alternative)
        if (
            alt_words >= max(MIN_ARTICLE_WORDS, rules.readability_ratio * words)
            and _shingle_coverage(paragraphs, alternative) >= rules.readability_coverage
        ):
            logger.debug("using readability (%d words vs %d)", alt_words, words)
            return _without_title(alternative, sources, rules), raw, "readability"
    return paragraphs, raw, "trafilatura"


def _without_title(
    paragraphs: list[_Paragraph], sources: PageSources, rules: BodyRules
) -> list[_Paragraph]:
    if "title_line" not in rules.drop or not sources.title:
        return paragraphs
    key = _alnum(sources.title)
    return [p for p in paragraphs if _alnum(p.text) != key]


def _extract_html(html: str, url: str, final_url: str) -> Article:
    # Before parsing: trafilatura drops the C1 controls that a repair needs ("â€\x9d" is ”).
    html = repair_mojibake(html)
    tree = _parse(html)
    meta = _read_page_meta(tree)
    title, site = _headline(meta, final_url)
    sources = _sources(html, tree, meta, url, final_url, title)
    paragraphs, raw, _ = choose_body(sources)

    paragraphs = _refuse_junk(paragraphs, raw, meta, tree, title)

    texts = tuple(p.text for p in paragraphs)
    short = _word_units_of(paragraphs) < MIN_ARTICLE_WORDS
    author, published = _author(meta, None), _published(meta, None)
    if author is None or published is None or not title or not site:
        # trafilatura's metadata search (bylines in the page, htmldate) costs a third of the
        # extraction time: only for pages that do not state these themselves.
        found = _trafilatura_metadata(tree, final_url)
        author = author or _author(meta, found)
        published = published or _published(meta, found)
        title = title or _title(meta, found, site, final_url)[0]
    return Article(
        url=url,
        canonical_url=_canonical_url(meta, final_url),
        title=title or _shorten(texts[0], 100),
        paragraphs=texts,
        author=author,
        published=published,
        site=site or _safe_site(final_url),
        language=declared_or_detected(_declared_language(meta), "\n\n".join(texts)),
        short=short,
    )


# --------------------------------------------------------------------------- trafilatura's text


def _trafilatura_paragraphs(sources: PageSources, rules: BodyRules) -> list[_Paragraph]:
    """trafilatura's text as ``trafilatura.extract`` writes it, less what ``rules`` drop."""
    parts = []
    if sources.body is not None:
        body = copy.deepcopy(sources.body) if rules.drop else sources.body
        if rules.drop:
            _correct(body, sources, rules.drop)
        parts.append(xmltotxt(body, False))
    if sources.comments is not None and (
        "comments" not in rules.drop or sources.not_an_article
    ):
        parts.append(xmltotxt(sources.comments, False))
    text = normalize_unicode("\n".join(parts).strip())
    paragraphs = []
    for line in text.split("\n"):
        line = _norm(line.removeprefix("- "))
        if line:
            key = _alnum(line)
            paragraphs.append(_Paragraph(line, len(line) if key in sources.anchors else 0))
    return paragraphs


def _units(el: Any, out: list[Any]) -> list[Any]:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _CONTAINERS and any(
            isinstance(c.tag, str) and c.tag in _UNIT_TAGS for c in child
        ):
            _units(child, out)
        else:
            out.append(child)
    return out


def _remove(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _correct(body: Any, sources: PageSources, drop: frozenset[str]) -> None:
    """Remove from trafilatura's XML ``body`` the units that the ``drop`` rules name."""
    title_key = _alnum(sources.title) if "title_line" in drop else ""
    url_keys = {u.rstrip("/") for u in sources.page_urls if u} if "page_urls" in drop else set()
    line_rules = [LINE_RULES[name] for name in drop if name in LINE_RULES]
    seen: set[str] = set()
    in_furniture = False
    removed: list[Any] = []
    kept: list[tuple[Any, str]] = []
    for el in _units(body, []):
        text = _norm("".join(el.itertext()))
        words = count_words(text)
        key = _alnum(text)
        if el.tag == "head":
            in_furniture = "furniture_sections" in drop and bool(
                FURNITURE_HEADING.match(text) or ABOUT_NAME.match(text)
            )
            if in_furniture or (
                "headings" in drop and (not text.endswith("?") or words < 3)
            ):
                removed.append(el)
                continue
        elif in_furniture:
            removed.append(el)
            continue
        elif "furniture_sections" in drop and words <= 5 and ABOUT_NAME.match(text):
            in_furniture = True
            removed.append(el)
            continue
        if not text:
            continue
        if (title_key and key == title_key) or (
            "furniture_texts" in drop and key in sources.furniture
        ) or (url_keys and text.rstrip("/") in url_keys):
            removed.append(el)
            continue
        if "repeats" in drop and words >= 15:
            if key in seen:
                removed.append(el)
                continue
            seen.add(key)
        linked = key in sources.anchors
        if any(rule(text, words, linked) for rule in line_rules):
            removed.append(el)
            continue
        kept.append((el, text))
    if "pull_quotes" in drop:
        pulled = _pull_quotes([_Paragraph(text) for _, text in kept])
        removed.extend(el for (el, _), is_pulled in zip(kept, pulled, strict=True) if is_pulled)
    for el in removed:
        _remove(el)


def _shingles(paragraphs: Iterable[_Paragraph]) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(" ".join(p.text for p in paragraphs))
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def _shingle_coverage(part: list[_Paragraph], whole: list[_Paragraph]) -> float:
    """Share of ``part``'s word 4-grams (counted with repeats) that ``whole`` also holds."""
    mine = _shingles(part)
    total = sum(mine.values())
    return sum((mine & _shingles(whole)).values()) / total if total else 0.0


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


# --------------------------------------------------------------------------- other sources


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


def _is_byline(text: str) -> bool:
    if not BYLINE.match(text) or text.endswith(("!", "?", ":")):
        return False
    words = text.split()[1:]
    return all(
        w.lower() in BYLINE_CONNECTORS or w[:1].isupper() or not w[:1].isalpha() for w in words
    )


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
    paragraphs: list[_Paragraph],
    raw: list[_Paragraph],
    meta: _PageMeta,
    tree: Any,
    title: str = "",
) -> list[_Paragraph]:
    """Raise ``NotAnArticleError`` for a page that is not an article; else its paragraphs.

    A page with little text (under ``MIN_ARTICLE_WORDS`` words) is served (marked short) when
    that text is real: not a login or cookie wall, not under ``MIN_TEXT_WORDS`` words once lines
    that stand in for content ("Page not found", "Loading…", ``PLACEHOLDER_LINE``) and page
    furniture (``BOILERPLATE_LINE``) are left out, and not a list of links. An article whose
    body came with a block of teaser cards (related stories, more from the section) is served
    without the cards rather than refused as an index page. A short page is also refused when
    its title is a placeholder ("404 Not Found", "Just a moment...") or a line says the rest is
    for subscribers (a teaser is not the article "in full"); it is served without its
    placeholder and furniture lines.
    """
    words = _word_units_of(paragraphs)
    raw_text = " ".join(p.text for p in raw) or _norm(tree.text_content())[:5000]
    raw_words = max(1, count_words(raw_text))
    cookie_hits = len(COOKIE.findall(raw_text))
    login_hits = len(LOGIN.findall(raw_text))

    if words < MIN_ARTICLE_WORDS:
        if meta.password_inputs or login_hits >= 2:
            raise NotAnArticleError("no article found: the page asks to log in")
        if cookie_hits >= 2:
            raise NotAnArticleError("no article found: the page is a cookie wall")
        if _text_words(paragraphs) < MIN_TEXT_WORDS or PLACEHOLDER_LINE.match(title.strip()):
            raise NotAnArticleError("no article found: the page has almost no text")
        if any(PAYWALL_LINE.search(p.text) for p in paragraphs):
            raise NotAnArticleError("no article found: the page asks to log in or subscribe")
        paragraphs = [p for p in paragraphs if _is_text(p)]
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
    # Headline-sized snippets, a good share of them links to other pages: a front page. (Short
    # lines alone are not enough: documentation, forums and many articles are made of them.)
    prose_words = _word_units_of(
        p for p in paragraphs if count_words(p.text) >= 15 and p.link_share < 0.5
    )
    if (
        not is_article_ld
        and prose_words < 0.35 * words
        and len(paragraphs) >= 8
        and _link_share(paragraphs) >= INDEX_LINK_SHARE
    ):
        raise NotAnArticleError("no article found: the page looks like an index page")
    teasers, teaser_share, teaser_keys = _teasers(paragraphs, tree)
    if teasers >= 4 and teaser_share >= 0.6:
        rest = [p for p in paragraphs if _alnum(p.text) not in teaser_keys]
        rest_prose = _word_units_of(
            p for p in rest if count_words(p.text) >= 15 and p.link_share < 0.5
        )
        if rest_prose < ARTICLE_AMONG_TEASERS_WORDS:
            raise NotAnArticleError("no article found: the page looks like an index page")
        return rest
    return paragraphs


_LINKED_HEADING = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5][.//a[@href]]"
    " | .//a[@href][.//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5]]"
)


def _teasers(paragraphs: list[_Paragraph], tree: Any) -> tuple[int, float, frozenset[str]]:
    """How many paragraphs are teasers of other pages, their share of the words, and their
    keys (``_alnum`` of their text).

    A teaser is a ``<p>`` alone in a small card with a linked headline: the unit of a home page,
    a section front or a search result list. An article's paragraphs share their container.
    """
    wanted = {_alnum(p.text): p for p in paragraphs if count_words(p.text) >= 8}
    if len(wanted) < 4:
        return 0, 0.0, frozenset()
    count, words, keys = 0, 0, set()
    for el in tree.iter("p"):
        para = wanted.pop(_alnum(el.text_content()), None)
        if para is None:
            continue
        card = _teaser_card(el)
        if card is not None:
            count += 1
            words += count_words(para.text)
            keys.add(_alnum(para.text))
            # The card's headline and links go with it.
            keys.update(k for k in (_alnum(e.text_content()) for e in _CARD_TEXTS(card)) if k)
    total = _word_units_of(paragraphs)
    return count, (words / total if total else 0.0), frozenset(keys)


_CARD_TEXTS = etree.XPath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::a or self::p]"
)


def _teaser_card(el: Any) -> Any | None:
    """The small card with a linked headline that holds paragraph ``el``, if there is one."""
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None or node.tag in {"body", "html"}:
            return None
        other_prose = sum(
            1 for p in node.iter("p") if p is not el and count_words(p.text_content()) >= 12
        )
        if other_prose:
            return None  # the paragraph shares its container with more prose: a body
        if _LINKED_HEADING(node):
            return node
    return None


def _text_words(paragraphs: list[_Paragraph]) -> int:
    """Words of a page's text that are neither a placeholder nor a short line of page furniture
    ("Advertisement", "Share", "© 2026 Courier. All rights reserved."; a longer line that
    ``BOILERPLATE_LINE`` takes, such as "Loading of the ships starts at dawn, the port
    authority said.", is a sentence)."""
    return _word_units_of(p for p in paragraphs if _is_text(p))


def _is_text(paragraph: _Paragraph) -> bool:
    """Neither a placeholder line nor a short line of page furniture (see :func:`_text_words`)."""
    text = paragraph.text
    return not PLACEHOLDER_LINE.match(text) and not (
        count_words(text) <= FURNITURE_LINE_WORDS and BOILERPLATE_LINE.match(text)
    )


def _share_matching(paragraphs: list[_Paragraph], pattern: re.Pattern[str]) -> float:
    total = _word_units_of(paragraphs)
    hit = sum(count_words(p.text) for p in paragraphs if pattern.search(p.text))
    return hit / total if total else 0.0


def _chars_of(paragraphs: Iterable[_Paragraph]) -> int:
    return sum(len(p.text) for p in paragraphs)


def _link_share(paragraphs: list[_Paragraph]) -> float:
    total = sum(len(p.text) for p in paragraphs)
    return sum(p.link_chars for p in paragraphs) / total if total else 0.0


def _word_units_of(paragraphs: Iterable[_Paragraph]) -> int:
    return sum(count_words(p.text) for p in paragraphs)
