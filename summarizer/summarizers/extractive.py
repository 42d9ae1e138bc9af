"""The extractive summarizer, the default: chosen sentences, stage by stage (each says why):

1. Sentences (``base.split_article``): every paragraph is split on its own, so a sentence never
   spans two paragraphs; a leading dateline (``Rome (CNN)``, ``WASHINGTON (AP) —``) and a
   reporter's tag opening a paragraph (``[엔터미디어=정덕현의 이슈공감]``) are dropped, since they
   are not part of any sentence a reader wants.
2. Candidates (:func:`candidate_pool`): a chosen sentence must stand on its own, so these are
   left out: repeats of the title or of an earlier sentence, boilerplate ("Scroll down for
   video", "Read more"), fragments of a few words, bylines ("By Jane Smith", "Von Anna Müller",
   "홍길동 기자"), headings and subtitles (a paragraph of one short line with no final mark), and
   the pieces of a quote that runs over several sentences (one that closes a quote it did not
   open, like ``He hasn't taken part in these negotiations."``, or leaves one open): such a
   quote is a candidate only whole, all its sentences as one (up to :data:`QUOTE_SENTENCES`);
   one that runs longer or past its paragraph is a candidate as its first sentences closed with
   an ellipsis inside the marks (``"We will go. We will win …"``); a straight opening mark
   the split left at the end of the sentence before is put back (also when its quote closes
   sentences later), and so is a closing mark that tokenised text spaced off its quote.
   Lines of fewer than :data:`INFORMATIVE_WORDS` words ("Hong Kong is burning.") are marked
   short when three longer ones remain. A short article whose sentences are all left out keeps
   them rather than having no summary.
3. Scores: two linear scorers over named features (:data:`FEATURES`): the position prior (news
   puts the gist first), a penalty for sentences that lean on the one before (``He added``,
   ``But``), the share inside quote marks (quotes are shown separately), length, similarity to
   the title and to the article's centroid (raw and standardised within the article). ``single``
   picks a one-sentence summary: position plus centrality, the sentence that best stands for the
   article (where the first sentence is not the summary, as in XSum-style news, this is what
   beats the lead). ``several`` fills a longer summary after the lede, which it always keeps.
   The weights are chosen across data sets by ``benchmarks/train_scorer.py`` (best worst gain
   over Lead-K, leave one data set out to check) and shipped in ``data/scorer.json``.
4. Selection (:func:`select`): the best-scored candidates among the first ``window`` ones,
   skipping one too similar to a sentence already taken (DM-style captions repeat the lede),
   one whose opening pronoun or connective points to a sentence not shown ("But he added" is
   taken only after the sentence before it, and "he" or "she" only once someone was named),
   and short lines past the first (one at most, in the lead of a longer summary, none alone),
   then more from the rest of the article if that is not enough; a whole quote counts all its
   sentences against K (among the first K candidates, one that would run the summary past K
   is cut there with the same ellipsis: a summary of K sentences has K sentences); the
   chosen sentences come back in article order. With ``several``'s position-only weights, a
   rejected lead sentence is replaced by the next acceptable one in article order.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from summarizer.errors import SummarizerError
from summarizer.summarizers.base import (
    _CJK,
    _WORD,
    ArticleSentence,
    repeats_title,
    split_article,
    tokens,
)
from summarizer.types import UNSPACED, Article, count_words

if TYPE_CHECKING:
    from summarizer.summarizers.encoder import SentenceEncoder

logger = logging.getLogger(__name__)

__all__ = [
    "FEATURES",
    "ExtractiveSummarizer",
    "ScorerWeights",
    "candidate_sentences",
    "featurize",
    "select",
    "select_shown",
    "tfidf_vectors",
]

FloatArray = npt.NDArray[np.float64]


# --- tokens and lexical vectors ----------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = _words(
    """
    the a an of to in and or for on at by with from as is was were are be been being has have had
    it its this that these those he she they we i you his her their our but not no said says will
    would could should may can do did does than then so if into over after about up out who which
    what when where there also more most just only other some such
    der die das und ist nicht ein eine zu den dem des mit von im für auf sich auch es sie er wird
    le la les et est un une des du de en à il elle que qui pas pour sur dans au aux se ce
    el los las y es un una que en por con para del al se lo su
    и в не на что с по как это он она они а к из у за о от же но так все его ее её их был была
    """
)


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in _STOPWORDS and (len(t) > 1 or t.isdigit())]


def tfidf_vectors(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Row-normalised TF-IDF vectors of ``texts`` with document frequencies counted among them."""
    bags = [Counter(content_tokens(t)) for t in texts]
    vocab: dict[str, int] = {}
    for bag in bags:
        for word in bag:
            vocab.setdefault(word, len(vocab))
    matrix = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, vocab[word]] = count
    df = (matrix > 0).sum(axis=0)
    n = len(texts)
    matrix *= np.log((n + 1) / (df + 0.5)).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(matrix / norms, dtype=np.float32)


