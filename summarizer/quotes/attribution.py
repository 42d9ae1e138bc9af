"""Attribution: which quotes are quotations, who said them, and which belong together.

Stage 2 of quote extraction (``summarizer.quotes``); stage 1 (``marks``) found the quotes,
stage 3 (``speakers``) reads names. For each quote, in this order:

1. Its sentence: where it starts, and whether the quote opens a clause (after a sentence start,
   a colon, a comma or a dash) or sits inside one (a partial quote: `she called it "a mess"`).
2. Attribution after it: `"…," X said` / `"…," said X` / `«…», — заявил X` / `„…“, so X` /
   `"…," according to X` / `"…" — X`. A quote that ends a sentence ("…done.") only takes a
   following sentence as its attribution when nothing before it attributes it, and only a named
   or pronoun subject (`"…done." Okafor said the…`).
3. Attribution before it: the nearest speech verb or cue to its left in the same sentence
   (`X said: "…"`, `X told reporters that "…"`, `According to X, "…"`), with the verb's subject
   read leftwards (appositions, "and said", ", adding" take the clause's subject).
4. Quotes with no attribution of their own join their neighbour: the second half of a split
   quote (`"…," X said, "…"`), the next sentences of the same speaker (`"…," X said. "…"`),
   a quote continued in the next paragraph, and a paragraph that is only a quote right after a
   paragraph that ended with an attributed quote. A paragraph ending in `X continued:` attributes
   the quote that opens the next one.
5. What is kept: attributed quotes that open a clause; partial quotes governed by a speech or
   labelling verb with a subject, three words or more, holding most (60%) of the characters of
   the statement they report, a label verb's object included (`called the senator a "nasty
   guy," an "anchor baby" …`), marked partial; stand-alone quoted sentences. Not:
   titles ("Fox and Friends"), scare quotes (single words, a phrase flagged inside the writer's
   own sentence), `so-called "…"` labels, quotes in headlines and captions.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from summarizer.quotes.lexicon import (
    ADDRESSEE_ARTICLES,
    ADDRESSEE_PREPOSITIONS,
    ADDRESSEE_PREPOSITIONS_BEFORE_NOUNS,
    ADDRESSEES,
    ADVERBS,
    BODIES,
    CAPTION_MARKERS,
    CLAUSE_BOUNDARIES,
    DAY_PARTS,
    DAY_WORDS,
    DETERMINERS,
    DOCUMENT_CUES,
    DOCUMENT_PLACES,
    FIRST_PERSON,
    GO_ON_PARTICLES,
    GO_ON_VERBS,
    LABEL_VERBS,
    NAME_PARTICLES,
    NAMING_WORDS,
    NON_PERSON_WORDS,
    NON_SPEAKERS,
    NOT_NAMES,
    PHRASAL_VERBS,
    PHRASE_STOPS,
    POSSESSIVES,
    PREPOSITIONS,
    PRO_DROP_VERBS,
    PRONOUNS,
    RIGHT_ONLY_VERBS,
    TELL_VERBS,
    TIME_UNITS,
    TIME_WORDS,
    WEEKDAYS,
    Gender,
    Lexicon,
    lexicon,
    title_gender,
)
from summarizer.quotes.marks import (
    Paragraph,
    QuoteSpan,
    find_spans,
    opens_paragraph,
    split_paragraphs,
)
from summarizer.quotes.speakers import (
    COORDINATORS,
    Kind,
    People,
    Person,
    Token,
    Who,
    parse_name_run,
    read_speaker,
    role_speaker,
    scan_people,
    tokenize,
)
from summarizer.sentences import sentence_spans

_WORD_RE = re.compile(r"\w+")
_CLAUSE_END_RE = re.compile(r"[,;:.!?—–(]")
_DASH_AFTER_RE = re.compile(r",?\s*[—–―‒]")  # "…." — Name, «…», — заявил
_SENTENCE_INSIDE_RE = re.compile(r"\w\w[.!?…]+[\"”’»)]*\s")
_LEAD_RE = re.compile(r"[\s,;]*(?P<dash>[—–―‒]|-{1,2}(?=\s))?\s*")
_TERMINAL = ".!?…"
_THAT = frozenset({"that", "dass", "que", "что", "como", "comme"})
# Auxiliaries of a compound past before its participle: "a déclaré", "ont déclaré", "ha dicho",
# "han dicho", "hat gesagt", "has said".
_AUXILIARIES = frozenset(
    {"a", "ont", "avait", "avaient", "ha", "han", "había", "habían", "hat", "hatte", "haben"}
    | {"hatten", "has", "had", "have", "s'est", "s’est", "se"}  # "s'est félicitée", "se felicitó"
)
_PARTICLES = frozenset({"on", "for", "up", "off", "in", "out", "back", "upon"})  # "called on"
_PRO_DROP = frozenset({"es", "it", "pt", "ru", "ca"})
_THING_SUBJECTS = frozenset({"it", "es", "это"})  # "it added": a document or body, not a person
# "WALLACE: If I may, sir, …": a line of a transcript, not a quotation.
_TRANSCRIPT_RE = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]{1,30}:\s")
# A partial quote is kept when at least this share of the characters of the statement it
# reports are inside its marks, and it has this many words (chosen on dev; see _keep_partial).
_MIN_PARTIAL_CHAR_SHARE = 0.6
_MIN_PARTIAL_WORDS = 3
_keep_all_partials = False  # benchmarks.quotes_partial: every candidate, to label them
_ARTICLES = frozenset({"a", "an", "the"})
_MIN_LABEL_WORDS = 10  # `the so-called "…"`: only a long quote is a quotation
_MIN_STANDALONE_WORDS = 3
_MAX_SUBJECT_TOKENS = 30
# Characters read around a quote for its attribution. It keeps every step local, so a long
# article with thousands of quotes (or one long paragraph of quote marks) stays linear.
_WINDOW = 400


@dataclass(frozen=True, slots=True)
class Attribution:
    who: Who | None
    cue: str
    end: int  # where the attribution clause ends (to join a quote that follows it)
    adjacent: bool = True  # the cue governs the quote directly (not a partial quote)
    cue_at: int = -1  # offset of the cue word


@dataclass(slots=True)
class Found:
    """A quote being attributed."""

    span: QuoteSpan
    words: int
    sentence: int  # index into the sentence starts
    opens_clause: bool
    attribution: Attribution | None = None
    label: bool = False
    partial: bool = False
    group: int = -1
    keep: bool = False
    continues: bool = False  # the next paragraph continues this open-ended quote


@dataclass(frozen=True, slots=True)
class Group:
    """Quotes said together (a split quote, a quote over several paragraphs) and their speaker."""

    parts: tuple[QuoteSpan, ...]
    speaker: str | None
    cue: str | None
    partial: bool = False  # every part sits inside the writer's sentence: `called it "a mess"`


@dataclass(slots=True)
class _Article:
    text: str
    lex: Lexicon
    language: str
    paragraphs: list[Paragraph]
    spans: list[QuoteSpan]
    tokens: list[Token]
    token_starts: list[int]
    sentence_starts: list[int]
    span_starts: list[int]
    skipped: set[int] = field(default_factory=set)
    next_long: list[int] = field(default_factory=list)
    phrasal: set[int] = field(default_factory=set)  # offsets of `went` in `went on`, …
    # capitalised words: how often each occurs, and those written after another one (a surname
    # after a first name); read once, when a one-word speaker first needs it
    words_seen: tuple[dict[str, int], set[str]] | None = None

    def word_use(self) -> tuple[dict[str, int], set[str]]:
        if self.words_seen is None:
            counts: dict[str, int] = {}
            after_name: set[str] = set()
            previous: Token | None = None
            for tok in self.tokens:
                if tok.capitalised:
                    counts[tok.text] = counts.get(tok.text, 0) + 1
                    if previous is not None and self.text[previous.end : tok.start] == " ":
                        after_name.add(tok.text)
                    previous = tok
                else:
                    previous = None
            self.words_seen = (counts, after_name)
        return self.words_seen

    def tokens_in(self, start: int, end: int, *, outside_quotes: bool = False) -> list[Token]:
        """Tokens starting in [start, end); with ``outside_quotes``, none inside a quote."""
        if not outside_quotes:
            lo = bisect.bisect_left(self.token_starts, start)
            return self.tokens[lo : bisect.bisect_left(self.token_starts, end)]
        toks: list[Token] = []
        cursor = start
        k = max(0, bisect.bisect_right(self.span_starts, start) - 1)
        while k < len(self.spans) and self.spans[k].open_at < end:
            span = self.spans[k]
            if span.outer_end > cursor:
                if span.open_at > cursor:
                    toks.extend(self.tokens_in(cursor, span.open_at))
                cursor = max(cursor, span.outer_end)
            k += 1
        if cursor < end:
            toks.extend(self.tokens_in(cursor, end))
        return toks

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.span_starts, pos) - 1
        if k < 0:
            return False
        span = self.spans[k]
        return span.open_at <= pos < span.outer_end

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def is_cue(self, tok: Token) -> bool:
        return tok.lower in self.lex.verbs or tok.start in self.phrasal

    def find_phrasal(self) -> None:
        """The first words of two-word speech verbs (`went on`, `shot back`) where their particle
        follows them."""
        if self.language not in ("", "en"):
            return
        for k in range(len(self.tokens) - 1):
            particle = PHRASAL_VERBS.get(self.tokens[k].lower)
            if particle is not None and self.tokens[k + 1].lower == particle:
                self.phrasal.add(self.tokens[k].start)


def _guess_language(text: str) -> str:
    sample = text[:4000]
    cyrillic = sum(1 for c in sample if "а" <= c.lower() <= "я" or c in "ёЁ")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    return "ru" if cyrillic > latin else ""


def _is_headline(text: str, para: Paragraph) -> bool:
    """A short line with no closing punctuation: a headline, subhead or credit line."""
    body = text[para.start : para.end]
    last = body.rstrip("'\"“”«»‘’」』) ")[-1:]
    if not last or last in _TERMINAL + ":" or _SENTENCE_INSIDE_RE.search(body):
        return False
    return len(_WORD_RE.findall(body)) <= 16


def _is_caption(text: str, para: Paragraph) -> bool:
    body = text[para.start : para.end].lower()
    if len(body) >= 400:
        return False
    for marker in CAPTION_MARKERS:
        at = body.find(marker)
        while at >= 0:
            if _credit(body, marker, at):
                return True
            at = body.find(marker, at + 1)
    return False


def _credit(body: str, marker: str, at: int) -> bool:
    """Whether ``marker`` at ``at`` is a photo credit. An agency credit with a slash
    ("REUTERS/Jonathan Ernst", "Jewel Samad/AFP") is a name or two at the end of the caption,
    not a poll's name in a sentence ("a Reuters/Ipsos poll showed …"); "©" inside a word is
    mojibake ("protegÃ©s"), not a copyright sign."""
    if "/" in marker:
        tail = body[at + len(marker) :]
        return len(_WORD_RE.findall(tail.split(")")[0])) <= 4 and len(_WORD_RE.findall(tail)) <= 6
    if marker == "©":
        before = body[at - 1] if at else " "
        return not (before.isalpha() or unicodedata.combining(before))
    return True


def _sentence_starts(
    text: str, paragraphs: list[Paragraph], spans: list[QuoteSpan], language: str | None
) -> list[int]:
    """Where sentences start, by the one splitter, except inside a quotation (a quote of
    several sentences is one statement)."""
    starts: list[int] = []
    span_starts = [s.open_at for s in spans]
    for para in paragraphs:
        starts.append(para.start)
        for pos, _ in sentence_spans(text, language, para.start, para.end)[1:]:
            k = bisect.bisect_right(span_starts, pos - 1) - 1
            if k >= 0 and spans[k].open_at < pos < spans[k].outer_end:
                continue
            starts.append(pos)
    return starts


def _prepare(text: str, language: str | None) -> _Article:
    lang = (language or "").lower()[:2] or _guess_language(text)
    lex = lexicon(lang or None)
    paragraphs = split_paragraphs(text)
    skipped = {i for i, p in enumerate(paragraphs) if _is_headline(text, p) or _is_caption(text, p)}
    spans = _limit_per_paragraph(find_spans(text, paragraphs, lex.single_quotes))
    spans = [s for s in spans if s.paragraph not in skipped]
    tokens = tokenize(text) if spans else []  # no quote, no need to read the words
    art = _Article(
        text=text,
        lex=lex,
        language=lang,
        paragraphs=paragraphs,
        spans=spans,
        tokens=tokens,
        token_starts=[t.start for t in tokens],
        sentence_starts=_sentence_starts(text, paragraphs, spans, lang or None),
        span_starts=[s.open_at for s in spans],
        skipped=skipped,
    )
    art.next_long = _next_long_spans(art)
    art.find_phrasal()
    return art


_MAX_SPANS_PER_PARAGRAPH = 60  # more quotes than this in one paragraph: not prose


def _limit_per_paragraph(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    kept: list[QuoteSpan] = []
    count = 0
    for span in spans:
        count = count + 1 if kept and kept[-1].paragraph == span.paragraph else 1
        if count <= _MAX_SPANS_PER_PARAGRAPH:
            kept.append(span)
    return kept


def _opens_clause(art: _Article, span: QuoteSpan) -> bool:
    """Whether the quote starts a sentence or follows a colon, comma, dash or speech verb."""
    sentence_start = art.sentence_starts[art.sentence_of(span.open_at)]
    before = art.text[max(sentence_start, span.open_at - _WINDOW) : span.open_at].rstrip()
    if not before:
        return True
    if before[-1] in ":,—–―-([":
        return True
    last = re.search(r"(\w+)$", before)
    return bool(last and last.group(1).lower() in art.lex.verbs)


# "with" ends a name ("said Maria Lopez with a smile"), not a role ("one person with knowledge")
_WITH = frozenset({"with", "mit", "avec", "con", "с", "со"})
# German articles of an object after the subject's name (der/den/dem: see ``_addressee``)
_OBJECT_ARTICLES = frozenset({"das", "die", "ein", "eine", "einen", "einem"})


def _stop_index(toks: list[Token]) -> int:
    """Where a phrase read rightwards ends: a comma, a sentence end, a stop word."""
    for k, tok in enumerate(toks):
        if tok.text in ",.;:!?…" or tok.text in '"“”«»„':
            return k
        if (
            tok.lower in COORDINATORS
            and 0 < k < len(toks) - 1
            and toks[k - 1].capitalised
            and toks[k + 1].capitalised
            and toks[k + 1].lower not in PRONOUNS
        ):
            continue  # "said Lopez and Hale": read_speaker decides whether both are names
        if tok.lower in _OBJECT_ARTICLES and k > 0 and toks[k - 1].capitalised:
            return k  # "erklärte Kanzler Olaf Scholz das Vorhaben": the object
        if tok.lower in _WITH and k > 0 and not toks[k - 1].capitalised:
            continue  # "said one person with knowledge of the talks": a role's own words
        if k > 0 and (tok.lower in PHRASE_STOPS or _addressee(toks, k) or _day_word(toks, k)):
            return k
    return len(toks)


_HEARER_PREPOSITIONS = frozenset({"to", "à", "au", "aux", "al", "dem"})  # dem: a dative
# Words before a time right after an inverted verb: "dijo este martes X", "a déclaré ce lundi X"
_TIME_OPENERS = frozenset(
    {"this", "on", "last", "este", "esta", "el", "ce", "cette", "le", "am", "в", "во"}
)
_REFLEXIVES = frozenset({"sich"})  # "freute sich Binet"


def _outlet(tok: Token, nxt: Token) -> bool:
    """An acronym heard by the speaker, then the subject in lowercase: `сообщил ТАСС
    представитель МЧС`, `a déclaré à l'AFP`."""
    return len(tok.text) > 1 and tok.text.isupper() and nxt.is_word and nxt.text.islower()


def _past_time(after: list[Token]) -> list[Token]:
    """The words after an inverted verb, past a time (`ha señalado este martes la alcaldesa`,
    `dijo ayer el ministro`, `a déclaré mardi soir X`, `заявил вчера Y`)."""
    i = 0
    while i < len(after) - 1:
        low = after[i].lower
        if low in TIME_WORDS or (i > 0 and low in DAY_PARTS) or (i == 0 and low in _REFLEXIVES):
            i += 1
        elif low in _TIME_OPENERS and after[i + 1].lower in TIME_WORDS:
            i += 2
        else:
            break
    return after[i:] if 0 < i < len(after) and after[i].is_word else after


def _source_phrase(art: _Article, phrase: list[Token]) -> list[Token]:
    """The source after "according to", "laut", "selon", "según", "по словам", read up to
    ``_stop_index``. A source that starts with a name ends with it, before the sentence goes on
    in lowercase words (`Laut Nancy Faeser ist „…“`, `Nach Angaben von Innenministerin Nancy
    Faeser ist …`). German writes its nouns capitalised, so there the first lowercase word
    that is no particle ends the name; elsewhere its last capitalised word does (`according to
    Trump campaign manager Corey Lewandowski`)."""
    phrase = phrase[: _stop_index(phrase)]
    if not phrase or not phrase[0].capitalised or phrase[0].lower in DETERMINERS:
        return phrase
    if art.language == "de":
        end = next(
            (
                i
                for i, t in enumerate(phrase)
                if i > 0
                and t.is_word
                and not t.capitalised
                and t.lower not in NAME_PARTICLES
                and title_gender(t.text) is None
            ),
            len(phrase),
        )
    else:
        end = 1 + max(i for i, t in enumerate(phrase) if t.capitalised)
    while end > 1 and phrase[end - 1].lower in NAME_PARTICLES:
        end -= 1
    return phrase[:end]


def _day_word(toks: list[Token], k: int) -> bool:
    """``toks[k]`` starts a time after the name: a lower-case day word ("lundi", "ayer",
    "today"), a determiner before one ("el lunes"), or a capitalised weekday that ends the
    phrase ("said John Smith Wednesday.", "… Wednesday night", "… Tuesday, adding"). A
    capitalised one inside a name stays ("a Black Friday shopper", "the Sunday Times", "Good
    Friday Agreement negotiator George Mitchell"), and so does a capitalised "Today" (USA
    Today)."""
    at = k + 1 if toks[k].lower in DETERMINERS and k + 1 < len(toks) else k
    tok = toks[at]
    if tok.lower not in DAY_WORDS:
        return False
    if not tok.capitalised:
        return True
    if tok.lower not in WEEKDAYS or toks[at - 1].lower in DETERMINERS:
        return False
    nxt = toks[at + 1] if at + 1 < len(toks) else None
    return nxt is None or not nxt.is_word or nxt.lower in DAY_PARTS or nxt.lower in PHRASE_STOPS


_DATIVE_PLURAL_RE = re.compile(r"[а-яё]{3,}[ая]м")
_CYRILLIC_RE = re.compile(r"[а-яёА-ЯЁ-]+")


def _addressee(toks: list[Token], k: int) -> bool:
    """Whether ``toks[k]`` starts the hearer after a name: `— сказала Петрова журналистам`,
    `— сообщил Сидоров РБК`, `sagte Müller der Zeitung`, `dijo García a los periodistas`,
    `said Okafor to reporters`. A genitive after a role stays (`ein Sprecher der Stadt`)."""
    tok, prev = toks[k], toks[k - 1]
    if not prev.capitalised:
        # "— сказал представитель министерства корреспонденту": a known hearer after a role
        return tok.text in ADDRESSEES
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    text = tok.text
    if text in ADDRESSEE_PREPOSITIONS:
        return nxt is not None and nxt.is_word
    if text in ADDRESSEE_PREPOSITIONS_BEFORE_NOUNS:
        return nxt is not None and nxt.is_word and not nxt.capitalised
    if _CYRILLIC_RE.fullmatch(text) and _CYRILLIC_RE.fullmatch(prev.text):
        if text.islower():  # a dative: "журналистам", "агентству"; not a title ("генерал")
            return (
                text in ADDRESSEES or _DATIVE_PLURAL_RE.fullmatch(text) is not None
            ) and title_gender(text) is None
        # an agency's acronym after a surname: "Сидоров РБК"
        return text.isupper() and len(text) > 1 and not prev.text.isupper()
    if text in ADDRESSEE_ARTICLES and nxt is not None and nxt.capitalised:
        # "Müller der Zeitung": the run before is a person's name, with no article of its own
        if title_gender(prev.text) is not None or prev.lower in NAME_PARTICLES:
            return False
        j = k
        while j > 0 and toks[j - 1].capitalised and toks[j - 1].is_word:
            j -= 1
        if j > 0 and toks[j - 1].lower in DETERMINERS:
            return False
        parsed = parse_name_run(toks[j:k])
        return parsed is not None and not parsed.organisation
    return False


def _clause_tokens(art: _Article, start: int, limit: int) -> list[Token]:
    """Tokens from ``start`` up to the end of their sentence (or ``limit``)."""
    toks = art.tokens_in(start, min(limit, start + _WINDOW))
    for k, tok in enumerate(toks):
        if tok.text in ".!?;…" and (
            k + 1 == len(toks) or toks[k + 1].capitalised or toks[k + 1].text in '"“„«'
        ):
            return toks[: k + 1]
    return toks


def _split_pronoun_verb(tok: Token) -> tuple[str, str] | None:
    """French inversion: "dit-il", "a-t-elle" → (verb, pronoun)."""
    parts = tok.text.split("-")
    if len(parts) >= 2 and parts[-1].lower() in PRONOUNS:
        return parts[0], parts[-1]
    return None


def _russian_verb_gender(verb: str) -> Gender:
    low = verb.lower()
    if re.fullmatch(r"[а-яё]+", low):
        if low.endswith(("ла", "лась")):
            return Gender.FEMALE
        if low.endswith(("ли", "лись")):
            return Gender.PLURAL
        if low.endswith(("л", "лся")):
            return Gender.MALE
    return Gender.UNKNOWN


def _next_long_span(art: _Article, span: QuoteSpan) -> int:
    """Where the next real quote of the paragraph opens (short ones may be nicknames)."""
    k = bisect.bisect_left(art.span_starts, span.open_at)
    if k < len(art.spans) and art.spans[k] is span:
        return art.next_long[k]
    k = bisect.bisect_right(art.span_starts, span.open_at)  # a part of a split quote
    para = art.paragraphs[span.paragraph]
    if k < len(art.spans) and art.spans[k].paragraph == span.paragraph:
        return art.spans[k].open_at if _is_long(art, art.spans[k]) else art.next_long[k]
    return para.end


def _is_long(art: _Article, span: QuoteSpan) -> bool:
    words = _WORD_RE.findall(art.text, span.start, span.end)
    return len(words) >= 3 and not _title_like(words, art.text[span.start : span.end])


def _next_long_spans(art: _Article) -> list[int]:
    """For each span, where the next long span of its paragraph opens (or the paragraph ends)."""
    result = [0] * len(art.spans)
    following = -1
    for k in range(len(art.spans) - 1, -1, -1):
        span = art.spans[k]
        nxt = art.spans[k + 1] if k + 1 < len(art.spans) else None
        if nxt is None or nxt.paragraph != span.paragraph:
            following = art.paragraphs[span.paragraph].end
        elif _is_long(art, nxt):
            following = nxt.open_at
        result[k] = following
    return result


def _right(art: _Article, span: QuoteSpan, *, next_sentence: bool) -> Attribution | None:
    """Attribution after the quote: `"…," X said`, `"…," said X`, `«…», — заявил X`."""
    if not span.closed:
        return None
    limit = _next_long_span(art, span)
    lead = _LEAD_RE.match(art.text, span.outer_end, limit)
    if lead is None:
        return None
    dash = bool(lead.group("dash"))
    toks = _clause_tokens(art, lead.end(), limit)
    if not toks:
        return None
    content = art.text[span.start : span.end].rstrip("'’‘\"”“»« ")
    set_off = dash or "," in lead.group() or content[-1:] in (",", "!", "?", "…")
    return _cue_clause(
        art,
        toks,
        dash=dash,
        next_sentence=next_sentence,
        dash_at=lead.start("dash"),
        set_off=set_off,
    )


def _cue_clause(
    art: _Article,
    toks: list[Token],
    *,
    dash: bool,
    next_sentence: bool,
    dash_at: int,
    set_off: bool = True,
) -> Attribution | None:
    """Read an attribution clause that follows a quote (see ``_right``).

    ``set_off``: a comma or dash separates quote and clause (`"…," said X`, `„…“, sagte X`);
    without it a verb right after the quote is no inverted cue (`„Titel“ warnt vor …`).
    """
    words = [t for t in toks if t.text not in '"“”«»„']
    if not words:
        return None
    end = toks[-1].end
    first = words[0]
    who: Who | None
    if set_off and not next_sentence:
        document = _document_cue(art, words)
        if document is not None:
            return replace(document, end=end)
    # (a) inverted: "said X", "sagte Merkel", "— заявил он", "dit-il", "a déclaré X"
    verb_at = -1
    if art.is_cue(first) and first.lower not in TELL_VERBS:
        verb_at = 0
    elif first.lower in _AUXILIARIES and len(words) > 1 and art.is_cue(words[1]):
        verb_at = 1
    elif "-" in first.text and first.text.rsplit("-", 1)[1].lower() in FIRST_PERSON:
        # « … », ai-je écrit / dis-je / avons-nous dit: the writer's own words; no speaker
        return Attribution(None, first.text, end, cue_at=first.start)
    elif (inv := _split_pronoun_verb(first)) is not None:
        gender = PRONOUNS[inv[1].lower()]
        who = Who(Kind.PRONOUN, inv[1], first.start, gender)
        return Attribution(who, first.text, end, cue_at=first.start)
    if verb_at >= 0 and words[verb_at].lower.endswith("ing"):
        # `"…," promising the club will …`, `"…," adding that …`: a participle takes the
        # subject of the clause before the quote, never the words after it.
        return None
    if verb_at >= 0 and not next_sentence and set_off:
        verb = words[verb_at]
        after = words[verb_at + 1 :]
        inv2 = _split_pronoun_verb(words[verb_at + 1]) if len(words) > verb_at + 1 else None
        if inv2 is not None:  # "a-t-il déclaré"
            return Attribution(
                Who(Kind.PRONOUN, inv2[1], words[1].start, PRONOUNS[inv2[1].lower()]),
                verb.text,
                end,
                cue_at=verb.start,
            )
        after = _past_time(after)
        stop = _stop_index(after)
        phrase = _before_quoted_hearer(art.text, after[:stop])
        who = read_speaker(art.text, phrase)
        if len(phrase) > 1 and phrase[0].lower in ADDRESSEES:
            phrase = phrase[1:]  # «…», — сказал журналистам представитель правительства
            who = read_speaker(art.text, phrase)
        if phrase and (
            (phrase[0].text in _HEARER_PREPOSITIONS)  # lowercase: not "said Al Gore"
            or (phrase[0].text == "a" and art.language in _ROMANCE)  # not the English article
        ):
            # « … », a indiqué à l'AFP le porte-parole / dijo a la radio el ministro: the
            # hearer first, then the subject (its determiner), or no subject (pro-drop)
            begins = next(
                (m for m in range(2, min(len(phrase), 6)) if phrase[m].lower in DETERMINERS), None
            )
            phrase = phrase[begins:] if begins is not None else []
            who = read_speaker(art.text, phrase) if phrase else None
        if who is None and len(phrase) == 1 and phrase[0].lower in _THING_SUBJECTS:
            who = _organisation_antecedent(art, phrase[0].start)  # „…“, fügte es hinzu
            return Attribution(who, verb.text, end, cue_at=verb.start)
        apposition = stop < len(after) and after[stop].text == ","
        if who is not None and who.kind is Kind.ROLE and apposition:
            # "said the mayor, Linda Okafor": the name in apposition is the speaker
            rest = after[stop + 1 :]
            named = read_speaker(art.text, rest[: _stop_index(rest)])
            if named is not None and named.kind is Kind.NAME:
                who = named
        if (
            who is None
            and not phrase
            and (art.language in _PRO_DROP or (not art.language and verb.lower in PRO_DROP_VERBS))
        ):  # «…», dijo. — the subject is in the verb
            who = Who(Kind.PRONOUN, "", verb.start, _russian_verb_gender(verb.text))
        if who is not None and who.kind is Kind.PRONOUN and who.gender is Gender.UNKNOWN:
            who = Who(who.kind, who.text, who.pos, _russian_verb_gender(verb.text))
        if who is not None:
            return Attribution(who, verb.text, end, cue_at=verb.start)
        return Attribution(None, verb.text, end, cue_at=verb.start) if not phrase else None
    # (c) "according to X", "selon X", "по словам X"
    joined = " ".join(t.lower for t in words[:3])
    for prep in art.lex.prepositions:
        if joined.startswith(prep.lower()) and not next_sentence:
            n = len(prep.split())
            phrase = words[n:]
            who = read_speaker(art.text, _source_phrase(art, phrase))
            if who is None:
                return None
            return Attribution(who, prep, end, cue_at=words[0].start)
    # (b) subject first: "X said", "Flynn, a top surrogate, said", "the mayor told reporters"
    for k, tok in enumerate(words[:_MAX_SUBJECT_TOKENS]):
        put_it = tok.lower == "put" and k + 1 < len(words) and words[k + 1].lower == "it"
        if not art.is_cue(tok) and not put_it and not (k > 0 and tok.text in RIGHT_ONLY_VERBS):
            continue
        subject = words[:k]
        aside = subject[:-1] if subject and subject[-1].lower in _AUXILIARIES else subject
        if (
            set_off
            and not next_sentence
            and len(aside) > 1
            and aside[-1].text == ","
            and subject[0].text.islower()
            and subject[0].lower not in DETERMINERS
            and not put_it
            and not tok.lower.endswith("ing")
            and k + 1 < len(words)
            and not art.in_quote(words[k + 1].start)
        ):
            # `"…," like the recent volatility of markets, said Richard Curtin`: the writer's
            # aside, set off by a comma, then an inverted cue whose speaker follows the verb.
            after = words[k + 1 :]
            inverted = read_speaker(art.text, after[: _stop_index(after)]) if after else None
            if inverted is not None and inverted.kind in (Kind.NAME, Kind.ROLE):
                return Attribution(inverted, tok.text, end, cue_at=tok.start)
        while subject and subject[-1].lower in ADVERBS:
            subject = subject[:-1]
        if put_it:  # "That was how O'Brien put it", "as Okafor put it"
            marker = max((i for i, t in enumerate(subject) if t.lower in ("how", "as")), default=-1)
            subject = subject[marker + 1 :]
        if not subject or not _plausible_subject(subject):
            break
        who = read_speaker(art.text, subject)
        if who is None:
            if (
                len(subject) == 1
                and subject[0].lower in _THING_SUBJECTS
                and (art.is_cue(tok) or tok.lower in RIGHT_ONLY_VERBS)
            ):
                # `"…," it added`, `"…," it read`: a document or a body speaks. The quote is
                # its own (not the previous speaker's); its speaker is the body the sentence
                # before opens with (`The Swedish Prosecution Authority said …`), else left
                # empty, not guessed.
                body = _organisation_antecedent(art, subject[0].start)
                return Attribution(body, tok.text, end, cue_at=tok.start)
            break
        if next_sentence and who.kind not in (Kind.NAME, Kind.PRONOUN):
            return None
        if who.kind is Kind.PRONOUN and who.gender is Gender.UNKNOWN:
            who = Who(who.kind, who.text, who.pos, _russian_verb_gender(tok.text))
        return Attribution(who, tok.text, end, cue_at=tok.start)
    if next_sentence:
        return None
    # (e) postposition: "„…“, Merkel zufolge."
    if art.lex.postpositions and words[-1].lower in art.lex.postpositions:
        who = read_speaker(art.text, words[:-1])
        if who is not None:
            return Attribution(who, words[-1].text, end, cue_at=words[-1].start)
    # (d) "“…” ― Stephanie Egan": a dash and a name closing the paragraph or sentence
    if dash and len(words) <= 8 and first.capitalised:
        name = words
        while name and name[-1].text in _TERMINAL:
            name = name[:-1]  # "― Steve Quinlan." : the full stop is not part of the name
        who = read_speaker(art.text, name)
        if who is not None and who.kind is Kind.NAME:
            return Attribution(who, "—", end, cue_at=dash_at)
    return None


_DOCUMENT_NEEDS_ARTICLE = frozenset({"en", "de"})  # languages whose nouns take an article


def _document_cue(art: _Article, words: list[Token]) -> Attribution | None:
    """`"…," read the email`, `„…“, heißt es in der Mitteilung`, `« … », peut-on lire`, `«…»,
    reza el cartel`, `«…», — говорится в письме`: the document's words (``DOCUMENT_CUES``). Its
    speaker is the document named after the cue (`the email`, `el cartel`), none where only a
    place follows (`in der Mitteilung`) or nothing does; English and German take only a
    determiner's noun (`read the statement`), never a name (`"…," read Smith` is no attribution)."""
    languages = (art.language,) if art.language in DOCUMENT_CUES else tuple(DOCUMENT_CUES)
    lowered = [t.lower for t in words[:3]]
    for language in languages:
        for cue in DOCUMENT_CUES[language]:
            if tuple(lowered[: len(cue)]) != cue:
                continue
            verb = words[0]
            said = " ".join(t.text for t in words[: len(cue)])
            rest = words[len(cue) :]
            if not rest or rest[0].text in _TERMINAL + ",;:" or rest[0].lower in DOCUMENT_PLACES:
                if language == "en":
                    return None  # `"…," read.`: not a document
                return Attribution(None, said, verb.end, cue_at=verb.start)
            if language in _DOCUMENT_NEEDS_ARTICLE and rest[0].lower not in DETERMINERS:
                return None  # `„…“, stand Müller auf`: Müller stood up, no document
            who = read_speaker(art.text, rest[: _stop_index(rest)])
            if who is not None and who.kind is Kind.PRONOUN:
                who = None
            return Attribution(who, said, verb.end, cue_at=verb.start)
    return None


