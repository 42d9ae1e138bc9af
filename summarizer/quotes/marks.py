"""Quotation marks: which marks open and close quotes, paragraph by paragraph.

Stage 1 of quote extraction (``summarizer.quotes``). Every mark is given a role from the
characters beside it (a mark after a space and before a word opens; one after a word and before
a space or punctuation closes; one between letters is an apostrophe), then a small stack pairs
them. Only top-level quotes are returned: what is quoted inside a quote stays part of it.

- Double marks: "…", “…”, „…“, „…”, «…», »…«, 「…」. A closer must belong to its opener's style,
  so a stray mark of another style cannot end a quote.
- Single marks (‘…’, '…', ‚…‘) are top-level quotes only where the language uses them so
  (English); elsewhere, and inside double quotes, they are ignored. Apostrophes (don't, O'Brien,
  students’, ’90s) are never quote marks.
- A doubled opening mark (`"“You…”`, `„„Das…“`, `« « C’est… »`) is one mark.
- A quote still open at the end of its paragraph is returned as open-ended: the caller decides
  whether the next paragraph continues it (it re-opens with a quote mark) or the mark was stray.

Everything is linear in the text: one regex scan for marks, then a pass over the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_DOUBLE = '"“”„‟«»「」『』'
_SINGLE = "'‘’‚‹›"
# Two apostrophes or backticks stand for double quotes in some archives: ''…'' and ``…''.
_DOUBLE_RE = re.compile("''|``|[" + re.escape(_DOUBLE) + "]")
_SINGLE_RE = re.compile("[" + re.escape(_SINGLE) + "]")
_MAX_MARKS = 1000  # marks read in one paragraph: prose never has more
_PARAGRAPH_RE = re.compile(r"[^\r\n]+")

# The closing marks each opening mark accepts.
_CLOSERS: dict[str, str] = {
    '"': '"”',
    "“": '”"',
    "„": '“”"',
    "‟": '”"',
    "”": '”"',
    "«": "»",
    "»": "«»",
    "「": "」",
    "『": "』",
    "'": "'’",
    "‘": "’'",
    "‚": "‘’",
    "‹": "›",
    "›": "‹›",
}
_OPEN_BEFORE = "([{—–‒-/:;,¡¿…" + _DOUBLE + _SINGLE
_CLOSE_AFTER = ".,;:!?)]}—–‒-…/" + _DOUBLE + _SINGLE
_TERMINAL = ".,!?…"
# Words that start with an apostrophe: 'em, 'til, 'cause, 'tis, 'twas, 'n', 'bout.
_ELISIONS = ("em", "til", "cause", "tis", "twas", "n", "bout", "round")


class _Role(Enum):
    OPEN = 1
    CLOSE = 2
    EITHER = 3  # decided by what is open
    NONE = 4


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int  # exclusive; surrounding whitespace excluded


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A top-level quote: marks at ``open_at`` and ``close_at``, content in [start, end)."""

    open_at: int
    close_at: int  # -1: still open at the end of the paragraph
    start: int
    end: int
    paragraph: int
    single: bool  # single quotation marks
    outer_end: int  # just past the closing mark (the content's end for an open-ended quote)

    @property
    def closed(self) -> bool:
        return self.close_at >= 0


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines: an article's paragraphs, also when they are separated by one newline."""
    result: list[Paragraph] = []
    for m in _PARAGRAPH_RE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start = m.start() + lead
        result.append(Paragraph(start, start + len(stripped)))
    return result


def _role(mark: str, prev: str, nxt: str) -> _Role:
    """The role of one mark from its neighbours (a space stands for the paragraph's edges)."""
    prev_space = prev.isspace()
    next_space = nxt.isspace()
    can_open = not next_space and nxt not in ".,;:!?)]}" and (prev_space or prev in _OPEN_BEFORE)
    can_close = not prev_space and (next_space or nxt in _CLOSE_AFTER or prev in _TERMINAL)
    if mark in "'’":
        if prev.isalnum() and nxt.isalnum():
            return _Role.NONE  # don't, O'Brien, l’homme
        if mark == "’" and not can_close:
            return _Role.NONE  # ’90s, ’em: a closing-shaped mark before a word is an apostrophe
        if can_open and not can_close:
            return _Role.OPEN
        if can_close and not can_open:
            return _Role.CLOSE
        return _Role.NONE
    if mark in "‘‚":
        if prev.isalnum() and nxt.isalnum():
            return _Role.NONE  # a typographic slip for an apostrophe: don‘t
        if can_open and not can_close:
            return _Role.OPEN
        if mark == "‘" and can_close and not can_open:
            return _Role.CLOSE  # German ‚…‘
        return _Role.NONE
    if mark in "«»‹›":
        return _Role.EITHER  # «…» and »…« are both in use; what is open decides
    if mark in "„‟「『":
        return _Role.NONE if (can_close and not can_open) else _Role.OPEN
    if mark in "」』":
        return _Role.CLOSE
    # " “ ”
    if can_open and not can_close:
        return _Role.OPEN
    if can_close and not can_open:
        return _Role.CLOSE
    return _Role.EITHER