# --- stage 2: candidates -------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^\W*(?:scroll down|click here|read more|read the full|share this|follow us|sign up|"
    r"subscribe|advertisement|related:|related articles|watch:|watch the video|video:|photo:|"
    r"pictured:|image:|copyright|all rights reserved|this article|this story was|"
    r"weiterlesen|lesen sie auch|mehr zum thema|anzeige|lire aussi|à lire aussi|leer más|"
    r"lee también|читайте также|подписывайтесь|реклама)",
    re.IGNORECASE,
)
# A byline or credit line: "By Jane Smith and Tom Jones", "Von Anna Müller", "Par Jean Dupont",
# "Текст Венера Ерофеева", "홍길동 기자", "jane@example.com".
_BYLINE = re.compile(
    r"^\W*(?:by|von|par|por|di|door|текст|автор|фото|text|photos?)\s+\w+(?:[ .,-]+\w+){0,8}\W*$"
    r"|\b[\w.+-]+@[\w-]+\.[\w.]+\b|^\W*\w{2,4}\s*(?:기자|特派員|記者)\W*$"
    r"|(?:기자|記者)\s*(?:=|\]|$)",
    re.IGNORECASE,
)
# A sentence ends with a full stop, question or exclamation mark (then maybe closing quotes or
# brackets); a paragraph of one "sentence" without one is a heading, subtitle or caption.
_FINAL_MARK = re.compile(r"[.!?…。！？｡．।॥؟۔։።။:;]['\"”’»」』)\]）]*\s*$")
MIN_WORDS = 4
MIN_CJK_CHARS = 8
# A sentence of fewer words is a fragment; one of fewer than INFORMATIVE_WORDS ("Hong Kong is
# burning.") is kept only when the article has too few longer ones.
INFORMATIVE_WORDS = 7
HEADING_WORDS = 20  # a paragraph-sentence without a final mark and shorter than this: a heading
# A quote over more sentences than this is not shown whole (its pieces are left out).
QUOTE_SENTENCES = 3
_OPEN_QUOTES = frozenset("“„«‹「『")
_CLOSE_QUOTES = frozenset("”»›」』")


def _is_fragment(sentence: str, words: int = MIN_WORDS) -> bool:
    if _CJK.search(sentence) or UNSPACED.search(sentence):
        return len(re.sub(r"\W", "", sentence)) < MIN_CJK_CHARS * words // MIN_WORDS
    return len(tokens(sentence)) < words


def _is_heading(sentence: str) -> bool:
    """A paragraph of one short line with no final mark: a heading, subtitle or caption."""
    return not _FINAL_MARK.search(sentence) and count_words(sentence) < HEADING_WORDS


def quote_balance(sentence: str, inside: bool = False) -> tuple[bool, bool]:
    """Whether ``sentence`` is sound on quote marks, and whether a quote is open at its end.

    ``inside``: a quote opened in an earlier sentence of the paragraph is still open. Unsound: it
    closes a quote it did not open (``He hasn't taken part."``), or starts inside one. Curly and
    angle marks say which way they face (German „…“ and »…« too); a straight ``"`` opens after
    a space or the start, or between a stop and a word (``said so."Next``, a lost space) or
    between a word and a capital (``le 3 septembre"Gouverner``, a heading run into its
    paragraph), and closes after a word or punctuation.
    """
    sound = not inside
    n = len(sentence)
    for i, ch in enumerate(sentence):
        before = sentence[i - 1] if i else " "
        after = sentence[i + 1] if i + 1 < n else " "
        if ch == "»":  # French closing mark, or German opening one (»Zitat«)
            if inside:
                inside = False
            elif after.isalnum():
                inside = True
            else:
                sound = False
        elif ch == "«":  # French opening mark, or German closing one
            inside = not inside
        elif ch in '"“':  # English opening or straight mark, or German closing one („…“)
            if inside:
                inside = False
            elif (
                ch == "“"
                or before.isspace()
                or before in "([—–-"
                or (not before.isalnum() and (after.isalnum() or after == "("))
                or (before.isalnum() and after.isupper())
            ):  # after a space or bracket, or glued to the word it opens (``end."Next``,
                # ``septembre"Gouverner``: a heading run into its paragraph)
                inside = True
            else:
                sound = False  # a closing mark with no opening one
        elif ch in _OPEN_QUOTES:
            inside = True
        elif ch in _CLOSE_QUOTES:
            if inside:
                inside = False
            else:
                sound = False
    return sound and not inside, inside


@dataclass(frozen=True, slots=True)
class CandidateSentences:
    """Stage 2's result: the sentences that may be chosen, and what each leans on."""

    sentences: list[str]
    follows: list[bool]  # directly after the candidate before it (or after short lines only)
    dependent: list[bool]  # opens with a word pointing back (needs the sentence before it)
    personal: list[bool] = field(default_factory=list)  # ... and with "he", "she", "il" ...
    names: list[bool] = field(default_factory=list)  # has a capitalised name inside it
    sizes: list[int] = field(default_factory=list)  # sentences in each (a whole quote: 2 or more)
    short: list[bool] = field(default_factory=list)  # under INFORMATIVE_WORDS, longer ones exist
    # A whole quote's first 1, 2 ... sentences closed with an ellipsis ("" where that does not
    # balance): what is shown when the whole would run the summary past K. Empty: none.
    cuts: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Unit:
    first: int  # index of its first sentence in the article's split
    last: int
    text: str
    paragraph: int
    alone: bool  # the whole paragraph (a heading or subtitle when it has no final mark)
    sound: bool  # balanced on quote marks
    cuts: tuple[str, ...] = ()  # a quote's first 1, 2 ... sentences with an ellipsis, or ""


