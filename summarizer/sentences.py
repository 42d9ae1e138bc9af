"""Sentence splitting for news text in many languages, with no NLTK data.

``split_sentences(text, language)`` returns the sentences of ``text`` in order, stripped.

How a boundary is decided (each rule says why):

1. Line breaks are hard boundaries: extracted articles keep one paragraph per line or block, and
   headings or captions never run on into the next sentence.
2. A candidate is a run of terminators (``. ! ? …``, the Greek question mark, and the CJK,
   Devanagari, Arabic, Armenian, Ethiopic and Burmese full stops) plus any closing quotes or
   brackets after it, so ``"It's over." Then`` ends after the quote mark.
3. Latin-style terminators need white space after them: ``3.5``, ``10.30``, ``example.com`` and
   ``U.S.-led`` are not boundaries. CJK full stops need none (those scripts use no spaces).
4. A sentence never starts with a lower-case letter: ``e.g. this``, ``…," he said``, ``"Stop!"
   she cried`` and ``wait... what`` stay whole. The next sentence must start with a letter, a
   digit or an opening quote or bracket, so ``coach? #tag`` stays whole too.
5. A full stop after a known abbreviation does not end a sentence: titles (Mr., Dr., St., Gen.,
   Sen., Prof., Herr, г., ул. ...), months before a number (``Jan. 5``), ``No. 5``, single-letter
   initials (``J. K. Rowling``, ``В. В. Путин``) and German ordinals before a month
   (``am 3. Oktober``, and with ``language="de"`` ``die 2. Bundesliga``).
6. Dotted acronyms (``U.S.``, ``a.m.``) end a sentence only when the next word looks like a
   sentence start (``The``, ``He``, a quote mark...), so ``the U.S. Senate`` stays whole but
   ``moved to the U.S. The next year`` splits.
7. A "sentence" that is only a list number (``1.``) joins the text after it.
8. An elision in brackets (``(...)``, ``[…]``) ends a sentence only before a capital letter or
   an opening quote: ``environ (...) 950 PV`` stays whole.

``sentence_spans(text, language, start, end)`` gives the same sentences as offsets; it is the
one splitter: the quote finder takes its sentence starts from it, and the renderer's
``sentence_pieces`` cuts an over-long message where a sentence starts, losslessly.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["sentence_pieces", "sentence_spans", "split_sentences"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLOSERS = "\"'”’»」』）)]】〕›"
_OPENERS = "\"'“‘„‚«「『（([【〔‹¿¡"
# Latin-style terminators (need white space after) and script full stops (need none).
_BOUNDARY = re.compile(
    r"(?P<term>\.{2,}|…+|[.!?\u037e]+[.!?…]*|[。！？｡．]+|[।॥؟۔։።။]+)"
    r"(?P<close>(?:[ \u00a0\u202f]?[»›])?[" + re.escape(_CLOSERS) + r"]*)"
    r"(?P<space>\s*)"
)
_NO_SPACE_NEEDED = frozenset("。！？｡．।॥؟۔։።။")
_LINE_BREAK = re.compile(r"\s*\n\s*")

# Abbreviations after which a full stop never ends a sentence (lower case, without the dot).
_TITLES = _words(
    """
    mr mrs ms mx dr prof st mt ft sr jr gen col lt maj capt cpt sgt cpl adm cmdr gov sen rep pres
    supt insp det rev fr hon messrs mmes mme mlle msgr sra srta sres dña dra ing lic arq
    hr hrn frl dipl mag univ vs v cf ca approx dept bzw vgl ggf evtl inkl zzgl sog bspw
    av avda pza pl ul
    г гг ул пр пл им проф акад ген напр прим зам гос ст обл респ
    """
)
# Abbreviations that stand before a number ("No. 5", "Fig. 3", "S. 12", "стр. 5").
_BEFORE_NUMBER = _words(
    "no nos nr fig figs vol vols pp p op art abs tel str est ch sec s стр рис см т тт"
)
# Abbreviations that may also end a sentence: a full stop after them ends one only when the next
# word is capitalised (that is the general rule), so they need no entry. "etc.", "Inc.", "Ltd."
# and "Jr." fall here; "Jr." is listed above because it is far more often followed by a name.

_MONTHS = _words(
    """
    jan feb febr mar apr jun jul aug sep sept oct nov dec
    januar februar märz april mai juni juli august september oktober november dezember
    jän okt dez янв фев февр мар апр авг сен сент окт ноя нояб дек
    """
)
_MONTH_NAMES = _words(
    """
    januar februar märz april mai juni juli august september oktober november dezember jänner
    january february march april may june july august september october november december
    """
)
_WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday"
)
_CALENDAR_WORDS = _WEEKDAYS | _MONTH_NAMES
# Words that start a sentence far more often than they follow an acronym inside one.
_STARTERS = _words(
    """
    the a an he she it they we i you his her its their our this that these those there here
    but and or so yet if when while after before as in on at for from with by to of since
    although though however meanwhile mr mrs ms dr officials police authorities
    der die das ein eine er sie es wir ich le la les il elle ils nous je el los las ellos
    """
)
_DOTTED_ACRONYM = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")
_NEVER_AFTER_ACRONYM = frozenset({"e.g", "i.e", "z.b", "d.h", "u.a", "т.е", "т.д", "т.п", "т.к"})
_TIME_ACRONYMS = frozenset({"a.m", "p.m"})
# An elision in brackets: "(...)", "[…]".
_ELISION = re.compile(r"[(\[](?:\.{3}|…)[)\]]")
_LIST_NUMBER = re.compile(r"^\W*(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})\W*$")


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """The sentences of ``text``, in order, stripped of surrounding white space.

    ``language`` (ISO 639-1) only refines the rules (German ordinals before nouns); every text
    splits sensibly without it, since the rules key on scripts and words.
    """
    return [text[a:b] for a, b in sentence_spans(text, language)]


def sentence_spans(
    text: str, language: str | None = None, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Where the sentences of ``text[start:end]`` are: ``(first, past_last)`` offsets into
    ``text``, in order, each sentence stripped of surrounding white space. The one splitter:
    ``split_sentences`` returns these slices, the quote finder reads its sentence starts from
    them and the renderer cuts long messages at them."""
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for brk in _LINE_BREAK.finditer(text, start, stop):
        _split_line(text, pos, brk.start(), language, spans)
        pos = brk.end()
    _split_line(text, pos, stop, language, spans)
    return spans


