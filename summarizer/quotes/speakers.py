"""Speakers: reading a speaker phrase, and resolving pronouns and surnames in an article.

Stage 3 of quote extraction (``summarizer.quotes``). No tagger: a name is a run of capitalised
words, cut down by word lists (titles, honorifics, organisation and place words, sentence
starters). A phrase such as "Flynn, a top Trump surrogate," or "White House Press Secretary Josh
Earnest" is read chunk by chunk (commas separate an apposition): the first chunk that ends in a
name gives the speaker; with no name, the phrase is kept as written ("a spokesperson for the
state treasury").

``People`` indexes every person the article names. It expands a surname to the one full name
the article gave it ("Okafor" → "Linda Okafor"), leaves it alone when two people share it, and
resolves "he", "sie", "она" to the nearest person before it, preferring the subject of the
nearest sentence (the first person named in it), skipping people whose gender is known to differ.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum

from summarizer.quotes.lexicon import (
    ADVERBS,
    ALL_VERBS,
    CLAUSE_BOUNDARIES,
    DETERMINERS,
    FINITE_VERBS,
    FIRST_PERSON,
    HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NON_PERSON_WORDS,
    NON_SPEAKERS,
    NOT_NAMES,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    SENTENCE_ABBREVIATIONS,
    SURNAME_PRONOUNS,
    THING_SUFFIXES,
    TIME_WORDS,
    TITLES,
    Gender,
    given_name_gender,
    title_gender,
)

_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’.]\w+)*|[^\w\s]")
# Words whose full stop is an abbreviation's ("Sen.", "Rev."): a title written out ("treasury",
# "spokesman") ends a sentence with its full stop.
_ABBREVIATIONS = (
    SENTENCE_ABBREVIATIONS
    | {h[:-1] for h in HONORIFICS if h.endswith(".")}
    | {t[:-1] for t in TITLES if t.endswith(".")}
)
_LOCATIVES = frozenset(
    {"in", "at", "on", "near", "across", "throughout", "outside", "inside", "im", "à", "в", "во"}
)
_POSSESSIVE = ("'s", "’s", "'", "’")
# Particles that are also German articles: in a name only after another particle ("von der
# Leyen"); alone they start the hearer ("sagte Scholz den Journalisten").
_ARTICLE_PARTICLES = frozenset({"der", "den"})
_MAX_ROLE_TOKENS = 14
_OF = frozenset({"of", "from", "aus", "de", "из"})  # "Rep. Elijah Cummings of Maryland"
_NAME_JOINERS = frozenset({"the", "of", "for", "and", "&", "der", "die", "des", "für", "und"})
_MAX_CANDIDATES = 60  # mentions a pronoun looks back over
_LEADING_MARKS = frozenset("—–-―:'’‘`\"“”«»„")  # not part of a speaker phrase's start


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    surname: bool = False  # a pronoun that is a name here: the "He" of "He Jianxiong"

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"

    @property
    def capitalised(self) -> bool:
        first = self.text[0]
        return first.isalpha() and first.isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation; an abbreviation or initial keeps its period ("Sen.", "G.K.")."""
    stop = len(text) if end is None else end
    tokens: list[Token] = []
    for m in _TOKEN_RE.finditer(text, start, stop):
        word = m.group()
        s, e = m.start(), m.end()
        if (
            tokens
            and word == "."
            and tokens[-1].end == s
            and tokens[-1].is_word
            and (tokens[-1].lower in _ABBREVIATIONS or _is_initial(tokens[-1].text))
        ):
            prev = tokens.pop()
            tokens.append(Token(prev.text + ".", prev.start, e))
            continue
        tokens.append(Token(word, s, e))
    for k in range(len(tokens) - 1):
        if tokens[k].text in SURNAME_PRONOUNS and _surname_pronoun(text, tokens[k], tokens[k + 1]):
            tokens[k] = Token(tokens[k].text, tokens[k].start, tokens[k].end, True)
    return tokens


def _surname_pronoun(text: str, tok: Token, nxt: Token) -> bool:
    """Whether "He" before ``nxt`` is a surname: "He Jianxiong said", not "He Said" (a verb),
    "He, Trump said" or "He Monday"."""
    word = nxt.text
    low = word.lower()
    return (
        text[tok.end : nxt.start] == " "
        and nxt.capitalised
        and len(word) > 1
        and not _is_acronym(word)
        and low not in NOT_NAMES
        and low not in PRONOUNS
        and low not in ALL_VERBS
        and low not in HONORIFICS
        and title_gender(low) is None
    )


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha() and word.isupper()


def _is_acronym(word: str) -> bool:
    word = _strip_possessive(word) or word
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters) and "." not in word


class Kind(Enum):
    NAME = "name"
    PRONOUN = "pronoun"
    ROLE = "role"  # a role or an organisation, kept as written
    FIRST_PERSON = "first"  # "I said": the writer; never resolved


@dataclass(frozen=True, slots=True)
class Who:
    """A speaker phrase as read: what kind it is, its words and where it is."""

    kind: Kind
    text: str
    pos: int
    gender: Gender = Gender.UNKNOWN
    titled: bool = False  # a title or honorific came with the name
    also: tuple[Who, ...] = ()  # "Lopez and Hale said": the other people speaking together