def _marks_moved(split: Sequence[ArticleSentence]) -> list[str]:
    """The sentences' texts, a quote's opening mark put back where the splitter cut it off.

    ``He wrote on Twitter." We will vote you out", she said.``: the straight mark after the
    stop opens the next sentence's quote (spacing or the paragraph break put it on the wrong
    side), so it moves there, and neither sentence dangles a mark. Only when the first is
    sound without it and the next sentences of its paragraph close a quote they did not open
    (the second, or a later one: ``Aujourd'hui, ... a-t-elle déclaré. C'est ... clair."``).

    Tokenised text spaces marks off their words, so the split leaves a quote's closing mark at
    the start of the next sentence (``told " Fox News Sunday.`` / ``" " Their view ...``): when
    the paragraph so far ends inside a quote that the mark closes, it moves back there.
    """
    texts = [item.text for item in split]
    start = 0  # the first sentence of the paragraph of sentence i
    for i in range(len(texts) - 1):
        if split[i].paragraph != split[start].paragraph:
            start = i
        this, following = texts[i], texts[i + 1]
        if (
            _MISPLACED_OPENING.search(this)
            and quote_balance(" ".join([*texts[start:i], this[:-1]])) == (True, False)
            and _closed_later(texts, split, i + 1)
        ):
            texts[i], texts[i + 1] = this[:-1].rstrip(), '"' + following
        elif (
            split[i + 1].paragraph == split[i].paragraph
            and _SPACED_CLOSING.match(following)
            and quote_balance(" ".join([*texts[start:i], this]))[1]
            and quote_balance(" ".join([*texts[start:i], this + ' "'])) == (True, False)
        ):  # tokenised text: ``told " Fox News Sunday. " " Their view ...``: it closes
            texts[i], texts[i + 1] = this + ' "', following[1:].lstrip()
    return texts


_MISPLACED_OPENING = re.compile(r'[.!?…]"$')


def _closed_later(texts: Sequence[str], split: Sequence[ArticleSentence], first: int) -> bool:
    """Whether sentence ``first`` and the next ones of its paragraph close a quote they did not
    open, one that a straight mark put before ``first`` would open: ``Aujourd'hui, ... a-t-elle
    déclaré. C'est ... opérationnel."`` (the closing mark may come sentences later)."""
    for last in range(first, len(texts)):
        if split[last].paragraph != split[first].paragraph:
            return False
        run = " ".join(texts[first : last + 1])
        sound, inside = quote_balance(run)
        if inside:
            return False  # it opens a quote of its own
        if not sound:
            return quote_balance('"' + run) == (True, False)
    return False


# A straight mark spaced off the quote it closes (tokenised text), which the split put at the
# start of the next sentence: ``" " Their view ...``, ``" The White House ...``.
_SPACED_CLOSING = re.compile(r'"\s')


def _units(article: Article) -> list[_Unit]:
    """The article's sentences, with a quote that runs over several sentences as one unit.

    A quote over two or more sentences of one paragraph (``"He does not run the label. He
    hasn't taken part."``) is one unit of all its sentences, up to :data:`QUOTE_SENTENCES`:
    whole, it stands on its own; its pieces do not. A piece of a quote that runs past the
    paragraph or past that length stays a sentence of its own, unsound, and the quote's first
    sentences (those in the paragraph, up to that length) are one unit closed with an ellipsis
    inside the marks (``"We will go. We will win …"``): verbatim but for the `` …`` and the
    closing mark, so a lede that quotes at length keeps its place.
    """
    split = split_article(article)
    texts = _marks_moved(split)
    units: list[_Unit] = []
    group: list[int] = []  # the sentences of a quote still open
    paragraph = -1
    inside = False

    def flush(cut: bool = False) -> None:
        """The pieces of a quote left open, each unsound; with ``cut`` (the quote runs past
        its paragraph or past QUOTE_SENTENCES), also its first sentences as one unit, closed
        with an ellipsis inside the marks (``"We will go. We will win …"``)."""
        shortened = _cut_quote([texts[i] for i in group]) if cut else None
        pieces = group
        if shortened is not None:
            first, pieces = group[0], group[1:]
            units.append(
                _Unit(
                    first,
                    group[-1],
                    shortened,
                    split[first].paragraph,
                    False,
                    True,
                    _cuts([texts[i] for i in group]),
                )
            )
        units.extend(
            _Unit(i, i, texts[i], split[i].paragraph, split[i].alone, False) for i in pieces
        )
        group.clear()

    for index, item in enumerate(split):
        if item.paragraph != paragraph:
            flush(cut=True)
            paragraph, inside = item.paragraph, False
        opened = not inside
        sound, inside = quote_balance(texts[index], inside)
        if group:
            group.append(index)
            if not inside:
                text = " ".join(texts[i] for i in group)
                if quote_balance(text) == (True, False):
                    cuts = _cuts([texts[i] for i in group])
                    units.append(_Unit(group[0], index, text, paragraph, False, True, cuts))
                    group.clear()
                else:
                    flush()
            elif len(group) >= QUOTE_SENTENCES:
                flush(cut=True)
        elif opened and inside and quote_balance(texts[index] + "”")[0]:
            group.append(index)  # a sound sentence that opens a quote going on after it
        else:
            units.append(_Unit(index, index, texts[index], item.paragraph, item.alone, sound))
    flush(cut=True)
    return units