def _before_quoted_hearer(text: str, phrase: list[Token]) -> list[Token]:
    """ "dijo García al «Clarín»": the words up to a quoted name after a lowercase word (not a
    nickname: `said Marcia "Cia" Price`)."""
    for k in range(1, len(phrase)):
        mark = text[phrase[k - 1].end : phrase[k].start].strip()
        if mark and mark in '«„“"' and not phrase[k - 1].capitalised:
            k -= 1
            while k > 0 and (
                phrase[k - 1].lower in PREPOSITIONS
                or phrase[k - 1].lower in DETERMINERS
                or phrase[k - 1].lower in ADDRESSEE_PREPOSITIONS_BEFORE_NOUNS
            ):
                k -= 1  # the hearer's article or preposition: "al", "dem", "to the"
            return phrase[:k]
    return phrase


# «Резервный фонд мы не тронем, — добавила она. — Жаркое лето — это не ЧС»: the author's words
# between dashes inside one pair of quotation marks split the quote in two.
_INNER_RE = re.compile(r"([,!?…])\s+[—–]\s+([^—–«»„“\"]{2,120}?)[,.:]\s+[—–]\s+(?=\S)")


# « Les prévisions, a déclaré Dupont, supposent … »: French sets the author's words off with
# commas inside one pair of guillemets; the words must start with the cue ("a déclaré X",
# "dit-il", "a-t-elle ajouté").
_INCISE_RE = re.compile(r"(,)\s+([^,;:«»„“\"—–]{2,80}?),\s+(?=\S)")