def _name_token(tok: Token) -> bool:
    if _particle_name(tok.text):
        return True  # "al-Assad", "bin-Salman"
    if tok.surname:
        return True
    if not tok.capitalised or _contraction_base(tok.lower) in PRONOUNS:
        return False
    if tok.text.endswith("."):
        return len(tok.text) <= 4 or "." in tok.text[:-1]  # initials and abbreviations
    return not _is_acronym(tok.text)


def _particle_name(word: str) -> bool:
    """A surname written with its particle: "al-Assad", "el-Sisi"."""
    particle, _, rest = word.partition("-")
    return particle in NAME_PARTICLES and rest[:1].isupper()


def _strip_possessive(word: str) -> str | None:
    for suffix in _POSSESSIVE[:2]:
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return None


@dataclass(frozen=True, slots=True)
class NameParse:
    tokens: tuple[str, ...]
    gender: Gender
    titled: bool
    organisation: bool  # the run names an organisation or a place, not a person


def parse_name_run(run: list[Token]) -> NameParse | None:
    """Reduce a run of capitalised tokens to a person's name (or recognise an organisation)."""
    gender = Gender.UNKNOWN
    titled = False
    words = [t.text for t in run]
    surnames = {k for k, t in enumerate(run) if t.surname}
    for k in range(len(words) - 2, -1, -1):
        if _strip_possessive(words[k]) is not None:
            words = words[k + 1 :]  # "NBC’s Dante Chinni", "Clinton’s Tim Kaine"
            surnames = {j - k - 1 for j in surnames if j > k}
            break
    i = 0
    # Leading sentence starters, honorifics, titles and organisation words.
    while i < len(words):
        low = words[i].lower()
        if words[i] == "The" and i + 1 < len(words) and _names_a_thing_after_the(words[i + 1]):
            # "The New Yorker", "The Atlantic": a publication or a body; a person's name takes
            # no article, but a title may ("The Rev. Jesse Jackson").
            return NameParse(tuple(words[i:]), Gender.UNKNOWN, False, True)
        if low in HONORIFICS:
            gender = HONORIFICS[low] if HONORIFICS[low] is not Gender.UNKNOWN else gender
            titled = True
        elif (g := title_gender(low)) is not None:
            gender = g if g is not Gender.UNKNOWN else gender
            titled = True
        elif low in NON_PERSON_WORDS:
            titled = False  # "Retired American Warriors": the title is not the name's
        elif low in NOT_NAMES and i not in surnames:
            pass
        else:
            break
        i += 1
    rest = words[i:]
    if not rest:
        org = any(w.lower() in NON_PERSON_WORDS for w in words)
        return NameParse(tuple(words), gender, titled, True) if org else None
    cut_by_organisation = False
    # A title or organisation word inside the run ends the part before the name:
    # "New York Democrat Charlie King", "White House Press Secretary Josh Earnest".
    cut = 0
    for k, word in enumerate(rest[:-1]):
        low = word.lower()
        g = title_gender(low)
        if g is not None or low in NON_PERSON_WORDS:
            cut = k + 1
            gender = g if g is not None and g is not Gender.UNKNOWN else gender
            titled = titled or g is not None
            cut_by_organisation = g is None
    rest = rest[cut:]
    if cut_by_organisation and len(rest) == 1:
        # "Retired American Warriors", "Florida Democratic Black Caucus": a name's last word
        return NameParse(tuple(words), gender, titled, True)
    last = rest[-1].lower()
    if last in NON_PERSON_WORDS or last in NOT_NAMES or last.endswith(THING_SUFFIXES):
        return NameParse(tuple(words), gender, titled, True)
    if any(w.lower() in NON_PERSON_WORDS for w in rest):
        return NameParse(tuple(words), gender, titled, True)
    while rest and rest[-1].lower() in NAME_PARTICLES:
        rest = rest[:-1]
    surname_alone = len(rest) >= 2 and all(w.lower() in NAME_PARTICLES for w in rest[:-1])
    while rest and rest[0].lower() in NAME_PARTICLES and not _given_name(rest):
        if surname_alone:  # "de Blasio", "von der Leyen": the surname as it is written
            break
        rest = rest[1:]
    if not rest:
        return None
    core = [w for w in rest if w.lower() not in NAME_SUFFIXES]
    if (
        len(core) == 3
        and given_name_gender(core[0]) is Gender.UNKNOWN
        and given_name_gender(core[1]) is not Gender.UNKNOWN
    ):
        rest = core = core[1:]  # "Miss Universe Alicia Machado"
    particles_before_surname = 0
    while (
        particles_before_surname < len(core) - 1
        and core[-2 - particles_before_surname].lower() in NAME_PARTICLES
    ):
        particles_before_surname += 1
    if len(core) > 3 and particles_before_surname > 1:
        rest = core[-(particles_before_surname + 2) :]  # "Ursula von der Leyen"
    elif len(core) > 3:
        keep = 3 if _is_initial(core[-2].rstrip(".")) or core[-2].lower() in NAME_PARTICLES else 2
        if _is_initial(core[-3].rstrip(".")):
            keep = 4  # "Julie A. Diaz Martinez": a given name, an initial and two surnames
        elif given_name_gender(core[-4]) is not Gender.UNKNOWN and _is_name_word(core[-3]):
            keep = 4  # "Maria Luisa Diaz Martinez": two given names and two surnames
        rest = core[-keep:]
    if all(w.lower() in NAME_PARTICLES or w.endswith(".") for w in rest):
        return None
    if gender is Gender.UNKNOWN:
        gender = _cyrillic_gender(rest[-1])
    if gender is Gender.UNKNOWN and len(rest) > 1:
        gender = given_name_gender(rest[0])
    return NameParse(tuple(rest), gender, titled, False)