_CLOSING_MARK = {'"': '"', "“": "”", "«": "»", "„": "“", "»": "«", "‹": "›", "「": "」", "『": "』"}


def _cut_quote(sentences: Sequence[str]) -> str | None:
    """A quote's first sentences, closed with `` …`` and the mark that matches its opening one.

    The sentences stay verbatim; only the ellipsis and the closing mark are added, and only when
    the result is sound on its marks (one quote, opened and closed).
    """
    text = " ".join(sentences).rstrip()
    sound, inside = quote_balance(text)
    if sound or not inside:
        return None
    opening = next((ch for ch in reversed(text) if ch in _CLOSING_MARK), None)
    if opening is None:
        return None
    closing = _CLOSING_MARK[opening]
    space = " " if opening == "«" and "« " in text else ""
    cut = f"{text} …{space}{closing}"
    return cut if quote_balance(cut) == (True, False) else None


# A quote's last closing mark with the words after it: its attribution (`voters," Ruiz said
# after the vote.`); group 1 is the punctuation the quote ends with inside the mark.
_ATTRIBUTION_AFTER = re.compile(r"([,?!]?)[\"”»“«›」』]([^\"”»“«›」』]*\w[^\"”»“«›」』]*)$")


def _cuts(sentences: Sequence[str]) -> tuple[str, ...]:
    """A whole quote's first 1, 2 ... (all but the last) sentences, each closed with an
    ellipsis inside the marks (:func:`_cut_quote`), or "" where that does not balance. When the
    last sentence names the speaker after the quote, the cut keeps that attribution
    (`"We will not back down. …," Ruiz said after the vote.`): its words stay verbatim."""
    closed = quote_balance(" ".join(sentences)) == (True, False)  # a whole quote, closed
    after = _ATTRIBUTION_AFTER.search(sentences[-1]) if closed else None
    cuts = []
    for m in range(1, len(sentences)):
        cut = _cut_quote(sentences[:m]) or ""
        if cut and after is not None:
            cut = cut[:-1] + after.group(1) + cut[-1] + after.group(2)
            if quote_balance(cut) != (True, False):
                cut = ""
        cuts.append(cut)
    return tuple(cuts)


def candidate_pool(article: Article) -> CandidateSentences:
    """Stage 2: the article's sentences that may appear in a summary, each standing on its own.

    Left out: repeats of the title or of an earlier sentence, boilerplate, fragments, bylines,
    headings and subtitles (a paragraph of one short line with no final mark), and sentences
    that are part of a longer quote (they close a quote they did not open, or leave one open),
    unless the whole quote is taken as one candidate (:func:`_units`; ``sizes`` counts its
    sentences). Sentences shorter than :data:`INFORMATIVE_WORDS` are marked ``short`` when at
    least three longer ones remain (``select`` takes one at most, in the lead of a longer
    summary). A short article whose sentences are all left out keeps them rather than having
    no summary.
    """
    title = article.title.strip()
    seen: set[str] = set()
    kept: list[_Unit] = []
    short: list[_Unit] = []
    not_title: list[_Unit] = []
    for unit in _units(article):
        sentence = unit.text
        key = " ".join(tokens(sentence))
        if key in seen or (title and repeats_title(sentence, title)):
            continue
        seen.add(key)
        not_title.append(unit)
        if (
            not unit.sound
            or _is_fragment(sentence)
            or _BOILERPLATE.match(sentence)
            or _BYLINE.search(sentence)
            or (unit.alone and _is_heading(sentence))
        ):
            continue
        (short if _is_fragment(sentence, INFORMATIVE_WORDS) else kept).append(unit)
    shorts = {u.first for u in short} if len(kept) >= 3 else set()
    chosen = sorted(kept + short, key=lambda u: u.first) or not_title
    follows = [n > 0 and chosen[n - 1].last + 1 == chosen[n].first for n in range(len(chosen))]
    dependent = [u.first > 0 and dependent_start(u.text) for u in chosen]
    return CandidateSentences(
        [u.text for u in chosen],
        follows,
        dependent,
        [d and personal_start(u.text) for d, u in zip(dependent, chosen, strict=True)],
        [names_someone(u.text) for u in chosen],
        [u.last - u.first + 1 for u in chosen],
        [u.first in shorts for u in chosen],
        [u.cuts for u in chosen],
    )