def _inner_split(art: _Article, span: QuoteSpan) -> tuple[QuoteSpan, QuoteSpan, Attribution] | None:
    m = _INNER_RE.search(art.text, span.start, span.end)
    incise = False
    if m is None and art.language == "fr":
        m = _INCISE_RE.search(art.text, span.start, span.end)
        incise = True
    if m is None:
        return None
    toks = art.tokens_in(m.start(2), m.end(2))
    attribution = _cue_clause(art, toks, dash=False, next_sentence=False, dash_at=-1)
    if attribution is None or attribution.cue_at < 0:
        return None
    if incise:
        lead = 1 if len(toks) > 1 and toks[0].lower in _AUXILIARIES else 0
        if attribution.cue_at != toks[lead].start or attribution.who is None:
            return None
    first = QuoteSpan(
        span.open_at,
        m.start(1),
        span.start,
        m.start(1) + (m.group(1) != ","),
        span.paragraph,
        span.single,
        m.start(2),
    )
    second = QuoteSpan(
        m.end() - 1, span.close_at, m.end(), span.end, span.paragraph, span.single, span.outer_end
    )
    return (
        first,
        second,
        Attribution(attribution.who, attribution.cue, m.end(2), True, attribution.cue_at),
    )


# Prepositions that PREPOSITIONS leaves out (they are also other words elsewhere), read only
# where they open a would-be subject.
_OPENING_PREPOSITIONS = frozenset({"dans", "en", "à", "в", "во", "на"})


def _plausible_subject(subject: list[Token]) -> bool:
    """A noun phrase, perhaps with appositions: no clause starts before its first comma."""
    first = subject[0]
    if first.lower in CLAUSE_BOUNDARIES and first.lower not in DETERMINERS:
        return False
    opening = first.lower in PREPOSITIONS or first.lower in _OPENING_PREPOSITIONS
    if opening and first.text.islower() and first.lower not in NAME_PARTICLES:
        # An adverbial opens it: the subject comes after its comma (`"…" of the case, the
        # opinion said`), and there is none in `« … » dans cette course, estime X`.
        comma = next((k for k, tok in enumerate(subject) if tok.text == ","), len(subject))
        if comma >= len(subject) - 1:
            return False
    for k, tok in enumerate(subject[1:], 1):
        if tok.text == ",":
            return True  # "McFaul, a fellow at … and a former ambassador," is an apposition
        if tok.lower in COORDINATORS and k + 1 < len(subject) and subject[k + 1].capitalised:
            continue  # "Lopez and Hale said": two names
        if tok.lower in CLAUSE_BOUNDARIES and tok.lower not in DETERMINERS and not tok.capitalised:
            return False
    return True


def _left(art: _Article, found: Found, previous: Found | None) -> Attribution | None:
    """Attribution before the quote in its sentence: `X said: "…"`, `According to X, "…"`."""
    span = found.span
    sentence_start = art.sentence_starts[found.sentence]
    toks = art.tokens_in(
        max(sentence_start, span.open_at - _WINDOW), span.open_at, outside_quotes=True
    )
    if not toks:
        return None
    lowered = [t.lower for t in toks]
    for k in range(len(toks) - 1, max(-1, len(toks) - 40), -1):
        tok = toks[k]
        # "According to X, …"
        for prep in art.lex.prepositions:
            n = len(prep.split())
            if " ".join(lowered[k : k + n]) == prep.lower():
                phrase = toks[k + n :]
                who = read_speaker(art.text, _source_phrase(art, phrase))
                if who is not None:
                    return Attribution(who, prep, span.open_at, True, tok.start)
        label = tok.lower in LABEL_VERBS and (
            k + 1 >= len(toks) or toks[k + 1].lower not in _PARTICLES
        )
        put_it = tok.lower in _PUT and k + 1 < len(toks) and toks[k + 1].lower in _IT
        if not art.is_cue(tok) and not label and not put_it and not _colon_cue(toks, k):
            continue
        if not label:
            as_clause = _as_clause(art, toks, k, span.open_at)
            if as_clause is not None:
                return as_clause
            if put_it:
                continue
        between = toks[k + 1 :]
        adjacent = not between or (
            len(between) <= 12 and (between[-1].text in ":,—–" or between[-1].lower in _THAT)
        )
        who = _subject_before(art, toks, k, found, previous)
        if who is None and not label and _thing_subject(toks, k) and any(map(art.is_cue, toks[:k])):
            # `Obama said it would tell a story of "…"`: "it" tells nothing; the quote is
            # part of what the speech verb before it reports.
            continue
        if who is not None and who.kind is Kind.PRONOUN and who.gender is Gender.UNKNOWN:
            who = Who(who.kind, who.text, who.pos, _russian_verb_gender(tok.text))
        return Attribution(who, tok.text, span.open_at, adjacent and not label, tok.start)
    return None