def _split_line(
    text: str, first: int, stop: int, language: str | None, out: list[tuple[int, int]]
) -> None:
    while first < stop and text[first].isspace():
        first += 1
    while stop > first and text[stop - 1].isspace():
        stop -= 1
    if first >= stop:
        return
    line = text[first:stop]
    start = 0
    for match in _BOUNDARY.finditer(line):
        end = match.end("close")
        if not _is_boundary(line, start, match, language):
            continue
        a, b = _stripped(line, start, end)
        if _LIST_NUMBER.match(line[a:b]):
            continue  # "1." or "a)" alone: keep it with the sentence it numbers
        if a < b:
            out.append((first + a, first + b))
        start = match.end()
    a, b = _stripped(line, start, len(line))
    if a < b:
        out.append((first + a, first + b))


def _stripped(line: str, a: int, b: int) -> tuple[int, int]:
    while a < b and line[a].isspace():
        a += 1
    while b > a and line[b - 1].isspace():
        b -= 1
    return a, b


def _is_boundary(line: str, start: int, match: re.Match[str], language: str | None) -> bool:
    term = match.group("term")
    after = match.end()
    if after >= len(line):
        return False  # the line's end closes the last sentence anyway
    script_stop = term[-1] in _NO_SPACE_NEEDED
    if not match.group("space") and not script_stop:
        return False
    nxt = _next_word(line, after)
    if not nxt:
        return False
    first = nxt[0]
    opens_quote = line[after] in _OPENERS
    if first.islower():
        return False
    if not (first.isalpha() or first.isdigit() or opens_quote):
        return False
    if _ELISION.match(line, match.start() - 1) and not (first.isupper() or opens_quote):
        return False  # "(...) 950 PV": an elision inside a sentence, not the end of one
    if script_stop or term[0] in "!?…" or len(term) > 1:
        return True
    # A single full stop: is the word before it an abbreviation?
    prev = _previous_word(line, start, match.start())
    if not prev:
        return True
    low = prev.lower()
    if low in _TITLES:
        return False
    if first.isdigit() and (low in _MONTHS or low in _BEFORE_NUMBER):
        return False
    if len(prev) == 1 and prev.isalpha():
        if len(nxt) == 1:
            return False  # "z. B.", "J. K."
        return not prev.isupper()  # initials: "J. K. Rowling", "В. В. Путин"
    if prev.isdigit() and (nxt.lower() in _MONTH_NAMES or (language == "de" and len(prev) <= 2)):
        return False  # German ordinals: "am 3. Oktober", "die 2. Bundesliga"
    if "." in prev and _DOTTED_ACRONYM.match(prev):
        if low in _NEVER_AFTER_ACRONYM:
            return False
        if low in _TIME_ACRONYMS:
            return nxt.lower() not in _CALENDAR_WORDS
        return opens_quote or nxt.lower() in _STARTERS
    return True


def _next_word(line: str, pos: int) -> str:
    """The word that starts at ``pos``, skipping opening quotes and brackets."""
    while pos < len(line) and line[pos] in _OPENERS:
        pos += 1
    m = re.match(r"[\w'’.-]*", line[pos:])
    word = m.group(0) if m else ""
    return word.rstrip(".") or line[pos : pos + 1]


def _previous_word(line: str, start: int, end: int) -> str:
    """The word just before the terminator at ``end`` (within the current sentence)."""
    i = end
    while i > start and not line[i - 1].isspace() and line[i - 1] not in _OPENERS:
        i -= 1
    return line[i:end].strip("".join(set(_CLOSERS) | {"-", "—", "–", ","}))


def sentence_pieces(text: str, language: str | None = None) -> list[str]:
    """``text`` cut where each sentence starts (white space kept with the piece before), so
    that ``"".join(sentence_pieces(text)) == text``."""
    cuts = [a for a, _ in sentence_spans(text, language)[1:]]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if a < b]