def candidate_sentences(article: Article) -> list[str]:
    """Stage 2's sentences (see :func:`candidate_pool`)."""
    return candidate_pool(article).sentences


# --- stage 3: features -----------------------------------------------------------------------

FEATURES = (
    "log_position",  # log(1 + index among candidates)
    "dependent_start",  # starts with a pronoun or connective that needs the sentence before it
    "quote_share",  # share of characters inside quote marks
    "has_number",
    "excess_length",  # words past ``long_words`` (25), in tens
    "question",  # ends with ? or !
    "title_similarity",  # cosine with the title (0 without a title)
    "centrality",  # cosine with the article's centroid
    "centrality_z",  # the same, standardised within the article (mean 0, spread 1)
    "words",  # length in tens of words (CJK: characters / 2): shorter sentences, tighter summary
)

_DEPENDENT = {
    "en": """he she it they them him his her its their this that these those but and also however
        meanwhile yet so then still there such both or nor instead besides moreover furthermore
        nevertheless nonetheless thus hence therefore otherwise later""",
    "de": """er sie es ihm ihr ihn sein seine ihre dies diese dieser dieses aber und auch doch
        jedoch zudem außerdem deshalb daher dann damit dabei dort trotzdem allerdings""",
    "fr": """il elle ils elles lui son sa ses leur leurs ce cette ces cela mais et aussi cependant
        pourtant donc alors ensuite toutefois""",
    "es": """él ella ellos ellas su sus este esta estos estas eso pero y también además entonces
        luego""",
    "it": "lui lei loro suo sua questo questa ma e anche però inoltre quindi poi",
    "pt": "ele ela eles elas seu sua este esta isso mas e também porém então",
    "ru": """он она оно они его её ее их это этот эта эти но и а также однако тогда затем кроме
        поэтому""",
    "uk": "він вона воно вони його її їх це цей ця ці але і й також однак тому",
}
_DEPENDENT_WORDS = frozenset(w for words in _DEPENDENT.values() for w in words.split())
# Scripts without spaces: prefixes instead of words.
_DEPENDENT_PREFIXES = tuple(
    _words(
        """
        但 但是 不过 然而 而且 此外 因此 所以 他 她 它 这 那 該 这些 他们
        しかし だが でも また さらに それ これ 彼 彼女 그러나 하지만 그는 그녀는 또한
        """
    )
)
_DEPENDENT_PHRASES = re.compile(
    r"^(?:he|she|they|it) (?:added|said|says|continued|explained)\b|^in addition\b|"
    r"^as a result\b|^for example\b|^for instance\b|^on the other hand\b",
    re.IGNORECASE,
)
_OPENING = "\"'“‘«„‚‹([¿¡—–- "
_DOUBLE_QUOTES = frozenset('"“”«»„‟「」『』')
_DIGIT = re.compile(r"\d")


def dependent_start(sentence: str) -> bool:
    """True when the sentence opens with a word that points back to an earlier one."""
    text = sentence.lstrip(_OPENING)
    if _DEPENDENT_PHRASES.match(text):
        return True
    if text.startswith(_DEPENDENT_PREFIXES):
        return True
    words = _WORD.findall(text[:40].lower())
    return bool(words) and words[0] in _DEPENDENT_WORDS