_AS = frozenset({"as", "wie"})
# "comme l'a dit X", "como dijo X", "как заявил X": the subject after the verb
_AS_INVERTED = frozenset({"comme", "como", "как"})
_CLITICS = frozenset({"l'a", "l’a", "l'avait", "l’avait", "lo", "la", "le"})
# Languages whose pronouns for a body are "he" or "she" (le parquet → il, la fiscalía → ella).
_GENDERED_BODIES = frozenset({"de", "fr", "es", "ru"})
_PASSIVE = frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"})
_PUT = frozenset({"put", "puts"})  # "as X put it": a cue only in that phrase
_IT = frozenset({"it", "es"})


def _thing_subject(toks: list[Token], verb: int) -> bool:
    """Whether the verb at ``toks[verb]`` has "it" as its subject ("it would tell")."""
    j = verb
    while j > 0 and toks[j - 1].lower in ADVERBS:
        j -= 1
    return j > 0 and toks[j - 1].lower in _THING_SUBJECTS


def _as_clause(art: _Article, toks: list[Token], k: int, open_at: int) -> Attribution | None:
    """`As X said, "…"` / `As X put it in July, RT is "…"` / `Wie X sagte, „…“`: a clause that
    opens the sentence (or follows a comma) and attributes the rest of it. The statement starts
    after the comma that closes the clause, which is where ``cue_at`` points."""
    i = k - 1
    apposition = False  # past a comma, reading leftwards: "and" may join an apposition's nouns
    while i >= 0 and k - i <= _MAX_SUBJECT_TOKENS:
        low = toks[i].lower
        if low in _AS:
            break
        if toks[i].text in ';:"“”«»„' or art.is_cue(toks[i]):
            return None
        if low in CLAUSE_BOUNDARIES and not (apposition and low in _COORDINATORS):
            return None
        apposition = apposition or toks[i].text == ","
        i -= 1
    else:
        return None
    opens = i == 0 or toks[i - 1].text in ",;—–" or (i == 1 and toks[0].lower in _COORDINATORS)
    if i < 0 or not opens or toks[k].lower.endswith("ing"):  # "But as The Hill pointed out,"
        return None
    subject = toks[i + 1 : k]
    while subject and subject[-1].lower in _IT:
        subject = subject[:-1]  # "Wie Merkel es formulierte"
    if not subject or not (
        subject[0].capitalised
        or subject[0].lower in DETERMINERS
        or subject[0].lower in PRONOUNS
        or (len(subject) <= 6 and any(t.capitalised for t in subject[1:4]))
    ):
        return None  # "…, as well, saying …"; not "as prosecutor Marc Trévidic put it"
    comma_at = next((c for c, t in enumerate(subject) if t.text == ","), len(subject))
    if comma_at < len(subject) and not all(_name_like(t) for t in subject[:comma_at]):
        return None  # "As a phone rang, the announcer said": the clause is not the attribution
    who = read_speaker(art.text, subject)
    if who is None:
        return None
    verb = toks[k]
    comma = next((c for c in range(k + 1, len(toks)) if toks[c].text == ","), None)
    if comma is None:
        return Attribution(who, verb.text, open_at, not toks[k + 1 :], verb.start)
    between = toks[comma + 1 :]
    adjacent = not between or (
        len(between) <= 12 and (between[-1].text in ":,—–" or between[-1].lower in _THAT)
    )
    return Attribution(who, verb.text, open_at, adjacent, toks[comma].start)


# Auxiliaries of the passive: "was described", "a été qualifié", "fue calificado", "был назван".
_PASSIVE_AUXILIARIES = frozenset(
    {"was", "were", "is", "are", "been", "being", "be", "été", "fue", "fueron", "sido", "был",
     "была", "было", "были"}
)  # fmt: skip


def _passive(toks: list[Token], k: int, verb: int) -> bool:
    """Whether the verb at ``toks[verb]`` is a passive participle (its subject is what was
    said or described, not who said it); "was saying" is not."""
    before = toks[max(0, k - 1) : verb]  # the auxiliary, or the words skipped before the verb
    return not toks[verb].lower.endswith("ing") and any(
        t.lower in _PASSIVE_AUXILIARIES for t in before
    )


def _subject_before(
    art: _Article, toks: list[Token], verb: int, found: Found, previous: Found | None
) -> Who | None:
    """The subject of the verb at ``toks[verb]``, read leftwards."""
    k = verb
    participle = toks[verb].lower.endswith(("ing", "end"))
    while k > 0 and (
        toks[k - 1].lower in ADVERBS
        or toks[k - 1].lower in _AUXILIARIES
        or (toks[k - 1].text.endswith("ly") and toks[k - 1].text.islower() and k < verb + 3)
        or (toks[k - 1].lower in TIME_WORDS and not participle and verb - k < 4)
        or (  # "Мартин позже в четверг сказал", "Weber am Donnerstag sagte"
            toks[k - 1].lower in PREPOSITIONS
            and k < verb
            and toks[k].lower in TIME_WORDS
            and not participle
        )
    ):
        k -= 1  # "had also said", "a déclaré", "ha dicho", "Priebus later Thursday told"
    if _passive(toks, k, verb):
        return None  # "The plan was described as “…”": the plan is what was described
    if (
        art.language == "de"
        and k > 1
        and _introduced(toks[0], toks[1])
        and all(t.text != "," for t in toks[:k])
    ):
        # "Auf die Frage nach den Kosten sagte die Ministerin:": after a fronted adverbial
        # German puts the verb second and its subject after it.
        after = toks[verb + 1 :]
        inverted = read_speaker(art.text, after[: _stop_index(after)]) if after else None
        if inverted is not None:
            return inverted
    if 0 < k <= 2 and all(t.lower in _COORDINATORS or t.text == "," for t in toks[:k]):
        k = 0  # "But, said Solovey, “…”"
    c = k - 1 if k > 0 and toks[k - 1].lower in _AS_INVERTED else k - 2
    if c >= 0 and toks[c].lower in _AS_INVERTED and (c == k - 1 or toks[k - 1].lower in _CLITICS):
        # « …, comme l'a dit le procureur Marc Dupont, … », «como dijo el fiscal …», «как
        # заявил X»: the subject follows the verb (past a hearer: "как сообщил ТАСС …").
        after = toks[verb + 1 :]
        if len(after) > 1 and (after[0].lower in ADDRESSEES or _outlet(after[0], after[1])):
            after = after[1:]
        return read_speaker(art.text, after[: _stop_index(after)]) if after else None
    if k == 0:
        # "Said Ellis: “…”": an inverted verb opening the sentence
        after = toks[verb + 1 :]
        return read_speaker(art.text, after[: _stop_index(after)]) if after else None
    if toks[k - 1].text == "," and verb + 1 < len(toks) and toks[verb].lower not in TELL_VERBS:
        after = toks[verb + 1 :]
        stop = _stop_index(after)
        if 0 < stop < len(after) and after[stop].text == "," and after[0].capitalised:
            # "The paradox of Nancy, says Carl Anthony, historian …, is that": set off by commas
            inverted = read_speaker(art.text, after[:stop])
            if inverted is not None and inverted.kind is Kind.NAME:
                return inverted
    j = _skip_parenthesis(toks, k)  # "Jason Chaffetz (R-Utah) said"
    if j == k and k >= 2 and toks[k - 1].text == "," and toks[k - 2].text == ")":
        # "Gov. John Kasich (R-OH), said": the comma after the parenthesis sets off nothing
        inner = _skip_parenthesis(toks, k - 1)
        if inner < k - 1:
            j = inner
    prev = toks[j - 1] if j > 0 else None
    if toks[verb].lower == "told" and any(t.lower in _PASSIVE for t in toks[k:verb]):
        return None  # "his salespeople were told": the subject is the hearer
    if (
        prev is None
        or prev.lower in _COORDINATORS
        or prev.lower in ("to", "zu")
        or (
            participle
            and (
                prev.text == ","
                or prev.lower in CLAUSE_BOUNDARIES
                or prev.lower in PREPOSITIONS
                or prev.lower in TIME_WORDS  # "issued a statement Tuesday saying"
            )
        )
    ):
        # "…, saying …", "… and said …", "before asking": the clause's subject speaks.
        if (
            previous is not None
            and previous.sentence == found.sentence
            and previous.attribution is not None
        ):
            return previous.attribution.who
        opening = 0  # "Continuing to explain his view, Carson rejected …": not the clause's verb
        if len(toks) > 1 and _introduced(toks[0], toks[1]):
            opening = next((i for i in range(j) if toks[i].text == ","), 0)
        for i in range(max(1, opening), max(1, j - 1)):
            if art.is_cue(toks[i]):
                # the clause's own speech verb: "Clinton stressed … and said". Where it has no
                # subject of its own in a relative clause ("Paul Martin, who said last week …,
                # issued a statement saying"), the sentence's subject speaks.
                # German puts a relative clause's verb last ("Paul Martin, der letzte Woche
                # sagte, …"): any cue in it is the clause's.
                if art.language == "de" and _in_relative_clause(toks, i):
                    continue
                own = _subject_before(art, toks, i, found, None)
                if own is not None or toks[i - 1].lower not in _RELATIVES:
                    return own
        return _initial_subject(art, toks[: max(0, j - 1)])
    if prev.lower in _THING_SUBJECTS and j == 1:
        return _organisation_antecedent(art, prev.start)  # "It said in a statement: …"
    if prev.lower in PRONOUNS or prev.lower in FIRST_PERSON or prev.lower in NON_SPEAKERS:
        return read_speaker(art.text, [prev])  # "… he added", "sagte sie"
    if _name_like(prev) and not _object_of_participle(toks, _name_run_start(toks, j - 1)):
        start = _name_run_start(toks, j - 1)
        if start >= 2 and toks[start - 1].lower in COORDINATORS and _name_like(toks[start - 2]):
            start = _name_run_start(toks, start - 2)  # "Lopez and Hale said"
        of = (
            start - 1
            if start > 0
            and (toks[start - 1].lower not in DETERMINERS or toks[start - 1].lower in _OF)
            else start - 2
        )
        if of > 0 and toks[of].lower in _OF:
            # "Rep. Elijah Cummings of Maryland said", "The head of Interpol said": the name is
            # what the head of the phrase is of. Not "footage of Hillary Clinton asking".
            head = _phrase_start(art, toks, j, k)
            head = j - len(_after_opening(toks[head:j]))  # "Preguntado por el coste, el …"
            whole = read_speaker(art.text, toks[head:j])
            if whole is not None and (
                whole.kind is Kind.NAME or (whole.kind is Kind.ROLE and _role_head(toks[head:of]))
            ):
                return whole
        return read_speaker(art.text, toks[start:j])
    if prev.text == ",":
        # "O'Malley, who signed gun laws as governor, interjected": the relative clause (however
        # it reads) is no subject; the noun phrase before its comma is.
        for m in range(j - 2, max(0, j - _MAX_SUBJECT_TOKENS), -1):
            if toks[m].text in ';:"“”«»„':
                break
            if toks[m].text == "," and m + 1 < j and _interrupts(toks[m + 1]) and m > 0:
                head = _phrase_start(art, toks, m, k)
                if head < m:
                    found_who = read_speaker(art.text, _after_opening(toks[head:m]))
                    if found_who is not None:
                        return found_who
                break
    start = _phrase_start(art, toks, j, k)
    what = next((i for i in range(j - 1, max(-1, j - 8), -1) if toks[i].lower == "what"), -1)
    if what >= 0 and what + 1 < j:
        return read_speaker(art.text, toks[what + 1 : j])  # "in what Bay Buchanan … called"
    # "Mulgrew, president of the union, which represents teachers, said": the relative clause
    # is no subject; the noun phrase before its comma is.
    if start >= 2 and toks[start - 1].lower in _RELATIVES and toks[start - 2].text == ",":
        end = start - 2
        start = _phrase_start(art, toks, end, k)
        if start == end:
            return None
        return read_speaker(art.text, toks[start:end])
    if start == j:
        return None
    first_comma = next((i for i in range(j) if toks[i].text == ","), j)
    if 0 < start <= first_comma < j - 1 and _introduced(toks[0], toks[1]):
        start = first_comma + 1  # "Reflecting on his career as a lawyer, the senator said"
    who = read_speaker(art.text, _after_opening(toks[start:j]))
    if who is None:
        # `It was, the president said, "…"`: an attribution set off by commas inside the
        # sentence; its subject is the phrase after the last comma, not the words before it.
        commas = [i for i in range(start, j) if toks[i].text == ","]
        if commas and commas[-1] + 1 < j:
            return read_speaker(art.text, toks[commas[-1] + 1 : j])
    return who


_INTERRUPTING = frozenset(
    [
        "when",
        "while",
        "after",
        "before",
        "although",
        "though",
        "if",
        "because",
        "since",
        "once",
        "where",
        "whose",
        "as",
        "als",
        "wenn",
        "nachdem",
        "während",
        "obwohl",
        "weil",
        "quand",
        "lorsque",
        "cuando",
        "mientras",
        "aunque",
        "porque",
        "когда",
        "пока",
        "хотя",
        "если",
    ]
)


def _interrupts(tok: Token) -> bool:
    """Whether a clause set off by commas after a subject starts at ``tok``: a relative ("who"),
    a subordinating word ("when asked …") or a participle ("citing …", "asked about …")."""
    low = tok.lower
    if low in _RELATIVES or low in _INTERRUPTING:
        return True
    return tok.text.islower() and len(low) > 4 and low.endswith(("ing", "ed"))


def _in_relative_clause(toks: list[Token], i: int) -> bool:
    """Whether ``toks[i]`` is in a clause that a comma and a relative pronoun open."""
    for m in range(i - 1, -1, -1):
        if toks[m].text == ",":
            return m + 1 < i and toks[m + 1].lower in _RELATIVES
    return False