@dataclass(slots=True)
class _Mark:
    pos: int
    char: str
    role: _Role
    size: int = 1


def _marks(text: str, start: int, end: int, chars: str) -> list[_Mark]:
    found: list[_Mark] = []
    pattern = _DOUBLE_RE if chars == _DOUBLE else _SINGLE_RE
    for seen, m in enumerate(pattern.finditer(text, start, end)):
        if seen >= _MAX_MARKS:
            break
        ch = m.group()
        size = len(ch)
        if size == 2:
            ch = '"' if ch == "''" else "“"
        i = m.start()
        prev = text[i - 1] if i > start else " "
        nxt = text[i + size] if i + size < end else " "
        role = _role(ch, prev, nxt)
        if size == 2 and ch == "“" and role is _Role.CLOSE:
            role = _Role.NONE
        if role is not _Role.NONE:
            found.append(_Mark(i, ch, role, size))
    return found


def _content(text: str, open_at: int, end: int, size: int = 1) -> tuple[int, int]:
    """[start, end) of a quote's words between its marks, without surrounding whitespace."""
    start = open_at + size
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _double_spans(text: str, para: Paragraph, index: int) -> list[QuoteSpan]:
    marks = _marks(text, para.start, para.end, _DOUBLE)
    spans: list[QuoteSpan] = []
    stack: list[_Mark] = []
    # closers_after[k][c]: marks after k that could close an opening c (for " and “ only).
    closers_after = _closers_after(marks)
    for k, mark in enumerate(marks):
        role = mark.role
        if role is _Role.EITHER:
            open_styles = any(mark.char in _CLOSERS[o.char] for o in stack)
            role = _Role.CLOSE if open_styles else _Role.OPEN
        if role is _Role.CLOSE:
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if mark.char in _CLOSERS[stack[d].char]),
                -1,
            )
            if depth < 0:
                continue  # a stray closing mark
            if depth == 0:
                start, end = _content(text, stack[0].pos, mark.pos, stack[0].size)
                if end > start:
                    spans.append(
                        QuoteSpan(
                            stack[0].pos, mark.pos, start, end, index, False, mark.pos + mark.size
                        )
                    )
                stack.clear()
            else:
                del stack[depth:]
            continue
        gap = stack[-1].pos + stack[-1].size if stack else -1
        if (
            gap >= 0
            and mark.pos - gap <= 2
            and not text[gap : mark.pos].strip()
            and (mark.char == stack[-1].char or {mark.char, stack[-1].char} <= {'"', "“"})
        ):
            # "“You…”, „„Das…“, « « C’est… »: a doubled opener is one mark (« “Je…” … » is
            # a quote that opens with a quote inside it).
            stack[-1].size = mark.pos + mark.size - stack[-1].pos
            continue
        # The same mark opening again inside a quote: a nested quote written with the outer
        # style, or the first mark was stray. Nesting needs two more closers ahead.
        if (
            len(stack) == 1
            and stack[0].char == mark.char
            and mark.char in '"“'
            and closers_after[k + 1][mark.char] < 2
        ):
            stack.clear()
        if len(stack) >= _MAX_DEPTH:
            stack.clear()  # nobody nests quotes this deep: the marks are noise
        stack.append(mark)
    if stack:
        start, end = _content(text, stack[0].pos, para.end, stack[0].size)
        if end > start:
            spans.append(QuoteSpan(stack[0].pos, -1, start, end, index, False, end))
    return spans


_MAX_DEPTH = 4
_MAX_LOOKAHEAD = 200  # marks searched for a single quote's closing mark


def _closers_after(marks: list[_Mark]) -> list[dict[str, int]]:
    counts = {'"': 0, "“": 0}
    result = [dict(counts)]
    for mark in reversed(marks):
        if mark.role is not _Role.OPEN:
            for opener in counts:
                if mark.char in _CLOSERS[opener]:
                    counts[opener] += 1
        result.append(dict(counts))
    result.reverse()
    return result


def _possessive(text: str, pos: int, end: int) -> bool:
    """A closing-shaped single mark after an s and before a word: students’ union."""
    return (
        pos > 0
        and text[pos - 1] in "sSzZ"
        and pos + 2 < end
        and text[pos + 1] == " "
        and text[pos + 2].isalnum()
    )