# English only: "il", "er", "он" just as often stand for a masculine noun ("le conseil ... il").
_PERSONAL = _words("he she him his her hers himself herself")
_NAME = re.compile(r"(?<=[\s(,;:\"“«„'])[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄ][\w'’.-]+")
_NOT_NAMES = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december montag dienstag mittwoch donnerstag
    freitag samstag sonntag januar februar märz mai juni juli oktober dezember lundi mardi
    mercredi jeudi vendredi samedi dimanche janvier février mars avril juin juillet août
    septembre octobre novembre décembre i the a an
    """
)


def personal_start(sentence: str) -> bool:
    """True when one of the first three words is "he", "she" ... ("But he added ...")."""
    words = _WORD.findall(sentence.lstrip(_OPENING)[:40].lower())[:3]
    return any(w in _PERSONAL for w in words)


def names_someone(sentence: str) -> bool:
    """True when a capitalised word other than the first (and not a day or month) is inside:
    a name a following "he" or "she" can refer to. Scripts without capitals always count."""
    if not any(c.isupper() or c.islower() for c in sentence):
        return True
    first = _WORD.findall(sentence.lstrip(_OPENING)[:40])[:1]
    plain_words = _STOPWORDS | _NOT_NAMES | _DEPENDENT_WORDS
    if first and first[0][0].isupper() and first[0].lower() not in plain_words:
        return True  # "Obama said ..."
    return any(m.group(0).lower().rstrip(".") not in _NOT_NAMES for m in _NAME.finditer(sentence))


def quote_share(sentence: str) -> float:
    """The share of characters between quote marks (double, guillemets, or 'single' quotes)."""
    inside = 0
    quoted = False
    n = len(sentence)
    for i, ch in enumerate(sentence):
        is_mark = ch in _DOUBLE_QUOTES or (
            ch in "'‘’"
            and (
                i == 0
                or i == n - 1
                or not sentence[i - 1].isalnum()
                or not sentence[i + 1].isalnum()
            )
        )
        if is_mark:
            quoted = not quoted
        elif quoted:
            inside += 1
    return inside / max(1, n)


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """A linear sentence score over :data:`FEATURES`, choosing among the first ``window``."""

    weights: dict[str, float]
    window: int = 6  # candidates considered first

    def vector(self) -> FloatArray:
        return np.array([self.weights.get(name, 0.0) for name in FEATURES], dtype=np.float64)

    def to_json(self) -> dict[str, object]:
        return {
            "features": {name: self.weights.get(name, 0.0) for name in FEATURES},
            "window": self.window,
        }

    @classmethod
    def from_json(cls, data: object) -> LinearScorer:
        if not isinstance(data, dict):
            raise SummarizerError("scorer weights: a scorer must be an object")
        features = data.get("features")
        if not isinstance(features, dict):
            raise SummarizerError("scorer weights have no 'features' object")
        unknown = set(features) - set(FEATURES)
        if unknown:
            raise SummarizerError(f"scorer weights name unknown features: {sorted(unknown)}")
        window = data.get("window", 6)
        if not isinstance(window, int) or window < 1:
            raise SummarizerError("scorer weights: window must be a positive integer")
        return cls({str(k): float(v) for k, v in features.items()}, window)


@dataclass(frozen=True, slots=True)
class ScorerWeights:
    """The sentence scorers and selection settings (``data/scorer.json``).

    ``single`` picks a one-sentence summary: the sentence that best stands for the article
    (position prior plus centrality). ``several`` picks the rest of a longer one; with
    ``keep_lead`` the first candidate always opens it (news puts the gist first, and a longer
    summary that drops the lede scores below the plain lead on every data set here).
    """

    single: LinearScorer
    several: LinearScorer
    keep_lead: bool = True
    redundancy: float = 0.7  # a candidate this similar to a chosen sentence is skipped
    long_words: int = 25  # "excess_length" counts the words past this
    trained_on: str = ""

    @property
    def window(self) -> int:
        """The most candidates either scorer considers first (the encoder embeds these)."""
        return max(self.single.window, self.several.window)

    def scorer(self, sentences: int) -> LinearScorer:
        return self.single if sentences <= 1 else self.several

    def to_json(self) -> dict[str, object]:
        return {
            "single": self.single.to_json(),
            "several": self.several.to_json(),
            "keep_lead": self.keep_lead,
            "redundancy": self.redundancy,
            "long_words": self.long_words,
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ScorerWeights:
        if "single" not in data or "several" not in data:
            raise SummarizerError("scorer weights need 'single' and 'several' scorers")
        redundancy = data.get("redundancy", 0.7)
        long_words = data.get("long_words", 25)
        keep_lead = data.get("keep_lead", True)
        if not isinstance(long_words, int):
            raise SummarizerError("scorer weights: long_words must be an integer")
        if not isinstance(redundancy, int | float):
            raise SummarizerError("scorer weights: redundancy must be a number")
        if not isinstance(keep_lead, bool):
            raise SummarizerError("scorer weights: keep_lead must be true or false")
        return cls(
            single=LinearScorer.from_json(data["single"]),
            several=LinearScorer.from_json(data["several"]),
            keep_lead=keep_lead,
            redundancy=float(redundancy),
            long_words=long_words,
            trained_on=str(data.get("trained_on", "")),
        )

    @classmethod
    def shipped(cls) -> ScorerWeights:
        """The weights shipped with the package."""
        text = resources.files("summarizer").joinpath("data/scorer.json").read_text("utf-8")
        return cls.from_json(json.loads(text))


@dataclass(frozen=True, slots=True)
class Candidates:
    """An article's candidate sentences with their features (rows follow ``sentences``)."""

    sentences: list[str]
    features: FloatArray  # (n, len(FEATURES))
    similarity: FloatArray  # (n, n) cosine between candidates, for redundancy
    # What candidate i leans on: -1 nothing; j >= 0 candidate j (it opens with "He", "But" ...
    # and directly follows j in the article); UNRESOLVED: the sentence before it is no
    # candidate. Empty: every candidate stands alone.
    antecedent: tuple[int, ...] = ()
    # Candidate i opens with a personal pronoun; candidate j names someone ("he" needs a name).
    personal: tuple[bool, ...] = ()
    names: tuple[bool, ...] = ()
    # Sentences in each candidate (a whole quote counts all of its own); empty: one each.
    sizes: tuple[int, ...] = ()
    # A short line (under INFORMATIVE_WORDS, with three longer candidates): one at most, in the
    # lead of a longer summary; and whether each candidate directly follows the one before.
    short: tuple[bool, ...] = ()
    follows: tuple[bool, ...] = ()
    # A whole quote's first 1, 2 ... sentences with an ellipsis ("" where none balances).
    cuts: tuple[tuple[str, ...], ...] = ()

    def shown(self, index: int, sentences: int) -> str:
        """Candidate ``index`` as shown with ``sentences`` of its sentences (a cut quote)."""
        if self.sizes and sentences < self.sizes[index]:
            return self.cuts[index][sentences - 1]
        return self.sentences[index]