def _after_opening(phrase: list[Token]) -> list[Token]:
    """A subject without the adverbial or participial phrase that opens its sentence:
    `Reflecting on his career as a lawyer, the senator said`, `At the meeting in Hudson, New
    Hampshire Monday, the supporter retorted` (a place or a day set off with the adverbial)."""
    if len(phrase) < 3 or not _introduced(phrase[0], phrase[1]):
        return phrase
    comma = next((i for i, t in enumerate(phrase) if t.text == ","), None)
    if comma is None:
        return phrase
    rest = phrase[comma + 1 :]
    while rest:
        nxt = next((i for i, t in enumerate(rest) if t.text == ","), None)
        if nxt is None or nxt == 0:
            break
        if _introduced(rest[0], rest[1]):
            rest = rest[nxt + 1 :]  # "On Thursday, after staying neutral for months, Warren"
            continue
        parsed = parse_name_run([t for t in rest[:nxt] if t.is_word])
        if parsed is not None and not parsed.organisation:
            break  # "In Ohio, Mulgrew, the union's head, said": the person
        rest = rest[nxt + 1 :]
    return rest or phrase


_OF = frozenset({"of", "from", "aus", "из", "de", "del", "des", "du", "von", "vom"})


def _object_of_participle(toks: list[Token], start: int) -> bool:
    """`Another source speaking to Fox News said`: the name after "to" is the participle's
    object, not the subject."""
    return (
        start >= 2
        and toks[start - 1].lower in PREPOSITIONS
        and toks[start - 1].lower not in _OF
        and toks[start - 2].lower.endswith("ing")
        and not toks[start - 2].capitalised
    )


def _organisation_antecedent(art: _Article, pos: int) -> Who | None:
    """The body a pronoun at ``pos`` refers to: the subject of the sentence before, when it is
    an organisation and that sentence names no person (`The Swedish Prosecution Authority said it
    had closed the case. "…," it added.`). None when that is not so plain."""
    sentence = art.sentence_of(pos)
    if sentence <= 0:
        return None
    start, end = art.sentence_starts[sentence - 1], art.sentence_starts[sentence]
    if art.sentence_of(pos) != sentence or end - start > _WINDOW:
        return None
    toks = art.tokens_in(start, end, outside_quotes=True)
    if not toks:
        return None
    toks = _after_opening(toks)
    end = 0
    for tok in toks:  # the subject: up to the verb ("said", "a annoncé", "во вторник сообщила")
        low = tok.lower
        if (
            not tok.is_word
            or art.is_cue(tok)
            or low in _AUXILIARIES
            or low in ADVERBS
            or (low in PREPOSITIONS and low not in _OF)
            or low in TIME_WORDS
            or low in CLAUSE_BOUNDARIES
        ):
            break
        end += 1
    who = read_speaker(art.text, toks[:end]) if 0 < end <= 8 else None
    if who is not None and who.kind is Kind.NAME and toks[0].lower in NON_PERSON_WORDS:
        # "Прокуратура Швеции", "Ministerium Berlin": a body and its place, not a person
        text = art.text[toks[0].start : toks[end - 1].end]
        who = Who(Kind.ROLE, text, toks[0].start)
    if who is None or who.kind is not Kind.ROLE:
        return None
    words = [w.lower() for w in _WORD_RE.findall(who.text)]
    if not any(w in BODIES for w in words[-3:]):
        return None  # "The plan", "The letter": a thing, not a body that speaks
    for run_start in range(len(toks)):
        tok = toks[run_start]
        if tok.start < who.pos + len(who.text) or not tok.capitalised:
            continue
        run = [tok]
        for nxt in toks[run_start + 1 :]:
            if not nxt.capitalised:
                break
            run.append(nxt)
        parsed = parse_name_run(run)
        if parsed is not None and not parsed.organisation and (len(run) > 1 or parsed.titled):
            return None  # a person named in it: the pronoun may be theirs
    return who


def _role_head(toks: list[Token]) -> bool:
    """ "The head", "A spokesperson", "the chief economist": a short noun phrase (before "of")."""
    return 2 <= len(toks) <= 3 and toks[0].lower in DETERMINERS and all(t.is_word for t in toks)


_RELATIVES = frozenset(
    [
        "which",
        "who",
        "whose",
        "der",
        "die",
        "das",
        "welche",
        "welcher",
        "qui",
        "que",
        "dont",
        "lequel",
        "laquelle",
        "quien",
        "quienes",
        "который",
        "которая",
        "которое",
        "которые",
        "кто",
    ]
)


def _phrase_start(art: _Article, toks: list[Token], j: int, k: int) -> int:
    """Where the noun phrase ending before ``toks[j]`` starts, read leftwards up to a clause
    boundary, a speech verb or a quote mark (the subject of the verb at ``toks[k]``)."""
    start = j
    while start > 0 and k - start < _MAX_SUBJECT_TOKENS:
        tok = toks[start - 1]
        low = tok.lower
        if tok.text == ")":
            start = _skip_parenthesis(toks, start)
            continue
        if tok.text in ';:("“”«»„' or (
            low in CLAUSE_BOUNDARIES
            and not tok.capitalised
            and low not in DETERMINERS
            and not _inside_name(toks, start - 1)
        ):
            break
        if art.is_cue(tok):
            break
        start -= 1
    return start


def _inside_name(toks: list[Token], i: int) -> bool:
    """`the Museum of African American History and Culture`, `Department of Health and Human
    Services`: "and" joins the words of a name of the form "X of Y and Z" (not a list of
    people: "Patti LaBelle and Stevie Wonder")."""
    if not (
        toks[i].lower in _COORDINATORS
        and 0 < i < len(toks) - 1
        and toks[i - 1].capitalised
        and toks[i + 1].capitalised
    ):
        return False
    j = i - 1
    while j > 0 and toks[j].capitalised:
        j -= 1
    return j > 0 and toks[j].lower == "of" and toks[j - 1].capitalised


_COORDINATORS = frozenset({"and", "but", "und", "aber", "et", "mais", "y", "pero", "и", "но", "а"})


def _name_run_start(toks: list[Token], last: int) -> int:
    """The first token of the run of names and titles ending at ``toks[last]``."""
    start = last
    while start > 0 and (
        _name_like(toks[start - 1]) or title_gender(toks[start - 1].text) is not None
    ):
        start -= 1
    return start


def _name_like(tok: Token) -> bool:
    return tok.surname or (
        tok.capitalised and tok.lower not in PRONOUNS and tok.lower not in CLAUSE_BOUNDARIES
    )


def _skip_parenthesis(toks: list[Token], k: int) -> int:
    """The index of the "(" whose ")" is at ``k - 1`` (``k`` itself when there is none)."""
    if k == 0 or toks[k - 1].text != ")":
        return k
    for i in range(k - 2, max(-1, k - 12), -1):
        if toks[i].text == "(":
            return i
    return k


def _german_inverted_subject(art: _Article, toks: list[Token]) -> Who | None:
    """ "Stunden später erwiderte Trump das Kompliment", "Kurz danach erklärte Kanzler Olaf
    Scholz …", "Am Montag trat die Ministerin vor die Presse": an opening adverbial (no comma
    after it), the verb second, its subject after it (a name, or an article and its noun)."""
    verb = next(
        (
            i
            for i, t in enumerate(toks[:8])
            if i > 0
            and t.is_word
            and t.text.islower()
            and t.lower not in TIME_WORDS
            and t.lower not in ADVERBS
            and t.lower not in PREPOSITIONS
            and t.lower not in DETERMINERS
        ),
        None,
    )
    if verb is None or verb + 1 >= len(toks):
        return None
    opening = toks[:verb]
    if not (
        _introduced(toks[0], toks[1])
        or any(t.lower in ADVERBS or t.lower in TIME_WORDS for t in opening)
    ):
        return None  # "Kanzler Olaf Scholz erklärte …": the subject comes first
    after = toks[verb + 1 :]
    run = 1 if after[0].lower in DETERMINERS and len(after) > 1 else 0
    if not after[run].capitalised:
        return None
    while run < len(after) and (
        after[run].capitalised
        or (after[run].lower in _GERMAN_PARTICLES and run + 1 < len(after))
        or (after[run].lower in ("der", "den") and after[run - 1].lower in ("von", "van"))
    ):
        run += 1  # the name, up to its object; "von der Leyen" whole
    return read_speaker(art.text, after[:run])


def _initial_subject(art: _Article, toks: list[Token]) -> Who | None:
    """The noun phrase a sentence starts with, after an opening adverbial ("In Ohio, …") or a
    dateline ("WASHINGTON, Dec. 8 (UPI) — …")."""
    dash = next((i for i, t in enumerate(toks[:12]) if t.text in _DASHES), -1)
    if dash > 0 and toks[0].text.isupper():
        toks = toks[dash + 1 :]
    if "," in (t.text for t in toks[:25]):
        opened = _after_opening(toks)
        if (
            art.language == "de"
            and opened is not toks
            and len(opened) > 1
            and opened[0].is_word
            and opened[0].text.islower()
            and opened[0].lower not in DETERMINERS
        ):
            # "Am Donnerstag, nachdem …, trat Warren im Fernsehen auf und sagte:": after an
            # opening, German puts the verb second and its subject after it
            after = opened[1:]
            return read_speaker(art.text, after[: _stop_index(after)])
        toks = opened
    if art.language == "de" and len(toks) > 2:
        inverted = _german_inverted_subject(art, toks)
        if inverted is not None:
            return inverted
    end = 0
    for tok in toks:
        if art.language in _ROMANCE and tok.lower in _AUXILIARIES:
            break  # "Trump a rendu …": the auxiliary, not the article "a"
        if tok.text == "," or (
            tok.is_word
            and not tok.capitalised
            and tok.lower not in DETERMINERS
            and title_gender(tok.text) is None
            and not tok.text[0].isdigit()
        ):
            break
        end += 1
    if end and toks[end - 1].text.endswith(("'s", "’s")):
        # "Hillary Clinton's right-hand woman rallied …": the possessed noun is the subject
        noun = end
        while noun < min(len(toks), end + 3) and toks[noun].is_word and toks[noun].text.islower():
            low = toks[noun].lower
            if (
                low.endswith("ed")
                or low in ADVERBS
                or low in PREPOSITIONS
                or art.is_cue(toks[noun])
            ):
                break
            noun += 1
        if noun == end or noun == min(len(toks), end + 3):
            return None  # no noun, or no verb after it: not plain enough
        end = noun
    return read_speaker(art.text, toks[:end]) if end else None


_MAX_ROLE_WORDS_BEFORE_NAME = 4  # "Council member James Whitfield", "former first lady Ann Lee"
_DASHES = frozenset({"-", "--", "—", "–", "―"})


_ROMANCE = frozenset({"fr", "es", "it", "pt", "ca"})
_GERMAN_PARTICLES = frozenset({"von", "van", "zu", "vom"})


def _introduced(tok: Token, nxt: Token | None) -> bool:
    """Whether ``tok`` opens an adverbial or participial phrase ("In May,", "Reflecting on …,",
    "Asked about …,"): not a subject."""
    low = tok.lower
    if low in PREPOSITIONS or low in TIME_WORDS or low in CLAUSE_BOUNDARIES or low in ADVERBS:
        return True
    if low in TIME_UNITS or (nxt is not None and nxt.lower in TIME_UNITS):
        return True  # "Hours later, …", "Two days later, …", "Quelques heures plus tard, …"
    if low in DETERMINERS and nxt is not None and nxt.lower in TIME_WORDS:
        return True  # "The next day, …", "That night, …"
    if nxt is not None and (nxt.lower in CLAUSE_BOUNDARIES or nxt.lower in PREPOSITIONS):
        return not tok.capitalised or tok.lower in NOT_NAMES or not nxt.capitalised
    participle = (low.endswith("ing") and len(low) > 4) or low == "asked"
    return participle and nxt is not None and nxt.is_word and not nxt.capitalised