# Particles that, capitalised before another name, are given names: "Al Sharpton", "Al Gore"
# (the Arabic article is written "al-Assad", "Adel al Jubeir").
_GIVEN_NAME_PARTICLES = frozenset({"Al"})


def _given_name(words: list[str]) -> bool:
    return len(words) > 1 and words[0] in _GIVEN_NAME_PARTICLES and _is_name_word(words[1])


def _is_name_word(word: str) -> bool:
    return not word.endswith(".") and word.lower() not in NAME_PARTICLES


def _names_a_thing_after_the(word: str) -> bool:
    low = word.lower()
    return low not in HONORIFICS and title_gender(low) is None and low not in NOT_NAMES


def _cyrillic_gender(surname: str) -> Gender:
    low = surname.lower()
    if not re.fullmatch(r"[а-яё\-]+", low):
        return Gender.UNKNOWN
    if low.endswith(("ова", "ева", "ина", "ская", "цкая", "ёва", "ына")):
        return Gender.FEMALE
    if low.endswith(("ов", "ев", "ин", "ский", "цкий", "ёв", "ын")):
        return Gender.MALE
    return Gender.UNKNOWN


def _drop_asides(tokens: list[Token]) -> list[Token]:
    """Without parentheses ("(D-Ohio)") and quoted nicknames (Marcia "Cia" Price)."""
    kept: list[Token] = []
    depth = 0
    quoted = False
    for tok in tokens:
        if tok.text == "(":
            depth += 1
            continue
        if tok.text == ")":
            depth = max(0, depth - 1)
            continue
        if tok.text in '"“”„«»':
            quoted = not quoted
            continue
        if depth or quoted:
            continue
        kept.append(tok)
    return kept if not quoted else [t for t in tokens if t.text not in '"“”„«»()']


def _chunks(tokens: list[Token]) -> list[list[Token]]:
    chunks: list[list[Token]] = [[]]
    for tok in tokens:
        if tok.text in ",;":
            chunks.append([])
        else:
            chunks[-1].append(tok)
    return [c for c in chunks if c]


def _trailing_name(chunk: list[Token]) -> tuple[NameParse, int] | None:
    """The name a chunk ends in ("… Secretary Josh Earnest"), with the position of its run."""
    end = len(chunk)
    # "Rep. Elijah Cummings of Maryland", "Trump himself"
    while end > 0 and chunk[end - 1].lower in ADVERBS:
        end -= 1
    for k in range(end - 1, 0, -1):
        # "Tom Hale of the Harbour Trust", "Dr. Ana Ruiz of the National Institutes of Health":
        # a person of a place or a body is the person. A role of one ("the head of Interpol")
        # or a title ("Secretary of State Mark Bell") is read on as a whole.
        if (
            chunk[k].lower in _OF
            and _names_a_place_or_body(chunk[k + 1 : end])
            and not _particle_in_a_name(chunk, k, end)
        ):
            person = _trailing_name(chunk[:k])
            if person is not None and not person[0].organisation:
                return person
    start = end
    while start > 0:
        tok = chunk[start - 1]
        if _name_token(tok):
            start -= 1
            continue
        if tok.lower in NAME_PARTICLES and start < end:
            # "Bill de Blasio", "Ursula von der Leyen": particles between names; and at the
            # start of the phrase, the particles a surname is written with ("de Blasio said").
            j = start - 2
            while j >= 0 and chunk[j].lower in NAME_PARTICLES:
                j -= 1
            if j < 0 or (_name_token(chunk[j]) and title_gender(chunk[j].text) is None):
                start -= 1
                continue
        break
    if start == end:
        return None
    run = chunk[start:end]
    if _strip_possessive(run[-1].text) is not None or run[-1].text.endswith(("'", "’")):
        return None  # "Scott's niece": the name is a possessor
    parsed = parse_name_run(run)
    if start > 0:
        before = chunk[start - 1]
        if _strip_possessive(before.text) is not None or (
            before.lower in PREPOSITIONS
            and not (before.lower == "of" and _title_of(chunk[: start - 1], run, parsed))
        ):
            return None  # "a spokesman for Okafor": an object, not the head
    if parsed is None:
        return None
    if start > 0 and chunk[start - 1].lower in DETERMINERS and not parsed.titled:
        # "der Stadtverwaltung", "the Kremlin": a name takes no article; a title may
        # ("der Busfahrer Peter Brandt").
        return NameParse(parsed.tokens, parsed.gender, False, True), run[0].start
    gender = parsed.gender
    titled = parsed.titled
    for tok in chunk[:start]:  # role words before the name: "spokeswoman Jane Doe"
        g = title_gender(tok.text)
        if g is not None and g is not Gender.UNKNOWN and gender is Gender.UNKNOWN:
            gender = g
        titled = titled or g is not None
    return NameParse(parsed.tokens, gender, titled, parsed.organisation), run[0].start