Embedder = Callable[[Sequence[str]], npt.NDArray[np.float32]]


def _standardised(values: FloatArray) -> FloatArray:
    spread = float(values.std()) if len(values) else 0.0
    if spread < 1e-9:
        return np.zeros(len(values))
    return np.asarray((values - values.mean()) / spread, dtype=np.float64)


def featurize(
    sentences: Sequence[str] | CandidateSentences,
    title: str = "",
    *,
    embed: Embedder | None = None,
    window: int = 6,
    long_words: int = 25,
) -> Candidates:
    """Stage 3: the feature rows of candidate ``sentences`` (in article order).

    With ``embed``, title similarity uses embeddings of the first ``window`` candidates and the
    title (the only ones that can win on score); everything else, and all of it without
    ``embed``, is lexical (TF-IDF).
    """
    pool: CandidateSentences | None = None
    if isinstance(sentences, CandidateSentences):
        pool, sentences = sentences, sentences.sentences
    else:
        sentences = list(sentences)
    n = len(sentences)
    feats = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return Candidates([], feats, np.zeros((0, 0)))
    texts = [*sentences, title] if title else list(sentences)
    vectors = tfidf_vectors(texts)
    sims = np.asarray(vectors[:n] @ vectors[:n].T, dtype=np.float64)
    centroid = vectors[:n].sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    central = vectors[:n] @ (centroid / norm) if norm else np.zeros(n)
    title_sim = vectors[:n] @ vectors[n] if title else np.zeros(n)
    if embed is not None:
        m = min(n, window)
        emb = np.asarray(embed([*sentences[:m], title] if title else list(sentences[:m])))
        head = emb[:m]
        if title:
            title_sim = np.asarray(title_sim, dtype=np.float64).copy()
            title_sim[:m] = head @ emb[m]
        # Centrality and redundancy stay lexical. Centrality needs every sentence (the encoder
        # sees the first ``window``) and the weights were chosen on it; embedded centrality put
        # extractive+encoder under Lead-1 on newsroom60 (R-2 10.91 against 11.08), and embedded
        # redundancy (MiniLM cosine 0.7) cost 0.3 ROUGE-1 at K=3 on SummEval (docs/benchmarks.md).
    central = np.asarray(central, dtype=np.float64)
    central_z = _standardised(central)
    col = {name: i for i, name in enumerate(FEATURES)}
    for i, sentence in enumerate(sentences):
        # A sentence with any CJK, Hangul or Thai in it is counted by count_words (a character
        # of a script without spaces is half a word, the rest by spaces): "(王毅)" in an English
        # sentence must not make it count as its characters / 2.
        plain = _CJK.search(sentence) is None and UNSPACED.search(sentence) is None
        words = len(tokens(sentence)) if plain else count_words(sentence)
        row = feats[i]
        row[col["log_position"]] = math.log1p(i)
        row[col["dependent_start"]] = 1.0 if i > 0 and dependent_start(sentence) else 0.0
        row[col["quote_share"]] = quote_share(sentence)
        row[col["has_number"]] = 1.0 if _DIGIT.search(sentence) else 0.0
        row[col["excess_length"]] = max(0, words - long_words) / 10
        row[col["question"]] = (
            1.0 if sentence.rstrip(_OPENING + "”’»").endswith(("?", "!")) else 0.0
        )
        row[col["title_similarity"]] = float(title_sim[i])
        row[col["centrality"]] = float(central[i])
        row[col["centrality_z"]] = float(central_z[i])
        row[col["words"]] = (len(sentence.split()) if plain else count_words(sentence)) / 10
    antecedent: tuple[int, ...] = ()
    if pool is not None:
        antecedent = tuple(
            -1 if not pool.dependent[i] else i - 1 if pool.follows[i] else UNRESOLVED
            for i in range(n)
        )
    if pool is None:
        return Candidates(list(sentences), feats, sims)
    return Candidates(
        list(sentences),
        feats,
        sims,
        antecedent,
        tuple(pool.personal),
        tuple(pool.names),
        tuple(pool.sizes),
        tuple(pool.short),
        tuple(pool.follows),
        tuple(pool.cuts),
    )


UNRESOLVED = -2


# A whole quote among the first K candidates that would run the summary past K is shown as its
# first sentences up to K, closed with an ellipsis inside the marks (``"We will go. …"``): a
# summary of K sentences has K sentences. Only where no such cut balances may it take the
# summary this many sentences past K (shown whole, not replaced by a later sentence).
LEAD_SLACK = 1
# False: the previous rule, such a quote shown whole, one sentence past K (docs/benchmarks.md,
# "Variants tried").
CUT_QUOTES = True


def select(candidates: Candidates, weights: ScorerWeights, sentences: int) -> list[int]:
    """Stage 4: indices of the chosen candidates, in article order (see :func:`select_shown`)."""
    return [i for i, _ in select_shown(candidates, weights, sentences)]