def _colon_subject(art: _Article, toks: list[Token]) -> Who | None:
    """The speaker named by a clause that introduces a quote with a colon and no speech verb:
    `Council member James Whitfield, who chairs the finance committee, put it bluntly: "…"`,
    `Clinton: "…"`, `The Clinton campaign, in a Q&A, worded it more carefully: "…"`.

    The clause's subject is its first noun phrase (after an opening adverbial set off by a
    comma, or after a dash: `IOWA POLLS … - Mark Blumenthal:`). It speaks when it is a person's
    name, or, set off by a comma, a role or body with a capitalised or title word (`A spokesman
    for the mayor, asked about it, had one word:`). A possessive opens no speaker (`My motto:`,
    `Мой девиз:`), nor does a noun with nobody in it (`The message was clear:`).
    """
    cut = max((i for i, t in enumerate(toks) if t.text in _DASHES or t.text in ":;"), default=-1)
    toks = toks[cut + 1 :]
    if len(toks) > 1 and toks[0].lower in _COORDINATORS and toks[1].capitalised:
        toks = toks[1:]  # "And Mr. Christie gloated:", "Und Weber lästerte:"
    if toks and _introduced(toks[0], toks[1] if len(toks) > 1 else None):
        comma = next((i for i, t in enumerate(toks) if t.text == ","), None)
        if comma is None or comma > 16:
            return None
        toks = toks[comma + 1 :]
        # "In San Bernardino, Calif., a familiar voice": the state is the adverbial's
        while len(toks) > 3 and toks[0].capitalised:
            if toks[0].text.endswith(".") and toks[1].text == ",":
                toks = toks[2:]
            elif toks[1].text == "." and toks[2].text == ",":
                toks = toks[3:]
            else:
                break
    if not toks or toks[0].lower in POSSESSIVES or not (toks[0].is_word):
        return None
    comma = next((i for i, t in enumerate(toks) if t.text in ",;("), None)
    phrase: list[Token] = []
    named = False
    role_words = 0
    for tok in toks[:comma]:
        if tok.capitalised or (named and tok.lower in NAME_PARTICLES):
            if not tok.surname and (
                tok.lower in PRONOUNS or tok.lower in NON_SPEAKERS or tok.lower in FIRST_PERSON
            ):
                return None
            named = named or tok.lower not in DETERMINERS
            phrase.append(tok)
            continue
        if named and tok.is_word and title_gender(tok.text) is not None:
            phrase.append(tok)  # "Republican presidential nominee Donald Trump"
            continue
        if named or not tok.is_word or role_words >= _MAX_ROLE_WORDS_BEFORE_NAME:
            break  # the verb after the name, or no name at all
        role_words += 1
        phrase.append(tok)
    # set off by a comma ("The campaign, in a Q&A, wrote:"), or all there is ("Pew Research:")
    set_off = (comma is not None and len(phrase) == comma) or len(phrase) == len(toks)
    if not phrase or (not named and not set_off):
        return None
    if phrase[0].lower in PRONOUNS and len(phrase) == 1 and not phrase[0].surname:
        who = read_speaker(art.text, phrase)  # "She was blunt:": the person last named
        return who if who is not None and who.gender is not Gender.PLURAL else None
    who = read_speaker(art.text, phrase)
    if who is None or who.kind is Kind.FIRST_PERSON or who.kind is Kind.PRONOUN:
        return None
    if who.kind is Kind.NAME and " " not in who.text and not who.titled:
        # One word ("Clinton:", but not "Wait, it gets better:"): a surname the article gives
        # with a first name somewhere, or a name it writes more than once.
        counts, after_name = art.word_use()
        if counts.get(who.text, 0) < 2 and who.text not in after_name:
            return None
    if who.kind is Kind.ROLE and set_off and comma is not None:
        # "Trump's state director, Mike Rubino, wrote:": the name in apposition
        rest = toks[comma + 1 :]
        end = next((i for i, t in enumerate(rest) if t.text in ",;("), None)
        if end is not None and 0 < end <= 4 and all(t.capitalised for t in rest[:end]):
            named_who = read_speaker(art.text, rest[:end])
            if named_who is not None and named_who.kind is Kind.NAME:
                return named_who
    if who.kind is Kind.ROLE:
        words = [t for t in phrase if t.is_word]
        personal = any(title_gender(t.text) is not None for t in words) or any(
            t.capitalised and t.lower not in DETERMINERS for t in words[1:]
        )
        if not (set_off and personal):
            return None
    return who


def _label_before(art: _Article, span: QuoteSpan) -> bool:
    """`the so-called "…"`, `known as "…"`, `a film titled "…"`."""
    before = art.text[max(0, span.open_at - 60) : span.open_at]
    words = [w.lower() for w in _WORD_RE.findall(before)][-4:]
    while words and words[-1] in DETERMINERS | {"as", "it", "him", "her", "them", "this", "als"}:
        words.pop()
    if not words:
        return False
    return words[-1] in NAMING_WORDS or (len(words) > 1 and " ".join(words[-2:]) in NAMING_WORDS)


def _title_like(words: list[str], content: str) -> bool:
    """A name of a thing: its words after the first are capitalised ("Fox and Friends.",
    "Justice Against Sponsors of Terrorism Act"); short, and not a clause ending in a comma.
    A title starts with a capital: `was "proud to be a Democrat."` is no title."""
    if len(words) > 12 or (content[-1] in _TERMINAL and len(words) > 6):
        return False
    rest = [w for w in words[1:] if len(w) > 3]
    if not rest or words[0][:1].islower():
        return False
    share = sum(1 for w in rest if w[0].isupper()) / len(rest)
    if content[-1] == ",":  # `book, "Make Your Kid a Millionaire," he` vs `"Here comes Big Daddy,"`
        return len(rest) >= 2 and share == 1.0
    return share >= 0.6


def _attribute(art: _Article) -> list[Found]:
    founds: list[Found] = []
    previous: Found | None = None
    transcript = -2  # the paragraph of the last transcript line left open (its turn goes on)
    for span in art.spans:
        if span.paragraph in art.skipped:
            continue
        content = art.text[span.start : span.end]
        words = _WORD_RE.findall(content)
        if _TRANSCRIPT_RE.match(content) or (
            span.paragraph == transcript + 1
            and span.open_at == art.paragraphs[span.paragraph].start
        ):
            # A transcript line, or a paragraph that carries on an open one (the same turn,
            # "(CROSSTALK)", the closing line of the block): the transcript is not a quotation.
            transcript = span.paragraph if not span.closed else -2
            continue
        if not words:
            continue
        inner = _inner_split(art, span)
        if inner is not None:
            for part in inner[:2]:
                part_words = len(_WORD_RE.findall(art.text, part.start, part.end))
                if part_words:
                    founds.append(
                        Found(
                            part,
                            part_words,
                            art.sentence_of(part.open_at),
                            _opens_clause(art, part),
                            attribution=inner[2],
                        )
                    )
            previous = founds[-1] if founds else previous
            continue
        f = Found(
            span=span,
            words=len(words),
            sentence=art.sentence_of(span.open_at),
            opens_clause=_opens_clause(art, span),
        )
        if previous is not None and previous.span.paragraph != span.paragraph:
            previous = None
        f.label = _label_before(art, span)
        ends_open = (
            content[-1] not in ".…"
            or content.endswith("...")
            or bool(span.closed and _DASH_AFTER_RE.match(art.text, span.outer_end))
        )
        if f.opens_clause:
            if ends_open:
                f.attribution = _right(art, span, next_sentence=False) or _left(art, f, previous)
            else:
                f.attribution = _left(art, f, previous)
            if f.attribution is not None and not f.attribution.adjacent:
                f.partial = True
        else:
            f.partial = True
            f.attribution = _left(art, f, previous)
            if f.attribution is None and ends_open:
                f.attribution = _right(art, span, next_sentence=False)
        if f.attribution is None and f.opens_clause and span.closed:
            f.attribution = _sentence_end_cue(art, f)
            f.partial = f.partial or f.attribution is not None
        if f.partial and _title_like(words, content):
            f.attribution = None
        founds.append(f)
        previous = f
    return founds


_MAX_END_CUE_TOKENS = 12


def _sentence_end_cue(art: _Article, f: Found) -> Attribution | None:
    """`"This will be a challenge" for Clinton, said Kunin.`: a quote that opens its sentence,
    the sentence going on in the writer's words, and an attribution clause after one of its
    commas, up to the sentence's end (`…, says Dante Scala, a political scientist at …`). The
    quote is judged as a partial quote of that statement."""
    span = f.span
    end = min(_sentence_end(art, f), span.outer_end + _WINDOW)
    if art.text.find(",", span.outer_end, span.outer_end + 2) >= 0:
        return None  # the comma right after the quote (read by _right already)
    comma = art.text.find(",", span.outer_end, end)
    while comma >= 0:
        between = art.text[span.outer_end : comma]
        if any(c in between for c in _QUOTE_CHARS):
            return None
        following = art.text.find(",", comma + 1, end)
        segment_end = following if following >= 0 else end
        if _WORD_RE.search(between) and _END_CUE_SEGMENT_RE.search(art.text, comma, segment_end):
            attribution = _end_cue_after(art, comma, segment_end, end)
            if attribution is not None:
                return attribution
        comma = following
    return None


# A comma's clause up to the next comma, short enough to be an attribution ("says Dante Scala").
_END_CUE_SEGMENT_RE = re.compile(r"\w")


def _end_cue_after(art: _Article, comma: int, segment_end: int, end: int) -> Attribution | None:
    """The attribution clause that starts after ``comma``, its cue before ``segment_end``."""
    segment = art.tokens_in(comma + 1, segment_end)
    if not segment or len(segment) > _MAX_END_CUE_TOKENS or not any(map(art.is_cue, segment)):
        return None
    toks = _clause_tokens(art, comma + 1, end)
    if not toks or toks[-1].text not in _TERMINAL:
        return None
    attribution = _cue_clause(art, toks, dash=False, next_sentence=False, dash_at=-1)
    if attribution is None or attribution.who is None:
        return None
    if not comma < attribution.cue_at < segment_end:
        return None
    return replace(attribution, adjacent=False)


_QUOTE_CHARS = frozenset('"“”„«»')


def _join(art: _Article, founds: list[Found]) -> None:
    """Give quotes without an attribution their neighbour's (step 4), and number the groups."""
    last_in_paragraph: dict[int, Found] = {}
    anchor: Found | None = None  # the last real quote (not a title or a scare quote)
    last_partial: Found | None = None
    for i, f in enumerate(founds):
        span = f.span
        f.group = i
        if anchor is not None and anchor.span.paragraph < span.paragraph - 1:
            anchor = None
        continued = (
            anchor is not None and anchor.continues and anchor.span.paragraph == span.paragraph - 1
        )
        same_para = anchor is not None and anchor.span.paragraph == span.paragraph
        if f.partial and f.attribution is not None and _names_a_hearer(art, f):
            f.attribution = None  # `sagte Müller dem „Tagesspiegel“`: a title, not a quote
        if f.partial and f.attribution is not None:
            # Fragments quoted in one reported statement: `called it "…" and "…"`, and the
            # second half of `"…," he said, but "…"`.
            if (
                same_para
                and anchor is not None
                and anchor.attribution is not None
                and not anchor.partial
                and anchor.attribution.cue_at == f.attribution.cue_at >= 0
                and len(art.tokens_in(f.attribution.cue_at, span.open_at)) <= 6
            ):
                f.group = anchor.group
            elif (
                last_partial is not None
                and last_partial.sentence == f.sentence
                and last_partial.attribution is not None
                and last_partial.attribution.cue_at == f.attribution.cue_at
            ):
                f.group = last_partial.group
            last_partial = f
        elif f.attribution is not None:
            if (
                same_para
                and anchor is not None
                and anchor.attribution is not None
                and anchor.attribution.cue_at == f.attribution.cue_at >= 0
            ):
                # A split quote: `"…," X said, "…"` — one cue for both halves.
                f.group = anchor.group
            # A continued quote: the open quote of the paragraph before takes this speaker.
            elif (
                continued
                and anchor is not None
                and not f.partial
                and (
                    anchor.attribution is None
                    or _same_who(anchor.attribution.who, f.attribution.who)
                )
            ):
                _merge(founds, anchor.group, f)
        elif continued and anchor is not None:
            f.group = anchor.group
            f.attribution = anchor.attribution
        elif same_para and anchor is not None and anchor.attribution is not None:
            gap_start = max(anchor.attribution.end, anchor.span.outer_end)
            right_of_anchor = anchor.attribution.cue_at >= anchor.span.outer_end
            if (
                f.opens_clause
                and (not anchor.partial or right_of_anchor)
                and not _WORD_RE.search(art.text, gap_start, span.open_at)
            ):
                second = _second_cue(art, anchor)
                if second is None:
                    f.group = anchor.group
                    f.attribution = anchor.attribution
                else:
                    # `"…," X said, going on to say that … "…"`: X again, a new statement;
                    # `"…," X said, and her husband cut in. "…"`: the husband's.
                    cue, who = second
                    f.attribution = Attribution(
                        who if who is not None else anchor.attribution.who,
                        cue.text,
                        anchor.attribution.end,
                        cue_at=cue.start,
                    )
        elif span.open_at == art.paragraphs[span.paragraph].start and span.paragraph > 0:
            attribution = _from_previous_paragraph(art, f, last_in_paragraph)
            if attribution is not None and attribution.cue == "":
                last = last_in_paragraph[span.paragraph - 1]
                f.group = last.group
                attribution = last.attribution
            f.attribution = attribution
        if f.attribution is None and f.opens_clause:
            f.attribution = _paragraph_speaker(art, f, anchor if same_para else None)
            if (
                f.attribution is not None
                and anchor is not None
                and anchor.attribution is not None
                and f.attribution.cue_at == anchor.attribution.cue_at
            ):
                f.group = anchor.group  # the paragraph's speaker goes on
        if f.attribution is None and f.opens_clause and span.closed:
            f.attribution = _right(art, span, next_sentence=True)
        if (
            f.words >= 3
            and not _title_like(
                _WORD_RE.findall(art.text, span.start, span.end), art.text[span.start : span.end]
            )
        ) or (f.attribution is not None and not f.partial and f.opens_clause):
            anchor = f
            last_in_paragraph[span.paragraph] = f


_MAX_HEARER_WORDS = 4


def _names_a_hearer(art: _Article, f: Found) -> bool:
    """`„…“, sagte Müller dem „Tagesspiegel“`, `"…," Okafor told the "Gazette."`, `— сообщил
    Сидоров агентству «Интерфакс»`: a short capitalised quote inside the attribution clause after
    the quote it attributes, with nothing setting it off from the cue (a comma, a colon, "that"),
    is the name of the publication spoken to, not a second part of the quotation."""
    attribution = f.attribution
    if attribution is None or f.words > _MAX_HEARER_WORDS:
        return False
    cue_at = attribution.cue_at
    if not (0 <= cue_at < f.span.open_at) or not art.text[f.span.start : f.span.end][:1].isupper():
        return False
    # The cue must follow a quote of the same paragraph: the attribution of that quote.
    k = bisect.bisect_left(art.span_starts, cue_at) - 1
    if k < 0 or art.spans[k].paragraph != f.span.paragraph or art.spans[k].outer_end > cue_at:
        return False
    between = art.tokens_in(cue_at, f.span.open_at)[1:]
    return bool(between) and all(t.is_word and t.lower not in _THAT for t in between)


