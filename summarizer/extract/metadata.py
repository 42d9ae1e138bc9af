"""Page metadata: what the page says about itself (JSON-LD, OpenGraph, ``<meta>``, canonical
link, ``<html lang>``) and the article's title, author, date, site and canonical URL from it.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from trafilatura import metadata as trafilatura_metadata

from summarizer.extract.text import _alnum, _norm, _safe_site
from summarizer.types import count_words
from summarizer.urls import clean_url, same_site

logger = logging.getLogger(__name__)

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


_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


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


def _trafilatura_metadata(tree: Any, url: str) -> Any:
    try:
        return trafilatura_metadata.extract_metadata(tree, default_url=url or None)
    except Exception:  # metadata is optional; the article stands without it
        logger.debug("trafilatura metadata failed", exc_info=True)
        return None


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


_SINGLE_QUOTED = re.compile(r"""(:\s*)'((?:[^'\\]|\\.)*)'(\s*[,}\]])""")


def _json_ld_objects(text: str) -> Iterator[dict[str, Any]]:
    text = text.strip()
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->").strip()
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        # Hand-written JSON-LD mistakes: trailing commas, and values in single quotes
        # ("description": 'Oil prices fell...', as on Reuters' pages).
        repaired = _SINGLE_QUOTED.sub(
            lambda m: f"{m[1]}{json.dumps(m[2].replace(chr(92) + chr(39), chr(39)))}{m[3]}",
            re.sub(r",\s*([}\]])", r"\1", text),
        )
        try:
            data = json.loads(repaired, strict=False)
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
    fallback = clean_url(final_url)
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
        return clean_url(absolute)
    return fallback


# A value that names a copyright or a rights notice, not a site ("Copyright 2014").
_NOT_A_NAME = re.compile(
    r"^\s*(©|\(c\)|copyright\b|all rights reserved|tous droits|alle rechte|todos los derechos)"
    r"|^[\W\d_]*$",
    re.IGNORECASE,
)


def _site_name(meta: _PageMeta, doc: Any, final_url: str = "") -> str | None:
    """The site's name as the page states it: ``og:site_name``, ``application-name``, the
    JSON-LD publisher. The first that names the page's host wins ("Reuters" on reuters.com over
    an ``og:site_name`` of "U.S.", the section); else the first that is a name at all. ``doc``
    (trafilatura's metadata) is not used: its site name can be a ``<meta name=copyright>``.
    """
    publisher = _ld_text(meta.ld_article.get("publisher")) if meta.ld_article else None
    names = []
    for candidate in (meta.og.get("site_name"), meta.meta.get("application-name"), publisher):
        if not isinstance(candidate, str):
            continue
        name = _meta_text(candidate)
        if "://" in name:  # "https://www.example.com" as a name: the host, more briefly
            name = _safe_site(name) or ""
        if name and len(name) <= 80 and not _NOT_A_NAME.search(name) and name not in names:
            names.append(name)
    if not names:
        return None
    keys = _site_keys(None, final_url) if final_url else set()
    for name in names:
        key = _alnum(name)
        if any(key == k or (len(key) >= 3 and key in k) or (len(k) >= 3 and k in key)
               for k in keys):
            return name
    return names[0]


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
        person = person_name(name)
        if person and len(person) <= 80 and "://" not in person and person not in cleaned:
            cleaned.append(person)
    return ", ".join(cleaned[:5]) or None


# A label before the name: "By", "Analysis by", "Text:", "Текст", "Von", "Par", "Por", "记者".
_AUTHOR_LABEL = re.compile(
    r"""^(
        ((analysis|opinion|commentary|review|interview|story|report(ing)?|text|words|photos?
          |video|written|posted|edited|compiled|translated|reported|an\s+analysis|a\s+commentary
          |recipes?|photography|illustrations?|graphics|essay|column|rezept|recette|receta
          |ein\s+kommentar|kommentar|analyse|texte?|fotos?|reportage|entrevista|crónica|análisis)
         \s+)?(by|von|par|por|door|av|от)\s*:?\s+(?!(der|den|dem|van|la|le)\s)
      | (text|texte|texto|autor|autorin|auteur|autore|author|words|redacción|redaktion
         |текст|автор|авторы|материал\s+подготовил[аи]?)(\s*[:：/|]\s*|\s+)
      | (记者|作者|文|撰文|编辑)\s*[:：/|]?\s*
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# What follows a name after a comma or a dash, when it is a role or an affiliation.
_AUTHOR_ROLE = re.compile(
    r"\b(editor|correspondent|reporter|writer|columnist|contributor|staff|analyst|producer"
    r"|journalist|chief|senior|bureau|news|desk|anchor|host|reuters|associated press|afp"
    r"|author|professor|fellow|director|founder|president|expert|specialist|educator|consultant"
    r"|manager|scientist|researcher|nutritionist|dietitian|chef|ph\.?d|m\.d"
    r"|redakteur\w*|korrespondent\w*|autor\w*|journaliste|rédact\w*|envoyé\w*|corresponsal"
    r"|periodista|redactor\w*|enviad\w*|корреспондент\w*|обозревател\w*|редактор\w*"
    r"|журналист\w*|специальн\w*)\b|-at-|@",
    re.IGNORECASE,
)


_AUTHOR_DASH = re.compile(r"\s[|–—-]\s")


def person_name(text: str) -> str:
    """The person's name in a byline: "Analysis by Chris Cillizza, CNN Editor-at-large" ->
    "Chris Cillizza"; "Текст: Венера Ерофеева" -> "Венера Ерофеева"."""
    name = _meta_text(text)
    for _ in range(2):  # "Text by: Jane Doe" is two labels
        stripped = _AUTHOR_LABEL.sub("", name, count=1).strip()
        if not stripped or stripped == name:
            break
        name = stripped
    # "Jane Doe | Staff writer", "Jane Doe - Reuters": the role goes, an organisation's own
    # "Acme - IT department" stays whole.
    dash = _AUTHOR_DASH.search(name)
    if dash and _AUTHOR_ROLE.search(name[dash.end() :]):
        name = name[: dash.start()]
    # "Jane Doe, CNN Editor-at-large": a role after a comma goes; "Jane Doe, John Roe" stays.
    parts = [part.strip() for part in name.split(",")]
    name = ", ".join([parts[0], *(p for p in parts[1:] if p and not _AUTHOR_ROLE.search(p))])
    return name.strip(" ,;:-|")


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


def _meta_text(text: str) -> str:
    """A metadata value, whitespace-normalised, with entities escaped twice by the site undone."""
    text = _norm(text)
    if "&" in text and _ENTITY.search(text):
        text = _norm(html_lib.unescape(text))
    return text