def select_shown(
    candidates: Candidates, weights: ScorerWeights, sentences: int
) -> list[tuple[int, int]]:
    """Stage 4: the chosen candidates, in article order, each with how many of its sentences
    are shown (:meth:`Candidates.shown`; fewer than its size: a quote cut with an ellipsis).

    The best-scored candidates among the scorer's first ``window`` ones (with two or more and
    ``keep_lead``, the first candidate first), then the rest of the article if that is not
    enough. Skipped: a near-duplicate of a chosen sentence, and one whose opening pronoun or
    connective points to a sentence not chosen (``He said ...`` joins only after the sentence
    that names him); those come back only when nothing else is left.

    ``sentences`` counts sentences: a whole quote of several (``Candidates.sizes``) counts all
    of them. Among the first ``sentences`` candidates, one that would run the summary past
    ``sentences`` is cut there with an ellipsis (:data:`LEAD_SLACK` where no cut balances).
    """
    n = len(candidates.sentences)
    k = max(0, sentences)
    if k == 0 or n == 0:
        return []
    sizes = candidates.sizes or (1,) * n
    if sum(sizes) <= k:
        return [(i, sizes[i]) for i in range(n)]
    cuts = candidates.cuts or ((),) * n
    scorer = weights.scorer(k)
    scores = candidates.features @ scorer.vector()
    order = sorted(range(n), key=lambda i: (i >= scorer.window, -scores[i], i))
    if k > 1 and weights.keep_lead:
        order.remove(0)
        order.insert(0, 0)
    antecedent = candidates.antecedent or (-1,) * n
    chosen: dict[int, int] = {}  # index: sentences shown
    used = 0

    short = candidates.short or (False,) * n
    follows = candidates.follows or (False,) * n

    def sized(i: int) -> int:
        """How many of candidate i's sentences it would show now (0: it does not fit)."""
        room = k - used
        if sizes[i] <= room:
            return sizes[i]
        if CUT_QUOTES and i < k and room >= 1 and len(cuts[i]) >= room and cuts[i][room - 1]:
            return room  # cut at K with an ellipsis
        return sizes[i] if i < k and sizes[i] <= room + LEAD_SLACK else 0

    def fits(i: int) -> int:
        if short[i] and (k == 1 or i >= k or any(short[j] for j in chosen)):
            return 0  # "Hong Kong is burning.": one short line, in the lead, at most
        if any(candidates.similarity[i, j] >= weights.redundancy for j in chosen):
            return 0
        return sized(i)

    personal = candidates.personal or (False,) * n
    names = candidates.names or (True,) * n

    def resolved(i: int) -> bool:
        if antecedent[i] == -1:
            return True
        j = antecedent[i]
        # A short line left out does not cut the thread ("He won. It was close. But he ...").
        while j > 0 and j not in chosen and short[j] and follows[j]:
            j -= 1
        if j not in chosen:
            return False
        # "But he added": someone must have been named in a sentence shown before it.
        return not personal[i] or any(names[j] for j in chosen if j < i)

    rules: tuple[Callable[[int], int], ...] = (
        lambda i: fits(i) if resolved(i) else 0,
        fits,
        sized,
    )
    for rule in rules:
        added = True
        while added and used < k:  # a pick can resolve a sentence passed over before
            added = False
            for i in order:
                if used >= k:
                    break
                if i not in chosen and (shown := rule(i)):
                    chosen[i] = shown
                    used += shown
                    added = True
        if used >= k:
            break
    if not chosen:  # every candidate is a quote longer than the summary: the best one
        first = order[0]
        chosen[first] = k if len(cuts[first]) >= k and cuts[first][k - 1] else sizes[first]
    return sorted(chosen.items())


# --- the summariser ------------------------------------------------------------------------------


@dataclass
class ExtractiveSummarizer:
    """The default summariser: learned sentence scores over lexical (or embedding) features."""

    weights: ScorerWeights = field(default_factory=ScorerWeights.shipped)
    encoder: SentenceEncoder | None = None
    name: str = "extractive"

    def __post_init__(self) -> None:
        if self.encoder is not None and self.name == "extractive":
            self.name = "extractive+encoder"

    def summarize(self, article: Article, sentences: int = 3) -> list[str]:
        if sentences <= 0:
            return []
        pool = candidate_pool(article)
        candidates = pool.sentences
        if sum(pool.sizes) <= sentences:
            return candidates
        embed = self._embedder(article)
        feats = featurize(
            pool,
            article.title,
            embed=embed,
            window=self.weights.window,
            long_words=self.weights.long_words,
        )
        return [feats.shown(i, m) for i, m in select_shown(feats, self.weights, sentences)]

    def _embedder(self, article: Article) -> Embedder | None:
        if self.encoder is None:
            return None
        readable = self.encoder.languages  # the pinned MiniLM reads English only
        if (
            readable is not None
            and article.language is not None
            and article.language not in readable
        ):
            return None
        return self.encoder.encode