def _second_cue(art: _Article, anchor: Found) -> tuple[Token, Who | None] | None:
    """A second verb in a quote's attribution clause after its own cue, where a new statement
    starts: a verb that goes on ("adding", "going on to say", "und fügte hinzu"), the same
    speaker's, or a speech verb with a subject of its own (`"…," Ebeling said, and her husband
    cut in.`), that subject's (returned with it). Any other speech verb there (`"…," Manafort
    said, claiming that … "…"`) reports the same statement: None."""
    attribution = anchor.attribution
    if attribution is None or attribution.cue_at < anchor.span.outer_end:
        return None
    toks = art.tokens_in(attribution.cue_at, attribution.end, outside_quotes=True)
    for i in range(1, len(toks)):
        if not (art.is_cue(toks[i]) or _goes_on(toks, i)):
            continue
        who = _own_subject(art, toks, i)
        if who is not None:
            return toks[i], who
        if _goes_on(toks, i):
            return toks[i], None
    return None


def _own_subject(art: _Article, toks: list[Token], verb: int) -> Who | None:
    """The subject of a second clause, after a comma and "and", in an attribution clause
    (`said Ebeling, and her husband cut in`): a name or a role, of a few words, no relative
    (not `a consultant and an adviser who said`)."""
    start = verb
    while start > 2 and toks[start - 1].is_word and toks[start - 1].lower not in _COORDINATORS:
        start -= 1
    phrase = toks[start:verb]
    while phrase and phrase[-1].lower in _AUXILIARIES:
        phrase = phrase[:-1]  # "et son mari a ajouté"
    if (
        not phrase
        or len(phrase) > 6
        or toks[start - 1].lower not in _COORDINATORS
        or toks[start - 2].text != ","
        or any(t.lower in _RELATIVES for t in phrase)
    ):
        return None
    who = read_speaker(art.text, phrase)
    return who if who is not None and who.kind in (Kind.NAME, Kind.ROLE) else None


def _goes_on(toks: list[Token], i: int) -> bool:
    """Whether ``toks[i]`` is a verb that goes on to a new statement: "added", "continued",
    "went on", "fügte hinzu", "a ajouté", "añadió", "добавил" (``GO_ON_VERBS``)."""
    low = toks[i].lower
    if low in GO_ON_VERBS:
        return True
    return low in GO_ON_PARTICLES and i + 1 < len(toks) and toks[i + 1].lower == "on"


def _paragraph_speaker(art: _Article, f: Found, anchor: Found | None) -> Attribution | None:
    """The speaker of a quote standing alone in a paragraph where someone already spoke.

    - `X said the plan would fail. "…"`: the sentence before reports X's words.
    - `"…," X said. He paused. "…"`: X's quote earlier in the paragraph, and nobody else
      named since.
    - `X put it bluntly: "…"`: a colon after a clause whose subject is a name.
    """
    para = art.paragraphs[f.span.paragraph]
    sentence_start = art.sentence_starts[f.sentence]
    before = art.text[max(sentence_start, f.span.open_at - _WINDOW) : f.span.open_at].rstrip()
    if before.endswith(":"):
        toks = art.tokens_in(
            sentence_start, min(f.span.open_at, sentence_start + _WINDOW), outside_quotes=True
        )
        who = _colon_subject(art, toks[:-1] if toks and toks[-1].text == ":" else toks)
        if who is not None:
            return Attribution(who, ":", f.span.open_at, cue_at=f.span.open_at - 1)
        return None
    if before or f.sentence == 0 or art.sentence_starts[f.sentence - 1] < para.start:
        return None
    previous_start = max(art.sentence_starts[f.sentence - 1], sentence_start - _WINDOW)
    toks = art.tokens_in(previous_start, sentence_start, outside_quotes=True)
    if (
        anchor is not None
        and anchor.attribution is not None
        and anchor.span.open_at < previous_start
    ):
        since = max(anchor.span.outer_end, anchor.attribution.end, f.span.open_at - _WINDOW)
        toks_since = art.tokens_in(since, f.span.open_at, outside_quotes=True)
    else:
        toks_since = toks
    if not art.in_quote(previous_start):
        for j in range(len(toks) - 1, -1, -1):
            if art.is_cue(toks[j]):
                after = toks[j + 1 :]
                who = read_speaker(art.text, after[: _stop_index(after)]) if after else None
                if who is None or who.kind is not Kind.NAME:
                    who = _subject_before(art, toks, j, f, None)
                if who is not None and who.kind in (Kind.NAME, Kind.PRONOUN):
                    return Attribution(who, toks[j].text, f.span.open_at, cue_at=toks[j].start)
                return None
    if anchor is None or anchor.attribution is None or anchor.partial:
        return None
    who = anchor.attribution.who
    if who is None or who.kind not in (Kind.NAME, Kind.PRONOUN):
        return None
    spoken = set(who.text.split())
    for tok in toks_since:
        if art.is_cue(tok):
            return None
        if tok.capitalised and tok.text not in spoken and tok.lower not in PRONOUNS:
            return None  # someone else may have been named
    return Attribution(
        who, anchor.attribution.cue, f.span.open_at, cue_at=anchor.attribution.cue_at
    )


def _same_who(a: Who | None, b: Who | None) -> bool:
    if a is None or b is None:
        return True
    if a.kind is Kind.PRONOUN or b.kind is Kind.PRONOUN:
        return True
    return a.text == b.text or a.text.split()[-1] == b.text.split()[-1]


def _merge(founds: list[Found], into: int, f: Found) -> None:
    """Join ``f`` (and its group) to group ``into``; parts without an attribution take f's."""
    old = f.group
    for other in founds:
        if other.group == into and other.attribution is None:
            other.attribution = f.attribution
    f.group = into
    for other in founds:
        if other.group == old:
            other.group = into


def _colon_cue(toks: list[Token], j: int) -> bool:
    """`The Times reports: "…"`, `The letter reads:`: a verb that is also a plural noun is a cue
    when a colon right after it introduces the quote."""
    if not (toks[j].lower in RIGHT_ONLY_VERBS and j + 2 == len(toks) and toks[j + 1].text == ":"):
        return False
    if j == 0:
        return False
    # The word before is the subject, not a determiner of the noun ("published two reports:",
    # "in his notes:"): a name, a pronoun, or the noun of "the letter reads:".
    prev = toks[j - 1]
    if prev.lower in DETERMINERS or not prev.is_word:
        return False
    if prev.capitalised or prev.lower in PRONOUNS:
        return True
    return j >= 2 and toks[j - 2].lower in ("the", "a", "an")


def _from_previous_paragraph(
    art: _Article, f: Found, last_in_paragraph: dict[int, Found]
) -> Attribution | None:
    """A paragraph opening with a quote: `X continued:` before it, or X's quote ending it.

    The second case answers with an empty cue: the caller joins the quote to that one.
    """
    k = f.span.paragraph - 1
    prev_para = art.paragraphs[k]
    if art.text[prev_para.end - 1] == ":":
        sentence = art.sentence_starts[art.sentence_of(prev_para.end - 1)]
        toks = art.tokens_in(
            max(sentence, prev_para.end - _WINDOW), prev_para.end, outside_quotes=True
        )
        for j in range(len(toks) - 1, -1, -1):
            if art.is_cue(toks[j]) or _colon_cue(toks, j):
                who = _subject_before(art, toks, j, f, None)
                return Attribution(who, toks[j].text, f.span.open_at)
        # "Republican nominee Donald Trump issued the following statement:"
        who = _colon_subject(art, toks[:-1] if toks and toks[-1].text == ":" else toks)
        return Attribution(who, ":", f.span.open_at) if who is not None else None
    # The paragraph is only this quote, and the paragraph before ended with an attributed quote.
    para = art.paragraphs[f.span.paragraph]
    last = last_in_paragraph.get(k)
    if (
        last is None
        or last.attribution is None
        or last.partial
        or not f.span.closed
        or f.span.outer_end < para.end - 1
    ):
        return None
    if _WORD_RE.search(art.text, max(last.attribution.end, last.span.outer_end), prev_para.end):
        return None
    return Attribution(last.attribution.who, "", f.span.open_at)


def _decide(art: _Article, founds: list[Found], trace: list[PartialCandidate] | None) -> None:
    """Step 5: which quotes are quotations."""
    for f in founds:
        content = art.text[f.span.start : f.span.end]
        words = _WORD_RE.findall(content)
        if f.label and f.words < _MIN_LABEL_WORDS:
            continue
        if _title_like(words, content) and f.words <= 12 and not _stated(art, f):
            continue
        if f.attribution is not None:
            if f.partial:
                f.keep = True  # judged with the rest of its statement below
            else:
                # One word is a quotation when punctuation sets it off as a whole answer
                # (`"Absolutely," he said`, `„Absolut“, sagte Weber`), not a name (`"CNN" he`).
                f.keep = f.words >= 2 or _set_off(art, f.span, content)
            continue
        if f.opens_clause and f.words >= _MIN_STANDALONE_WORDS:
            sentence_end = _sentence_end(art, f)
            f.keep = f.span.outer_end >= sentence_end - 1 or content[-1] in _TERMINAL
    # A quote left open whose next paragraph does not continue it: the mark may be stray, so
    # only an attributed quote that opens a clause is kept.
    for f in founds:
        if not f.span.closed and not f.continues and (not f.opens_clause or f.attribution is None):
            f.keep = False
    # Partial quotes: together, the fragments must be most of the statement they report.
    partial_groups: dict[int, list[Found]] = {}
    for f in founds:
        if f.keep and f.partial and f.attribution is not None:
            partial_groups.setdefault(f.group, []).append(f)
    for members in partial_groups.values():
        features = partial_features(art, members)
        kept = _keep_all_partials or _keep_partial(features)
        if trace is not None:
            trace.append(PartialCandidate(members[0].span.start, features, kept))
        for m in members:
            m.keep = kept
    # A group is kept when any of its parts is.
    kept_groups = {f.group for f in founds if f.keep}
    for f in founds:
        if f.group in kept_groups and not f.label:
            f.keep = True


@dataclass(frozen=True, slots=True)
class PartialCandidate:
    """A partial quote (or the fragments of one statement) as ``_keep_partial`` judged it."""

    start: int  # offset of its first part's text
    features: tuple[float, ...]  # in the order of PARTIAL_FEATURES
    kept: bool


# What is read of a partial quote (all of one statement's fragments together): what
# _keep_partial decides on, and what benchmarks.quotes_partial fits a logistic regression to.
PARTIAL_FEATURES = (
    "log_words",  # log(1 + words quoted)
    "short",  # fewer than three words quoted
    "statement_share",  # quoted words / words of the statement reported (at most 1)
    "sentence_share",  # quoted words / words of the sentence (at most 1)
    "label_cue",  # the cue is a labelling verb: `called it "a mess"`
    "cue_after",  # the cue comes after the quote
    "cue_distance",  # log(1 + words between the cue and the quote)
    "named",  # the cue's subject is a name
    "role",  # … a role or body ("the senator")
    "pronoun",  # … a pronoun
    "after_article",  # the word before the quote: a, an, the
    "after_possessive",  # his, her, their, …
    "after_preposition",  # of, for, to, with, …
    "after_that",  # that, dass, que, что
    "after_as",  # as, wie, comme, como
    "capital_start",  # the quote starts with a capital letter
    "ends_sentence",  # the quote ends with . ! ? inside its marks
    "ends_comma",  # the quote ends with , ; : inside its marks
    "title_share",  # share of its words (after the first, over 3 letters) capitalised
    "parts",  # fragments beyond the first (0, 1, 2)
    "reaches_end",  # nothing but punctuation follows the quote in its sentence
    "char_share",  # characters inside the marks / characters of the statement with the label
    # verb's object (`called Trump "unhinged."`: the object and the label)
    "old_rule",  # the rule this replaces: most (60%) of the statement, three words or more
    "opens_clause",  # the quote opens its clause (`"…" for Clinton, said Kunin.`)
)


_CHAR_SHARE = PARTIAL_FEATURES.index("char_share")
_SHORT = PARTIAL_FEATURES.index("short")


def partial_features(art: _Article, members: list[Found]) -> tuple[float, ...]:
    """The features of ``PARTIAL_FEATURES`` for one statement's partial fragments."""
    first, last = members[0], members[-1]
    attribution = first.attribution
    assert attribution is not None
    quoted = sum(m.words for m in members)
    statement = max(1, _statement_words(art, members))
    sentence_start = art.sentence_starts[first.sentence]
    sentence_end = max(_sentence_end(art, last), last.span.outer_end)
    sentence_words = len(
        _WORD_RE.findall(art.text, sentence_start, min(sentence_end, sentence_start + 4 * _WINDOW))
    )
    cue_at = attribution.cue_at
    cue_after = cue_at >= first.span.outer_end
    distance = 0
    if 0 <= cue_at < first.span.open_at:
        distance = max(0, len(art.tokens_in(cue_at, first.span.open_at, outside_quotes=True)) - 1)
    elif cue_after:
        distance = len(art.tokens_in(last.span.outer_end, cue_at, outside_quotes=True))
    before = _WORD_RE.findall(
        art.text, max(sentence_start, first.span.open_at - 40), first.span.open_at
    )
    previous = before[-1].lower() if before else ""
    content = art.text[first.span.start : first.span.end]
    end_content = art.text[last.span.start : last.span.end].rstrip()
    words = _WORD_RE.findall(content)
    rest = [w for w in words[1:] if len(w) > 3]
    title_share = sum(1 for w in rest if w[0].isupper()) / len(rest) if rest else 0.0
    after = art.text[last.span.outer_end : min(sentence_end, last.span.outer_end + _WINDOW)]
    kind = attribution.who.kind if attribution.who is not None else None
    _, end, obj = _statement_span(art, members)
    inside = sum(m.span.outer_end - m.span.open_at for m in members)
    if obj < 0:
        char_share = 1.0
    else:
        end = max(end, last.span.outer_end)
        char_share = min(1.0, inside / max(1, end - obj))
    share = min(1.0, quoted / statement)
    return (
        math.log1p(quoted),
        float(quoted < _MIN_PARTIAL_WORDS),
        share,
        min(1.0, quoted / max(1, sentence_words)),
        float(attribution.cue.lower() in LABEL_VERBS),
        float(cue_after),
        math.log1p(distance),
        float(kind is Kind.NAME),
        float(kind is Kind.ROLE),
        float(kind is Kind.PRONOUN),
        float(previous in _ARTICLES),
        float(previous in POSSESSIVES),
        float(previous in PREPOSITIONS),
        float(previous in _THAT),
        float(previous in _AS or previous in _AS_INVERTED),
        float(content[:1].isupper()),
        float(end_content[-1:] in ".!?…"),
        float(end_content[-1:] in ",;:"),
        title_share,
        float(min(2, len(members) - 1)),
        float(not _WORD_RE.search(after)),
        char_share,
        float(share >= 0.6 and quoted >= _MIN_PARTIAL_WORDS),
        float(first.opens_clause),
    )


def _keep_partial(features: tuple[float, ...]) -> bool:
    """Whether a partial quote is kept: most of the characters of the statement it reports (with
    a label verb's object) are inside its marks, and it has three words or more. A threshold grid
    chosen on PolNeAR's dev split (`python -m benchmarks.quotes_partial`); it replaced "60% of
    the statement's words", which kept more scare quotes and fewer `called Trump "unhinged."`."""
    return features[_CHAR_SHARE] >= _MIN_PARTIAL_CHAR_SHARE and not features[_SHORT]


def _set_off(art: _Article, span: QuoteSpan, content: str) -> bool:
    """The quote ends with its own punctuation, inside the marks (`"Absolutely,"`, `"Why?"`) or
    right after them (`„Absolut“, sagte`, `« Jamais », a-t-il`, `«Nunca», dijo`, `«Никогда», —`)."""
    if content.rstrip()[-1:] in _TERMINAL + ",":
        return True
    return span.closed and art.text[span.outer_end : span.outer_end + 1] in (",", ".")


def _stated(art: _Article, f: Found) -> bool:
    """A quote that a speech verb attributes as a whole and that opens its sentence or follows
    a colon (`„Das Geld ist da“, sagte Weber`, `Weber sagte: „…“`): a statement, however its
    words are capitalised (German nouns), not the name of a thing (`his book, "…," X said`)."""
    a = f.attribution
    if a is None or a.who is None or not a.adjacent or f.partial or f.words < 2:
        return False
    sentence_start = art.sentence_starts[f.sentence]
    before = art.text[max(sentence_start, f.span.open_at - _WINDOW) : f.span.open_at].rstrip()
    return not before or before[-1] == ":"


def _statement_words(art: _Article, members: list[Found]) -> int:
    """Words of the statement a partial quote reports: after the cue (and "that") to the
    sentence's end, or from the sentence's start to the cue when the cue comes after."""
    start, end, _ = _statement_span(art, members)
    if start < 0:
        return sum(m.words for m in members)
    return len(_WORD_RE.findall(art.text, start, min(end, start + 4 * _WINDOW)))


def _statement_span(art: _Article, members: list[Found]) -> tuple[int, int, int]:
    """Where the statement a partial quote reports starts and ends (-1, -1 when the cue's place
    is unknown), and where the label verb's object starts (`called the senator a "…"`: at
    "the"; the statement's start otherwise)."""
    first, last = members[0], members[-1]
    assert first.attribution is not None
    cue_at = first.attribution.cue_at
    if cue_at < 0:
        return -1, -1, -1
    if cue_at < first.span.open_at:
        start = cue_at
        toks = art.tokens_in(cue_at, first.span.open_at)
        obj = -1
        # The statement starts after "that" (`told a crowd in Ohio that he wants "…"`), or,
        # after a labelling verb, at the label (`called the senator a "nasty guy"`: what was
        # said is the label, not its object).
        who = first.attribution.who
        if first.attribution.cue.lower() in LABEL_VERBS:
            start = _label_start(art, first.span.open_at, cue_at)
            obj = toks[1].start if len(toks) > 1 else first.span.open_at
        elif who is not None and first.attribution.cue in art.lex.prepositions:
            # "According to Nancy Faeser, the danger is "…"": the statement follows the source
            start = min(who.pos + len(who.text), first.span.open_at)
        else:
            for tok in toks[1:_MAX_SUBJECT_TOKENS]:
                if tok.lower in _THAT:
                    start = tok.start
                    break
        start = next((t.end for t in toks if t.start >= start), start)
        obj = start if obj < 0 else min(obj, start)
        # The statement ends at the first punctuation after the last fragment, or at the
        # sentence's end: `said police should release it "as a matter of good faith," and …`.
        # Punctuation just inside the closing mark ends it too (`"…," while others said …`).
        sentence_end = max(_sentence_end(art, last), last.span.outer_end)
        content = art.text[last.span.start : last.span.end]
        if content[-1:] in ",;:":
            end = last.span.outer_end
        else:
            stop = _CLAUSE_END_RE.search(art.text, last.span.outer_end, sentence_end)
            end = stop.start() if stop else sentence_end
    else:
        start = obj = art.sentence_starts[first.sentence]
        end = cue_at
    return start, end, obj


def _label_start(art: _Article, open_at: int, cue_at: int) -> int:
    """Where a label begins: its quote mark, or an article right before it ("a "nasty guy"")."""
    toks = art.tokens_in(cue_at, open_at)
    if len(toks) > 1 and toks[-1].lower in ("a", "an", "the"):
        return toks[-2].start  # the token before: the words are counted from its end
    return toks[-1].start if toks else cue_at


def _sentence_end(art: _Article, f: Found) -> int:
    k = f.sentence + 1
    para = art.paragraphs[f.span.paragraph]
    if k < len(art.sentence_starts) and art.sentence_starts[k] <= para.end:
        return min(art.sentence_starts[k], para.end)
    return para.end


def _mark_continuations(art: _Article, founds: list[Found]) -> None:
    for i, f in enumerate(founds):
        if f.span.closed or i + 1 >= len(founds):
            continue
        nxt = founds[i + 1]
        if nxt.span.paragraph != f.span.paragraph + 1:
            continue
        para = art.paragraphs[nxt.span.paragraph]
        same_style = art.text[f.span.open_at] == art.text[nxt.span.open_at]
        f.continues = (
            same_style and nxt.span.open_at == para.start and opens_paragraph(art.text, para)
        )


def attribute(
    text: str, language: str | None, trace: list[PartialCandidate] | None = None
) -> list[Group]:
    """Every quotation in ``text`` with its speaker, grouped, in text order.

    ``trace``, when given, receives every partial-quote candidate with its features and score
    (for ``benchmarks.quotes_partial``, which chooses ``_keep_partial``'s thresholds)."""
    art = _prepare(text, language)
    if not art.spans:
        return []
    founds = _attribute(art)
    _mark_continuations(art, founds)
    _join(art, founds)
    _dash_lines(art, founds)
    _decide(art, founds, trace)
    return _speakers(art, founds)


_DASH_LINE_RE = re.compile(r"[-—–―]{1,2} ?(?=[A-ZÀ-ÞА-ЯЁ])")
_MAX_DASH_LINE = 120


def _dash_lines(art: _Article, founds: list[Found]) -> None:
    """A quote that is a paragraph of its own, signed by the next one: `"…" ¶ - Bernie Sanders.`,
    `« … » ¶ — Anna Weber, Kiel.` (fact checks, reader quotes). The line is a dash and a
    person's name, perhaps with a comma and a few words; an agency ("- Reuters.") signs no
    quote."""
    for f in founds:
        para_index = f.span.paragraph
        if f.attribution is not None or para_index + 1 >= len(art.paragraphs):
            continue
        para, nxt = art.paragraphs[para_index], art.paragraphs[para_index + 1]
        if f.span.open_at != para.start or f.span.outer_end < para.end - 1 or not f.span.closed:
            continue
        m = _DASH_LINE_RE.match(art.text, nxt.start, nxt.end)
        if m is None or nxt.end - nxt.start > _MAX_DASH_LINE or art.in_quote(m.end()):
            continue
        toks = art.tokens_in(m.end(), nxt.end)
        stop = next((i for i, t in enumerate(toks) if t.text in ",.;:("), len(toks))
        if not 0 < stop <= 5 or not all(t.capitalised for t in toks[:stop]):
            continue
        who = read_speaker(art.text, toks[:stop])
        if who is not None and who.kind is Kind.NAME:
            f.attribution = Attribution(who, "—", nxt.end, cue_at=m.start())


def _speakers(art: _Article, founds: list[Found]) -> list[Group]:
    """Step 6: names expanded, pronouns resolved, in text order.

    Every attribution is resolved, also those of quotes that were not kept (a fragment after
    "She says"): each is a mention of its speaker that later pronouns can refer to.
    """
    kept = [f for f in founds if f.keep]
    outside: list[tuple[int, int]] = []
    cursor = 0
    for span in art.spans:
        outside.append((cursor, span.open_at))
        cursor = span.outer_end
    outside.append((cursor, len(art.text)))
    evidence = {
        f.attribution.who.text
        for f in kept
        if f.attribution is not None
        and f.attribution.who is not None
        and f.attribution.who.kind is Kind.NAME
    }
    people = scan_people(art.text, art.tokens, outside, evidence, art.is_cue, art.sentence_starts)
    groups: dict[int, list[Found]] = {}
    for f in kept:
        groups.setdefault(f.group, []).append(f)
    resolved: dict[int, str | None] = {}
    whos = {
        f.attribution.who.pos: f.attribution.who
        for f in founds
        if f.attribution is not None and f.attribution.who is not None
    }
    for pos in sorted(whos):
        _speaker_name(art, people, whos[pos], resolved)
    result: list[Group] = []
    for gid in sorted(groups, key=lambda g: groups[g][0].span.open_at):
        members = groups[gid]
        attribution = next((m.attribution for m in members if m.attribution is not None), None)
        speaker: str | None = None
        cue: str | None = None
        if attribution is not None:
            cue = attribution.cue or None
            speaker = _speaker_name(art, people, attribution.who, resolved)
        partial = all(m.partial for m in members)
        result.append(Group(tuple(m.span for m in members), speaker, cue, partial))
    return result


def _joined_names(art: _Article, whos: tuple[Who, ...], names: list[str | None]) -> str | None:
    """Two speakers named together, joined by the article's own word ("Schmidt und Weber",
    "López y García"). When one name holds the other, the pair was one name: "José Ortega y
    Gasset" is one person, not "José Ortega and José Ortega y Gasset"."""
    if not all(names) or len(names) != 2:
        return None
    first, second = (n for n in names if n)
    if first in second or second in first:
        return max(first, second, key=len)
    between = art.text[whos[0].pos + len(whos[0].text) : whos[1].pos].strip().lower()
    word = between if between in COORDINATORS else "and"
    return f"{first} {word} {second}"


def _speaker_name(
    art: _Article, people: People, who: Who | None, resolved: dict[int, str | None]
) -> str | None:
    if who is None:
        return None
    if who.pos in resolved:
        return resolved[who.pos]
    name: str | None = None
    person: Person | None
    if who.kind is Kind.NAME and who.also:
        together = (replace(who, also=()), *who.also)
        names = [_speaker_name(art, people, w, resolved) for w in together]
        name = _joined_names(art, together, names)
        resolved[who.pos] = name
        return name
    if who.kind is Kind.NAME:
        toks = tokenize(who.text)
        parsed = parse_name_run(toks)
        if parsed is not None and not parsed.organisation:
            gender = who.gender if who.gender is not Gender.UNKNOWN else parsed.gender
            parsed = type(parsed)(parsed.tokens, gender, parsed.titled or who.titled, False)
            person = people.person_for(parsed, who.pos)
            people.mention(who.pos, person, prominent=True)
            name = person.name
        else:
            name = who.text
    elif who.kind is Kind.PRONOUN:
        person = people.resolve(who.pos, who.gender, art.sentence_starts)
        if person is not None:
            people.mention(who.pos, person, prominent=True)
            name = person.name
        elif art.language in _GENDERED_BODIES and who.gender is not Gender.PLURAL:
            # «…», a-t-il ajouté / «…», añadió / «…», — добавил он, after `Le parquet a
            # annoncé …`: where nobody is named, a body (masculine or feminine) speaks.
            body = _organisation_antecedent(art, who.pos)
            name = body.text if body is not None else None
    elif who.kind is Kind.ROLE:
        shown = role_speaker(art.text, who)
        if shown is not None and shown.kind is Kind.NAME:
            name = _speaker_name(art, people, shown, resolved)  # a NAME: no further recursion
        else:
            name = shown.text if shown is not None else None
    resolved[who.pos] = name
    return name