def _title_of(title: list[Token], run: list[Token], parsed: NameParse | None) -> bool:
    """ "Secretary of State Mark Bell": a title with "of" before the name, which the run after
    "of" starts with (not "the mayor of Springfield", whose run is all a place)."""
    return (
        bool(title)
        and all(t.capitalised and title_gender(t.text) is not None for t in title)
        and parsed is not None
        and not parsed.organisation
        and len(parsed.tokens) < len(run)
    )


def _particle_in_a_name(chunk: list[Token], k: int, end: int) -> bool:
    """Whether ``chunk[k]`` ("de", lowercase) is the particle of a surname, not "of": "Bill de
    Blasio", "Luis de Guindos" (a name before it, one surname after it, no article)."""
    tail = chunk[k + 1 : end]
    return (
        chunk[k].text in NAME_PARTICLES
        and k > 0
        and _name_token(chunk[k - 1])
        and len(tail) == 1
        and _name_token(tail[0])
    )


def _names_a_place_or_body(tail: list[Token]) -> bool:
    """ "Maryland", "The New Yorker", "the Harbour Trust", "the Museum of Art and History"."""
    if not tail or not _name_token(tail[-1]):
        return False
    return all(
        _name_token(t) or t.lower in NAME_PARTICLES or t.lower in _NAME_JOINERS for t in tail
    )


COORDINATORS = frozenset({"and", "und", "et", "y", "и"})


def _coordinated_names(chunk: list[Token]) -> Who | None:
    """ "Senator Maria Lopez and Rep. Tom Hale": two people, each a whole name (with its
    title); anything else around the "and" (a role, an object) is not read as a pair."""
    ands = [k for k, tok in enumerate(chunk) if tok.lower in COORDINATORS]
    if len(ands) != 1 or ands[0] == 0 or ands[0] == len(chunk) - 1:
        return None
    k = ands[0]
    people: list[Who] = []
    for part in (chunk[:k], chunk[k + 1 :]):
        if not all(_name_token(t) or title_gender(t.text) is not None for t in part):
            return None
        found = _trailing_name(part)
        if found is None or found[0].organisation:
            return None
        parsed, pos = found
        people.append(Who(Kind.NAME, " ".join(parsed.tokens), pos, parsed.gender, parsed.titled))
    first, second = people
    return Who(first.kind, first.text, first.pos, Gender.PLURAL, first.titled, (second,))


def _adverbial(chunk: list[Token]) -> bool:
    """A chunk that cannot be the speaker: "In a statement", "Last week", "after the vote".
    Not a surname written with its particles ("de Blasio", "von der Leyen")."""
    first = chunk[0].lower
    if first in NAME_PARTICLES and _surname_with_particles(chunk):
        return False
    return (
        first in PREPOSITIONS
        or first in CLAUSE_BOUNDARIES
        or first in ADVERBS
        or first in TIME_WORDS
    )


def _surname_with_particles(chunk: list[Token]) -> bool:
    """ "de Blasio", "De Blasio", "von der Leyen", "van der Berg": particles, then one name."""
    k = 0
    while k < len(chunk) and chunk[k].lower in NAME_PARTICLES:
        k += 1
    return 0 < k == len(chunk) - 1 and _name_token(chunk[k]) and not chunk[k].text.endswith(".")


def read_speaker(text: str, tokens: list[Token]) -> Who | None:
    """Read the speaker phrase made of ``tokens`` (the words beside a cue)."""
    tokens = _drop_asides(tokens)
    while tokens and tokens[-1].lower in ADVERBS:
        tokens = tokens[:-1]
    # a dash, a colon, or the stray mark of a nested quote's close (`''…,''' he said`)
    while tokens and (tokens[0].lower in ADVERBS or tokens[0].text in _LEADING_MARKS):
        tokens = tokens[1:]
    if not tokens:
        return None
    chunks = _chunks(tokens)
    content = [c for c in chunks if not _adverbial(c)]
    if content:
        together = _coordinated_names(content[0])
        if together is not None:
            return together
    if content and len(content[0]) <= 2:
        first = content[0][0]
        base = _contraction_base(first.lower)
        if base in PRONOUNS and (len(content[0]) == 1 or not content[0][1].capitalised):
            return Who(Kind.PRONOUN, first.text, first.start, PRONOUNS[base])
        if base in FIRST_PERSON:
            return Who(Kind.FIRST_PERSON, first.text, first.start)
        if base in NON_SPEAKERS and (
            len(content[0]) == 1 or not content[0][1].is_word or base in _PRONOUN_LIKE
        ):
            return None  # "it said", "It was …"
    for chunk in content:
        found = _trailing_name(chunk)
        if found is None:
            continue
        parsed, pos = found
        if parsed.organisation:
            return _role(text, chunk)
        return Who(Kind.NAME, " ".join(parsed.tokens), pos, parsed.gender, parsed.titled)
    if not content:
        return None
    # A role: the first chunk that starts like a noun phrase ("the mayor", "officials").
    for chunk in content:
        head = chunk[0]
        if head.capitalised or head.lower in DETERMINERS or head.text[0].isdigit():
            return _role(text, chunk)
    return _role(text, content[-1])