def _single_spans(text: str, start: int, end: int, index: int) -> list[QuoteSpan]:
    marks = _marks(text, start, end, _SINGLE)
    spans: list[QuoteSpan] = []
    k = 0
    while k < len(marks):
        opener = marks[k]
        if opener.role is not _Role.OPEN or opener.char in "‹›":
            k += 1
            continue
        if opener.char == "'":
            word = re.match(r"[A-Za-z]+", text[opener.pos + 1 : opener.pos + 8])
            if word and word.group().lower() in _ELISIONS:
                k += 1
                continue
        candidates: list[int] = []
        for j in range(k + 1, min(len(marks), k + _MAX_LOOKAHEAD)):
            m = marks[j]
            if m.role is _Role.OPEN and m.char == opener.char:
                break  # a new quote begins before this one closed: the opener was stray
            if m.role is _Role.CLOSE and m.char in _CLOSERS[opener.char]:
                candidates.append(j)
        if not candidates:
            k += 1
            continue
        chosen = next((j for j in candidates if not _possessive(text, marks[j].pos, end)), None)
        if chosen is None:
            chosen = candidates[0]
        s, e = _content(text, opener.pos, marks[chosen].pos)
        if e > s:
            spans.append(
                QuoteSpan(opener.pos, marks[chosen].pos, s, e, index, True, marks[chosen].pos + 1)
            )
        k = chosen + 1
    return spans


def find_spans(text: str, paragraphs: list[Paragraph], single_quotes: bool) -> list[QuoteSpan]:
    """Top-level quotes of every paragraph, in text order."""
    spans: list[QuoteSpan] = []
    for index, para in enumerate(paragraphs):
        doubles = _double_spans(text, para, index)
        if single_quotes:
            singles: list[QuoteSpan] = []
            cursor = para.start
            for span in doubles:
                singles.extend(_single_spans(text, cursor, span.open_at, index))
                cursor = span.outer_end
            if not doubles or doubles[-1].closed:
                singles.extend(_single_spans(text, cursor, para.end, index))
            if singles:
                doubles = sorted(doubles + singles, key=lambda s: s.open_at)
        spans.extend(doubles)
    return spans


def opens_paragraph(text: str, para: Paragraph) -> bool:
    """Whether a paragraph begins with an opening double quotation mark."""
    marks = _marks(text, para.start, min(para.end, para.start + 3), _DOUBLE)
    return bool(marks) and marks[0].pos == para.start and marks[0].role is not _Role.CLOSE


# --- display ------------------------------------------------------------------------------------
# How a found quote's text is shown inside “…” (the bot's replies, the CLI). Double marks inside
# a quote: " and “ open after a space, a bracket or at the start, and close otherwise (“ closes
# in German „…“); „ and « always open, ” and » always close.
_SHOWN_DOUBLE = frozenset('"“”„«»')
_SHOWN_OPEN_AFTER = frozenset(" \t\n([{—–-/")
# "…we won," he said: the comma is not part of what is quoted.
_SHOWN_DANGLING = re.compile(r"\s*[,;:]+(?=[’']?\s*$)")


def _shown_opens(value: str, index: int) -> bool:
    mark = value[index]
    if mark in "„«":
        return True
    if mark in "”»":
        return False
    return index == 0 or value[index - 1] in _SHOWN_OPEN_AFTER


def _shown_wrapped(value: str) -> bool:
    """Whether one pair of double marks encloses the whole text."""
    if len(value) < 2 or value[0] not in _SHOWN_DOUBLE or value[-1] not in _SHOWN_DOUBLE:
        return False
    if not _shown_opens(value, 0) or _shown_opens(value, len(value) - 1):
        return False
    depth = 0
    for index, char in enumerate(value):
        if char in _SHOWN_DOUBLE:
            depth += 1 if _shown_opens(value, index) else -1
            if depth <= 0 and index < len(value) - 1:
                return False
    return depth == 0


def display_text(value: str, partial: bool = False) -> str:
    """A quote's words ready to sit inside “…”: marks around the whole text dropped, inner
    pairs of double quotes made single (‘…’), and a trailing comma, semicolon or colon removed
    (so no line ends in ``,””``). A partial quote (words quoted inside the writer's sentence)
    is shown as the fragment it is: "…" before it, and after it unless it ends a sentence
    (`…a disaster…`, `…an attack on our country.`)."""
    shown = _display(value)
    if not partial or not shown:
        return shown
    return "…" + shown + ("" if shown[-1] in ".!?…" else "…")


def _display(value: str) -> str:
    words = value.strip()
    while _shown_wrapped(words):
        words = words[1:-1].strip()
    chars = list(words)
    opened: list[int] = []
    for index, char in enumerate(words):
        if char not in _SHOWN_DOUBLE:
            continue
        if _shown_opens(words, index):
            opened.append(index)
        elif opened:  # a pair: made single; a stray mark (5" screen) stays as it is
            chars[opened.pop()], chars[index] = "‘", "’"
    return _SHOWN_DANGLING.sub("", "".join(chars))
