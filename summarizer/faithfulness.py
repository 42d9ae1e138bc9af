"""The faithfulness guard: a model's sentence may only state numbers and names the article states.

``check(sentences, source)`` keeps each sentence whose numbers and proper names all occur in
``source`` (the article's title and text) and drops the others, saying what was not found. It is
deliberately lexical: it cannot tell a wrong claim made of the article's own words, but it
catches what readers complain about most, invented figures and invented people or places.

Numbers (each rule says why):

- A number is compared by value, not by spelling: ``1,200``, ``1.200`` (German), ``1 200``
  (French, with a no-break or thin space) and ``1'200`` (Swiss) are all 1200; ``3,5`` is 3.5. A
  separator followed by exactly three digits is read both ways (``1.200`` may be 1.2 in
  English), so a correct figure is never dropped for its notation.
- Scale words and units after a number give its value too: ``$5m``, ``5 million``, ``5 Mio.``,
  ``5 млн`` and ``5,000,000`` are the same figure; ``m`` alone may be metres, so it is read
  both ways. A model figure with a scale must match the article's figure with its scale, so
  "5 billion" is not supported by "5 million".
- Small number words (two..twelve, in English, German, French, Spanish, Italian and Russian)
  are numbers: "seven minutes" in the article supports "7 minutes" in the summary.

Names: a word written with a capital letter that does not open the sentence (or that opens it
and is not a common sentence opener) is taken as part of a name. It is supported when the
article has the same word in any case, or the same word give or take a short ending
(``Merkels``/``Merkel``, ``Путина``/``Путин``, ``Москве``/``Москва``). German capitalises every
noun, so in German text a capitalised word with a common-noun ending (``-ung``, ``-heit``,
``-keit``...) is not taken as a name, and the others only when two stand together (``Anna
Weber``) or the word is an acronym (``NATO``): a single invented German surname passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = ["Dropped", "GuardResult", "SourceFacts", "check", "unsupported"]

_SEPARATORS = ",.'’\u00a0\u202f\u2009"
_NUMBER = re.compile(r"(?<![\w])\d+(?:[" + _SEPARATORS + r"]\d+)*")
_SCALES: dict[str, tuple[Decimal, ...]] = {}


def _add_scale(words: str, *values: int) -> None:
    for word in words.split():
        _SCALES[word] = tuple(Decimal(v) for v in values)


_add_scale("thousand thousands k tsd tausend тыс тысяч тысячи тысяча mil mille", 1000)
_add_scale(
    "million millions mn mln mio millionen million millones milioni млн миллион миллиона миллионов",
    1_000_000,
)
_add_scale("m", 1, 1_000_000)  # metres or million
_add_scale(
    "billion billions bn b mrd milliarde milliarden milliard milliards млрд миллиард миллиарда "
    "миллиардов",
    1_000_000_000,
)
_add_scale("trillion trillions tn", 1_000_000_000_000)
_SCALE_AFTER = re.compile(r"\s?([^\W\d_]+)\.?", re.UNICODE)

_NUMBER_WORDS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "two zwei deux dos due два две",
        "three drei trois tres tre три",
        "four vier quatre cuatro quattro четыре",
        "five fünf cinq cinco cinque пять",
        "six sechs six seis sei шесть",
        "seven sieben sept siete sette семь",
        "eight acht huit ocho otto восемь",
        "nine neun neuf nueve nove девять",
        "ten zehn dix diez dieci десять",
        "eleven elf onze once undici одиннадцать",
        "twelve zwölf douze doce dodici двенадцать",
    ),
    start=2,
):
    for _word in _names.split():
        _NUMBER_WORDS[_word] = _i
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _text_words(text: str) -> list[str]:
    return text.split()


# Words that often open a sentence with a capital letter without being a name.
_OPENERS = frozenset(
    _text_words(
        """
    a an the this that these those it its he she they we i you his her their our there here
    but and or so yet also however meanwhile overall additionally furthermore moreover while
    although though after before when where as in on at by for from with without despite
    according officials critics experts some many most several both all no not one other others
    according if because since until during last next first then now today yesterday
    new click here read watch see scroll
    der die das ein eine und aber auch doch er sie es wir ihr dies diese dieser nach vor bei
    im in am mit laut zudem außerdem allerdings trotzdem seit während
    le la les un une et mais il elle ils elles ce cette selon après avant dans en au
    el la los las un una y pero él ella según tras antes en
    и но а он она они это по в на после до
    """
    )
)
# Endings of German common nouns only (never of surnames like Müller or Weber).
_GERMAN_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "tät", "täten", "ismus", "nis", "nisse", "ment", "mente", "chen", "lein", "tum", "tümer",
    "ik", "iken", "ling", "linge", "ität", "anz", "enz", "ur", "uren",
)  # fmt: skip
_ENDING_SLACK = 2  # letters a name may differ by at its end ("Merkels", "Путина")
_MIN_STEM = 4


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _readings(digits: str) -> set[Decimal]:
    """The values a written number may have (several when its separators are ambiguous)."""
    groups = re.split(r"[" + _SEPARATORS + r"]", digits)
    seps = re.findall(r"[" + _SEPARATORS + r"]", digits)
    out: set[Decimal] = set()
    if len(groups) == 1:
        value = _decimal(digits)
        return {value} if value is not None else set()
    if all(len(g) == 3 for g in groups[1:]):  # thousands separators
        value = _decimal("".join(groups))
        if value is not None:
            out.add(value)
    if len(groups) == 2 and seps[0] in ",.":  # a decimal point or comma
        value = _decimal(f"{groups[0]}.{groups[1]}")
        if value is not None:
            out.add(value)
    mixed = len(groups) > 2 and seps[-1] in ",." and len(set(seps[:-1])) == 1
    if mixed and seps[-1] != seps[0] and all(len(g) == 3 for g in groups[1:-1]):
        # 1.234,5 or 1,234.5: thousands, then the decimal part
        value = _decimal("".join(groups[:-1]) + "." + groups[-1])
        if value is not None:
            out.add(value)
    if not out:  # a date, a time, a score: each part on its own
        for group in groups:
            value = _decimal(group)
            if value is not None:
                out.add(value)
    return out


@dataclass(frozen=True, slots=True)
class NumberMention:
    text: str
    values: frozenset[Decimal]  # what it may mean, scale applied when it has one
    plain: frozenset[Decimal]  # the values without a scale


def numbers(text: str) -> list[NumberMention]:
    """Each number in ``text`` (digits, or a small number word) with the values it may have."""
    out: list[NumberMention] = []
    for match in _NUMBER.finditer(text):
        plain = _readings(match.group())
        scale_match = _SCALE_AFTER.match(text, match.end())
        scales = _SCALES.get(scale_match.group(1).lower()) if scale_match else None
        if scales and scale_match:
            values = {v * s for v in plain for s in scales}
            shown = text[match.start() : scale_match.end()].rstrip(".")
        else:
            values, shown = set(plain), match.group()
        out.append(NumberMention(shown.strip(), frozenset(values), frozenset(plain)))
    for match in _WORD.finditer(text):
        for part in match.group().split("-"):  # "six-time", "a two-year deal"
            number = _NUMBER_WORDS.get(part.lower())
            if number is not None:
                value = frozenset({Decimal(number)})
                out.append(NumberMention(part, value, value))
    return out


def _normal(word: str) -> str:
    word = word.lower().replace("’", "'")
    for suffix in ("'s", "'"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word.strip("'-")


def _looks_german_noun(word: str) -> bool:
    return word.lower().endswith(_GERMAN_NOUN_ENDINGS)


def names(sentence: str, language: str | None = None) -> list[str]:
    """The words of ``sentence`` taken as parts of proper names (see the module doc)."""
    out: list[str] = []
    runs: list[list[str]] = [[]]  # consecutive capitalised words (German keeps runs of two)
    opening = True  # at the start, or after openers only ("CLICK HERE", "But then")
    for match in _WORD.finditer(sentence):
        word = match.group()
        if not word[0].isupper():
            runs.append([])
        before = sentence[: match.start()].rstrip(" \"'“‘«„(")
        first = opening or before.endswith((".", "!", "?", ":", "•", "-", "—", "–"))
        opening = False
        if not word[0].isupper():
            continue
        if _normal(word) in _OPENERS and first:
            opening = True
            continue
        if language == "de" and _looks_german_noun(word) and not word.isupper():
            continue
        if len(word) == 1 or word.lower() in _SCALES:  # "5 Mrd.", "$5 M"
            continue
        out.append(word)
        runs[-1].append(word)
    if language == "de":  # every noun has a capital: a name is two in a row, or an acronym
        named = {w for run in runs if len(run) >= 2 for w in run}
        return [w for w in out if w in named or (w.isupper() and len(w) > 1)]
    return out


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What a summary may state: the article's number values and words (lower case)."""

    values: frozenset[Decimal]
    plain: frozenset[Decimal]
    words: frozenset[str]
    stems: dict[str, frozenset[str]] = field(repr=False)

    @classmethod
    def of(cls, text: str) -> SourceFacts:
        mentions = numbers(text)
        values = frozenset(v for m in mentions for v in m.values | m.plain)
        plain = frozenset(v for m in mentions for v in m.plain)
        found = {_normal(w) for w in _WORD.findall(text)}
        words = frozenset(found | {p for w in found for p in w.split("-") if p})
        stems: dict[str, set[str]] = {}
        for word in words:
            if len(word) >= _MIN_STEM:
                stems.setdefault(word[:_MIN_STEM], set()).add(word)
            for part in word.split("-"):  # "al-Assad" supports "Assad"
                if part and part != word:
                    stems.setdefault(part[:_MIN_STEM], set()).add(part)
        return cls(values, plain, words, {k: frozenset(v) for k, v in stems.items()})

    def has_number(self, mention: NumberMention) -> bool:
        return bool(mention.values & self.values)

    def has_name(self, word: str) -> bool:
        key = _normal(word)
        if key in self.words:
            return True
        if len(key) < _MIN_STEM:
            return False
        for known in self.stems.get(key[:_MIN_STEM], ()):
            if known == key:
                return True
            common = len(_common_prefix(known, key))
            longest = max(len(known), len(key))
            if common >= _MIN_STEM and longest - common <= _ENDING_SLACK:
                return True
        return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def unsupported(sentence: str, facts: SourceFacts, language: str | None = None) -> list[str]:
    """The numbers and names of ``sentence`` that the source does not state."""
    missing = [m.text for m in numbers(sentence) if not facts.has_number(m)]
    missing.extend(w for w in names(sentence, language) if not facts.has_name(w))
    return list(dict.fromkeys(missing))


@dataclass(frozen=True, slots=True)
class Dropped:
    sentence: str
    missing: tuple[str, ...]  # the numbers and names not found in the article


@dataclass(frozen=True, slots=True)
class GuardResult:
    kept: tuple[str, ...]
    dropped: tuple[Dropped, ...]

    @property
    def mostly_dropped(self) -> bool:
        """Nothing kept, or more sentences dropped than kept: the answer is not to be used."""
        return not self.kept or len(self.dropped) > len(self.kept)


def check(
    sentences: Sequence[str] | Iterable[str],
    source: str | SourceFacts,
    language: str | None = None,
) -> GuardResult:
    """Keep the sentences whose numbers and names all occur in ``source``."""
    facts = source if isinstance(source, SourceFacts) else SourceFacts.of(source)
    kept: list[str] = []
    dropped: list[Dropped] = []
    for sentence in sentences:
        missing = unsupported(sentence, facts, language)
        if missing:
            dropped.append(Dropped(sentence, tuple(missing)))
        else:
            kept.append(sentence)
    return GuardResult(tuple(kept), tuple(dropped))