_PRONOUN_LIKE = frozenset({"it", "es", "это", "cela", "eso", "esto"})
_ARTICLES = frozenset(
    {
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "ein",
        "eine",
        "der",
        "die",
        "das",
        "le",
        "la",
        "les",
        "un",
        "une",
        "el",
        "los",
        "las",
        "una",
    }
)


def _contraction_base(word: str) -> str:
    """ "he’s" → "he", "she'd" → "she" (the pronoun of a contraction)."""
    for suffix in ("'s", "’s", "'d", "’d", "'ll", "’ll"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _role(text: str, chunk: list[Token]) -> Who | None:
    if len(chunk) > _MAX_ROLE_TOKENS:
        return None
    if chunk[-1].lower in PREPOSITIONS or chunk[-1].lower in _ARTICLES:
        return None
    words = [t for t in chunk if t.is_word]
    if not words or not any(t.lower not in DETERMINERS for t in words):
        return None
    gender = next(
        (g for t in chunk if (g := title_gender(t.text)) not in (None, Gender.UNKNOWN)),
        Gender.UNKNOWN,
    )
    return Who(Kind.ROLE, text[chunk[0].start : chunk[-1].end], chunk[0].start, gender)


def role_speaker(text: str, who: Who) -> Who | None:
    """A role as a speaker shown to a reader: a clause read as a subject names nobody (None), and
    `Trump issued a statement` names its capitalised words."""
    words = [t for t in tokenize(who.text) if t.is_word]
    applies, subject = _subject_of_clause(who.text, words)
    if not applies:
        return None if _clause_like(words) else who
    if subject is None:
        return None
    return replace(subject, pos=who.pos + subject.pos)


def _clause_like(words: list[Token]) -> bool:
    """Whether a role's words are a clause, not a noun phrase: an auxiliary ("the candidate could
    be"), an object pronoun ("… reminds him of"), or a subject pronoun with more words ("He
    fiercely protected …")."""
    if len(words) > 1 and words[0].lower in PRONOUNS:
        return True
    return any(
        tok.text.islower() and (tok.lower in FINITE_VERBS or tok.lower in OBJECT_PRONOUNS)
        for tok in words
    )


def _subject_of_clause(text: str, words: list[Token]) -> tuple[bool, Who | None]:
    """`Carson shared a syllabus …`, `Trump issued a statement`: capitalised words, then a past
    tense. The capitalised words are the speaker (a name, or a body kept as written), the rest is
    not; None when they are only a determiner ("Another featured …"). (False, None) when the words
    do not read so."""
    for k in range(1, len(words)):
        tok, prev = words[k], words[k - 1]
        if not (tok.text.islower() and tok.lower.endswith("ed") and len(tok.lower) > 4):
            continue
        head = words[:k]
        if k == 1 and prev.capitalised and prev.lower in DETERMINERS:
            return True, None  # "Another featured five photos"
        if not prev.capitalised or prev.lower in DETERMINERS:
            return False, None
        if not all(t.capitalised for t in head):
            return False, None
        if all(t.lower in DETERMINERS or t.lower in NON_SPEAKERS for t in head):
            return True, None
        parsed = parse_name_run(head)
        dropped = head[: len(head) - len(parsed.tokens)] if parsed is not None else head
        if (
            parsed is not None
            and not parsed.organisation
            and tuple(t.text for t in head[len(dropped) :]) == parsed.tokens
            and all(title_gender(t.text) is not None or t.text in HONORIFICS for t in dropped)
        ):  # a person's name, perhaps after a title: not "Lives Matter" of "Black Lives Matter"
            return True, Who(Kind.NAME, " ".join(parsed.tokens), head[0].start, parsed.gender)
        return True, Who(
            Kind.ROLE, text[head[0].start : head[-1].end], head[0].start, Gender.UNKNOWN
        )
    return False, None


@dataclass(slots=True)
class Person:
    name: str
    tokens: tuple[str, ...]
    gender: Gender = Gender.UNKNOWN
    first_seen: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    pos: int
    person: Person
    prominent: bool = False  # a speaker, or introduced with a role: "X, the mayor," / "mayor X"
    weak: bool = False  # a possessive or after a preposition: "Trump's mic", "with Clinton"
    subject: bool = False  # the sentence starts with it ("On Monday, Clinton criticized …")


def _same_person(a: Person, b: Person) -> bool:
    """One person written two ways: one name ends the other, or first and last names agree."""
    if _stem(a.tokens[-1]) != _stem(b.tokens[-1]):
        return False
    shorter, longer = sorted((a.tokens, b.tokens), key=len)
    return longer[-len(shorter) :] == shorter or a.tokens[0] == b.tokens[0]


def _stem(word: str) -> str:
    """A Russian surname without its case ending (Путина, Путину → путин)."""
    low = word.lower()
    if not re.fullmatch(r"[а-яё\-]+", low):
        return low
    for ending in ("ого", "ому", "ой", "ым", "ом", "ей", "ую", "а", "у", "е", "ы", "ю", "я"):
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return low[: -len(ending)]
    return low


@dataclass(slots=True)
class People:
    """Every person an article names, and where."""

    persons: dict[str, Person] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _by_part: dict[str, list[Person]] = field(default_factory=dict)
    _positions: list[int] = field(default_factory=list)
    # Sentences that start with "He" or "She": their subject is someone named earlier.
    pronoun_led: dict[int, Gender] = field(default_factory=dict)

    def add_full(self, tokens: tuple[str, ...], gender: Gender, pos: int) -> Person:
        name = " ".join(tokens)
        person = self.persons.get(name)
        if person is None and len(tokens) > 2:
            # "Miss Universe Alicia Machado" after "Alicia Machado": the same person
            person = self.persons.get(" ".join(tokens[-2:]))
        if person is None and len(tokens) > 1:
            # "Diaz Martinez" after "Maria Luisa Diaz Martinez": two surnames of one person
            person = self._longer(tokens)
        if person is None:
            person = Person(name, tokens, gender, pos)
            self.persons[name] = person
            if len(tokens) > 1:
                parts = {_stem(tokens[-1]), tokens[0].lower()}
                if _is_name_word(tokens[-2]) and (
                    len(tokens) > 3 or tokens[-1].lower() in NAME_SUFFIXES
                ):
                    # "Diaz" of "Maria Luisa Diaz Martinez", "Biden" of "Joseph R. Biden Jr."
                    parts.add(_stem(tokens[-2]))
                for part in parts:
                    self._by_part.setdefault(part, []).append(person)
        elif person.gender is Gender.UNKNOWN:
            person.gender = gender
        return person

    def _longer(self, tokens: tuple[str, ...]) -> Person | None:
        """The one person whose full name ends with ``tokens`` and is longer (case aside: "De
        Blasio" opening a sentence is "Bill de Blasio")."""
        n = len(tokens)
        wanted = tuple(t.casefold() for t in tokens)
        found = [
            p
            for p in self._by_part.get(_stem(tokens[-1]), [])
            if len(p.tokens) > n and tuple(t.casefold() for t in p.tokens[-n:]) == wanted
        ]
        if found and all(_same_person(found[0], p) for p in found[1:]):
            return found[0]
        return None

    def expand(self, word: str, pos: int) -> Person | None:
        """The one full name a single word (a surname, or a first name) stands for.

        Names that are one person written longer or shorter ("Barack H. Obama", "Barack
        Obama") count once; two people sharing the word (Hillary and Bill Clinton): None.
        """
        before = [p for p in self._by_part.get(_stem(word), []) if p.first_seen <= pos]
        if not before:
            return None
        first = before[0]
        if all(_same_person(first, p) for p in before[1:]):
            return min(before, key=lambda p: (len(p.tokens) != 2, p.first_seen))
        return None

    def person_for(self, parse: NameParse, pos: int) -> Person:
        """The person a parsed name refers to: expanded when it is one unambiguous word."""
        if len(parse.tokens) == 1:
            found = self.expand(parse.tokens[0], pos)
            if found is not None:
                if found.gender is Gender.UNKNOWN:
                    found.gender = parse.gender
                return found
        return self.add_full(parse.tokens, parse.gender, pos)

    def mention(
        self,
        pos: int,
        person: Person,
        prominent: bool = False,
        weak: bool = False,
        subject: bool = False,
    ) -> None:
        mention = Mention(pos, person, prominent and not weak, weak, subject and not weak)
        if not self._positions or pos >= self._positions[-1]:
            self._positions.append(pos)
            self.mentions.append(mention)
            return
        k = bisect.bisect_right(self._positions, pos)
        self._positions.insert(k, pos)
        self.mentions.insert(k, mention)

    def resolve(
        self, pos: int, gender: Gender, sentence_starts: list[int], max_back: int = 4
    ) -> Person | None:
        """The person a pronoun at ``pos`` refers to, or None.

        Sentences are searched from the pronoun's own backwards. In the nearest one that names
        a person whose gender does not clash, the person the sentence starts with wins ("On
        Monday, Clinton criticized officer Betty Shelby"); else the last speaker or person
        introduced with a role ("While Obama …, which concerns Henry Crespo, president of …");
        else the first person named. People named only in a possessive or after a
        preposition ("than Clinton's", "the figure of Lincoln") are taken only when nobody else
        is named within ``max_back`` sentences; with nobody at all: None. A sentence that starts
        with the same pronoun ("She has faced … Hillary Clinton") is about the same person, so
        the search goes on past it.
        """
        if gender is Gender.PLURAL:
            return None
        here = bisect.bisect_right(sentence_starts, pos) - 1
        lowest = sentence_starts[max(0, here - max_back)] if sentence_starts else 0
        end = bisect.bisect_left(self._positions, pos)
        begin = max(bisect.bisect_left(self._positions, lowest), end - _MAX_CANDIDATES)
        by_sentence: dict[int, list[Mention]] = {}
        for m in self.mentions[begin:end]:
            s = bisect.bisect_right(sentence_starts, m.pos) - 1
            by_sentence.setdefault(s, []).append(m)
        for weak in (False, True):
            for s in sorted(by_sentence, reverse=True):
                if s != here and self.pronoun_led.get(s) is gender is not Gender.UNKNOWN:
                    continue
                fits = [
                    m
                    for m in by_sentence[s]
                    if (weak or not m.weak)
                    and (gender is Gender.UNKNOWN or m.person.gender in (Gender.UNKNOWN, gender))
                ]
                if not fits:
                    continue
                subjects = [m for m in fits if m.subject]
                prominent = [m for m in fits if m.prominent]
                chosen = subjects[0] if subjects else prominent[-1] if prominent else fits[0]
                # No gender is learned from a resolution: one wrong guess would spread.
                return chosen.person
        return None


def scan_people(
    text: str,
    tokens: list[Token],
    outside: list[tuple[int, int]],
    evidence: set[str],
    is_cue: Callable[[Token], bool],
    sentence_starts: list[int],
) -> People:
    """Find the people an article names outside its quotes.

    A run of two or three capitalised words that is no organisation or place is a person; so is
    one word with a title ("Mr. Obama"), one that ``evidence`` lists (a quote's speaker) or one
    beside a speech verb ("Burton explained"). One word that is a known person's surname or
    first name is a mention of them. Genders come from honorifics and titles ("Mrs.",
    "spokeswoman"), from an apposition ("Ivanka Trump, the nominee's eldest daughter,") and from
    a sentence that starts with "She" right after a sentence naming one person only.
    """
    people = People()
    runs = _runs(text, tokens, outside)
    last_end, last_weak = -1, False
    token_starts = [t.start for t in tokens]
    singles: list[tuple[NameParse, int, bool, bool, bool, bool, bool]] = []
    for run, after_locative, index, possessive in runs:
        parsed = parse_name_run(run)
        if parsed is None or parsed.organisation:
            continue
        pos = run[0].start
        first = index - len(run)
        appositive, apposition_gender = _apposition(tokens, index)
        # The word before the name itself: a title inside the run ("State John F. Kerry")
        # shields it from a preposition before the run.
        prefixed = parsed.tokens[0] != run[0].text
        before = tokens[first - 1] if first > 0 and not prefixed else None
        role_before = (
            before is not None and not before.capitalised and title_gender(before.text) is not None
        )
        prominent = appositive or role_before or parsed.titled
        weak = possessive or (before is not None and before.lower in PREPOSITIONS)
        if (
            last_weak
            and 0 <= last_end < first
            and all(
                t.lower in ("and", "or", ",", "und", "et", "y", "и") for t in tokens[last_end:first]
            )
        ):
            weak = True  # "loyalists to Joe Biden and Bernie Sanders": both objects
        last_end, last_weak = index, weak
        # "On The Steve Harvey Morning Show": words cut from the run come before the name
        words = [t.text for t in run]
        name_at = first + (words.index(parsed.tokens[0]) if parsed.tokens[0] in words else 0)
        subject = _opens_sentence(tokens, token_starts, sentence_starts, name_at)
        gender = parsed.gender
        if gender is Gender.UNKNOWN:
            gender = apposition_gender
        if gender is Gender.UNKNOWN and role_before and before is not None:
            gender = title_gender(before.text) or Gender.UNKNOWN
        parsed = NameParse(parsed.tokens, gender, parsed.titled, False)
        if len(parsed.tokens) > 1 and not after_locative:
            person = people.add_full(parsed.tokens, parsed.gender, pos)
            if person.gender is Gender.UNKNOWN:
                person.gender = gender
            people.mention(pos, person, prominent, weak, subject)
        elif len(parsed.tokens) == 1:
            j = index
            while j < len(tokens) and tokens[j].lower in ADVERBS:
                j += 1
            # "Burton explained", or an inverted cue after a quote: '…," said Burton'
            speaks = (j < len(tokens) and is_cue(tokens[j])) or (
                first > 1 and is_cue(tokens[first - 1]) and tokens[first - 2].text in ",\"”»“'’—–"
            )
            singles.append(
                (parsed, pos, speaks, after_locative, prominent or speaks, weak, subject)
            )
    for parsed, pos, speaks, after_locative, prominent, weak, subject in singles:
        if after_locative and not parsed.titled:
            continue  # "on Midway", "in Washington"
        word = parsed.tokens[0]
        found = people.expand(word, pos)
        if found is not None:
            if found.gender is Gender.UNKNOWN:
                found.gender = parsed.gender
            people.mention(pos, found, prominent, weak, subject)
        elif parsed.titled or speaks or word in evidence:
            person = people.add_full(parsed.tokens, parsed.gender, pos)
            people.mention(pos, person, prominent, weak, subject)
    _learn_genders(people, tokens, sentence_starts)
    return people


def _opens_sentence(
    tokens: list[Token], token_starts: list[int], sentence_starts: list[int], first: int
) -> bool:
    """Whether the name at ``tokens[first]`` starts its sentence, perhaps after an opening
    adverbial ("On Monday, …") or lowercase role words ("former first lady …")."""
    if not sentence_starts:
        return False
    pos = tokens[first].start
    start = sentence_starts[max(0, bisect.bisect_right(sentence_starts, pos) - 1)]
    between = tokens[bisect.bisect_left(token_starts, start) : first]
    if between and between[0].lower in PREPOSITIONS | TIME_WORDS | ADVERBS | CLAUSE_BOUNDARIES:
        commas = [i for i, t in enumerate(between) if t.text == ","]
        if not commas or len(between) > 16:
            return False
        between = between[commas[0] + 1 :]
    return all(
        t.lower in DETERMINERS or (not t.capitalised and title_gender(t.text) is not None)
        for t in between
    )


_SENTENCE_PRONOUNS = {
    "He": Gender.MALE,
    "She": Gender.FEMALE,
    "Er": Gender.MALE,
    "Il": Gender.MALE,
    "Elle": Gender.FEMALE,
    "Él": Gender.MALE,
    "Ella": Gender.FEMALE,
    "Он": Gender.MALE,
    "Она": Gender.FEMALE,
}


def _learn_genders(people: People, tokens: list[Token], sentence_starts: list[int]) -> None:
    """`Ivanka Trump noted the rule. She said …`: one person named, then "She" opens the next
    sentence. Votes are counted over the article; a person with votes both ways stays unknown."""
    if not sentence_starts:
        return
    token_starts = [t.start for t in tokens]
    for index, start in enumerate(sentence_starts):
        k = bisect.bisect_left(token_starts, start)
        if k < len(tokens) and tokens[k].start == start:
            led = None if tokens[k].surname else _SENTENCE_PRONOUNS.get(tokens[k].text)
            if led is not None:
                people.pronoun_led[index] = led
    if not people.mentions:
        return
    named: dict[int, set[str]] = {}
    for m in people.mentions:
        named.setdefault(bisect.bisect_right(sentence_starts, m.pos) - 1, set()).add(m.person.name)
    votes: dict[str, set[Gender]] = {}
    for index, names in named.items():
        gender = people.pronoun_led.get(index + 1)
        if len(names) == 1 and gender is not None:
            votes.setdefault(next(iter(names)), set()).add(gender)
    for name, genders in votes.items():
        person = people.persons.get(name)
        if person is not None and person.gender is Gender.UNKNOWN and len(genders) == 1:
            person.gender = next(iter(genders))


def _apposition(tokens: list[Token], index: int) -> tuple[bool, Gender]:
    """Whether a role follows the name at ``tokens[index]`` (", the mayor,", ", 69,"), and the
    gender it tells ("daughter", "spokeswoman")."""
    if index + 1 >= len(tokens) or tokens[index].text != ",":
        return False, Gender.UNKNOWN
    head = tokens[index + 1]
    if head.capitalised or not (head.is_word or head.text[0].isdigit()):
        return False, Gender.UNKNOWN
    gender = Gender.UNKNOWN
    for tok in tokens[index + 1 : index + 13]:
        if tok.text in ",.;:":
            break
        g = title_gender(tok.text)
        if g is not None and g is not Gender.UNKNOWN:
            gender = g
            break
    return True, gender


def _particles_then_name(text: str, tokens: list[Token], j: int) -> bool:
    """Whether the particle ``tokens[j]`` leads, over more particles ("von der"), to a name."""
    m = j
    while m + 1 < len(tokens) and text[tokens[m].end : tokens[m + 1].start] == " ":
        if tokens[m + 1].lower in NAME_PARTICLES:
            m += 1
            continue
        return _name_token(tokens[m + 1])
    return False


def _runs(
    text: str, tokens: list[Token], outside: list[tuple[int, int]]
) -> list[tuple[list[Token], bool, int, bool]]:
    """Maximal runs of name-like tokens within the stretches in ``outside``.

    Each with whether a locative preposition precedes it ("in Hong Kong"), the index of the
    token after it, and whether it ends in a possessive ("Trump's": the 's is cut off).
    """
    runs: list[tuple[list[Token], bool, int, bool]] = []
    k = 0
    n = len(tokens)
    for lo, hi in outside:
        k = _first_token_at(tokens, lo, k)
        while k < n and tokens[k].start < hi:
            tok = tokens[k]
            if not _name_token(tok):
                k += 1
                continue
            run = [tok]
            j = k + 1
            while j < n and tokens[j].start < hi:
                gap = text[run[-1].end : tokens[j].start]
                if gap not in (" ", "\u00a0"):
                    break
                cand = tokens[j]
                if _name_token(cand) or (
                    cand.lower in NAME_PARTICLES
                    and (cand.lower not in _ARTICLE_PARTICLES or run[-1].lower in NAME_PARTICLES)
                    and _particles_then_name(text, tokens, j)
                ):
                    run.append(cand)
                else:
                    break
                j += 1
            possessive = _strip_possessive(run[-1].text)
            if possessive:
                last = run[-1]
                run[-1] = Token(possessive, last.start, last.start + len(possessive))
            after_locative = k > 0 and tokens[k - 1].lower in _LOCATIVES
            runs.append((run, after_locative, j, bool(possessive)))
            k = j
    return runs


def _first_token_at(tokens: list[Token], pos: int, hint: int) -> int:
    lo, hi = hint, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo
