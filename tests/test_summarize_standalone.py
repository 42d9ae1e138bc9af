"""A chosen sentence stands on its own (issue 13, item 7): no dangling quote marks, no bylines
or subtitles, no opening pronoun whose antecedent is not shown, no summary of very short lines.

Each fixture is a small article written for the test, in English, French, German or Korean,
where the sentence that must not be shown would otherwise win: early, central, or both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from summarizer.summarizers.base import article_sentences
from summarizer.summarizers.extractive import (
    ExtractiveSummarizer,
    LinearScorer,
    ScorerWeights,
    candidate_pool,
    candidate_sentences,
    featurize,
    quote_balance,
    select,
    select_shown,
)
from summarizer.types import Article


def article(paragraphs: Sequence[str], *, language: str = "en", title: str = "") -> Article:
    return Article(
        url="https://example.com/a",
        canonical_url="https://example.com/a",
        title=title,
        paragraphs=tuple(paragraphs),
        language=language,
    )


@pytest.fixture(scope="module")
def summarizer() -> ExtractiveSummarizer:
    return ExtractiveSummarizer()


# --- quote marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "inside", "expected"),
    [
        ('"We have waited long enough," said Mary Okafor.', False, (True, False)),
        ("He hasn't taken part in these negotiations.\"", False, (False, False)),
        ('"He does not run the label or have control of it.', False, (False, True)),
        ("He hasn't taken part in these negotiations.\"", True, (False, False)),
        ("“The forecasts assume growth,” Whitfield said.", False, (True, False)),
        ("Sie sagte: „Wir bauen die Mauer neu.“", False, (True, False)),
        ("»Wir bauen die Mauer neu«, sagte sie.", False, (True, False)),
        ("« Nous reconstruirons la digue », a déclaré le maire.", False, (True, False)),
        ("Nous n'avons rien promis », a-t-il ajouté.", False, (False, False)),
        ("The council's plan isn't cheap.", False, (True, False)),
        ('He said so."We will win," she said.', False, (True, False)),  # a lost space
        ('He said so."', False, (False, False)),
        # A heading run into its paragraph: the mark between a word and a capital opens.
        ('Plan de relance le 3 mai"Gouverner, c\'est choisir", dit-il.', False, (True, False)),
    ],
)
def test_quote_balance(sentence: str, inside: bool, expected: tuple[bool, bool]) -> None:
    assert quote_balance(sentence, inside) == expected


# After AEB page eb62ac8425e5 (a bullet read `He hasn't taken part in these negotiations."`).
FOX = (
    "Scooter Braun is unhappy with the way his business partner Scott Borchetta has handled "
    "their public dispute with Taylor Swift, according to a new report.",
    '"Scooter is frustrated because his name is being dragged in the mud," an insider told the '
    "outlet on Monday. \"He doesn't run Big Machine or have operational control of the label "
    "and its business with Taylor Swift. He hasn't taken part in these negotiations with Taylor "
    'Swift and Big Machine."',
    "Big Machine Records issued a statement on Monday that appeared to let Swift perform her "
    "songs at the American Music Awards.",
    "The awards ceremony will be broadcast live from Los Angeles on November 24.",
)


def test_the_tail_of_a_quote_is_never_chosen(summarizer: ExtractiveSummarizer) -> None:
    source = article(FOX)
    for k in (1, 2, 3):
        summary = summarizer.summarize(source, k)
        assert 1 <= len(summary) <= k
        assert all(quote_balance(s) == (True, False) for s in summary), summary
    # The quote over two sentences is one candidate, whole, or nothing: never its tail alone.
    pool = candidate_pool(source)
    tails = [s for s in pool.sentences if "He hasn't taken part" in s]
    assert len(tails) == 1
    assert tails[0].startswith("\"He doesn't run Big Machine")
    assert pool.sizes[pool.sentences.index(tails[0])] == 2


FRENCH_QUOTE = (
    "Le conseil municipal a voté lundi la reconstruction de la digue du vieux port, pour un "
    "coût de quarante millions d'euros.",
    "« La digue protège deux cents maisons du vieux port. Nous n'avons plus le choix pour la "
    "digue du port », a déclaré le maire.",
    "Les travaux de la digue commenceront en juin et dureront environ deux ans selon la mairie.",
    "Les pêcheurs du port ont salué la décision du conseil municipal sur la digue.",
)
GERMAN_QUOTE = (
    "Der Stadtrat hat am Montag den Neubau der alten Hafenmauer für vierzig Millionen Euro "
    "beschlossen.",
    "„Die Hafenmauer schützt zweihundert Häuser am alten Hafen. Wir haben bei der Hafenmauer "
    "keine Wahl mehr“, sagte die Bürgermeisterin.",
    "Die Arbeiten an der Hafenmauer sollen im Juni beginnen und etwa zwei Jahre dauern.",
    "Die Fischer am Hafen begrüßten die Entscheidung des Stadtrats zur Hafenmauer.",
)


@pytest.mark.parametrize(
    ("paragraphs", "language"), [(FRENCH_QUOTE, "fr"), (GERMAN_QUOTE, "de")], ids=["fr", "de"]
)
def test_a_quote_split_over_two_sentences_is_shown_whole_or_not_at_all(
    summarizer: ExtractiveSummarizer, paragraphs: Sequence[str], language: str
) -> None:
    source = article(paragraphs, language=language)
    parts = article_sentences(source)
    assert len(parts) == 5  # the quote is two sentences
    halves = [s for s in parts if quote_balance(s) != (True, False)]
    assert len(halves) == 2  # the head leaves its quote open, the tail closes one it did not open
    whole = " ".join(halves)
    pool = candidate_pool(source)
    assert whole in pool.sentences and not set(halves) & set(pool.sentences)
    assert pool.sizes == [1, 2, 1, 1]
    for k in (1, 3):
        summary = summarizer.summarize(source, k)
        assert all(quote_balance(s) == (True, False) for s in summary), summary
        assert not set(halves) & set(summary)
    # Second in the lead, the whole quote is taken at K = 3 and counts as two sentences.
    assert summarizer.summarize(source, 3) == [parts[0], whole]


def test_a_whole_quote_counts_all_its_sentences() -> None:
    quote = '"We will rebuild the wall this year. Nobody will lose a home again," the mayor said.'
    body = [
        "The city council approved a 40 million pound plan on Monday to rebuild the harbour wall.",
        "The wall was badly damaged in the storms of February, when waves flooded 200 homes.",
        "Work on the new harbour wall will start in June and should take about two years.",
        quote,
        "The plan also includes a new lifeboat station and a public walkway along the sea.",
    ]
    pool = candidate_pool(article(body))
    assert quote in pool.sentences
    feats = featurize(pool, "")
    weights = ScorerWeights.shipped()
    assert feats.sizes == (1, 1, 1, 2, 1)
    # Past the first K candidates it must fit in K; among them it is cut at K.
    assert select(feats, weights, 3) == [0, 1, 2]
    assert select_shown(feats, weights, 4) == [(0, 1), (1, 1), (2, 1), (3, 1)]
    # The cut keeps who said it: the words after the last closing mark, verbatim.
    assert feats.shown(3, 1) == '"We will rebuild the wall this year. …," the mayor said.'
    assert select_shown(feats, weights, 5) == [(0, 1), (1, 1), (2, 1), (3, 2)]
    assert feats.shown(3, 2) == quote


# A whole quote in the lead that would run the summary past K: cut at K with the ellipsis, so
# a summary of K sentences has K sentences (a lede, then a quote of three, at K = 2 and 3); its
# attribution after the last closing mark stays, so the cut still says who is speaking.
LEAD_QUOTES = [
    (
        "en",
        [
            "The city council approved a 40 million pound plan on Monday to rebuild the harbour "
            "wall.",
            '"We will rebuild the wall this year. Nobody will lose a home again. The work starts '
            'in June," the mayor said.',
            "The wall was badly damaged in the storms of February, when waves flooded 200 homes.",
            "The plan also includes a new lifeboat station and a public walkway along the sea.",
        ],
        [
            '"We will rebuild the wall this year. …," the mayor said.',
            '"We will rebuild the wall this year. Nobody will lose a home again. …," the mayor '
            "said.",
        ],
    ),
    (
        "fr",
        [
            "Un poney a été découvert mort lundi dans un pré de la commune, a indiqué la "
            "gendarmerie du département.",
            "« L'animal portait des blessures au cou. Nous avons ouvert une enquête. Les "
            "propriétaires ont porté plainte », a déclaré le commandant de la brigade.",
            "Plusieurs chevaux avaient déjà été blessés dans la région au cours de l'été.",
            "Les éleveurs du canton se réuniront jeudi soir à la mairie du village voisin.",
        ],
        [
            "« L'animal portait des blessures au cou. … », a déclaré le commandant de la "
            "brigade.",
            "« L'animal portait des blessures au cou. Nous avons ouvert une enquête. … », a "
            "déclaré le commandant de la brigade.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("language", "paragraphs", "cuts"), LEAD_QUOTES, ids=[q[0] for q in LEAD_QUOTES]
)
def test_a_quote_in_the_lead_is_cut_at_k(
    summarizer: ExtractiveSummarizer, language: str, paragraphs: list[str], cuts: list[str]
) -> None:
    source = article(paragraphs, language=language)
    pool = candidate_pool(source)
    assert pool.sizes == [1, 3, 1, 1]
    feats = featurize(pool, "")
    for k, cut in zip((2, 3), cuts, strict=True):
        shown = select_shown(feats, ScorerWeights.shipped(), k)
        assert shown == [(0, 1), (1, k - 1)]  # K sentences, not the whole quote's four
        summary = summarizer.summarize(source, k)
        assert summary == [paragraphs[0], cut]
        assert all(quote_balance(s) == (True, False) for s in summary), summary
        # Verbatim but for the ellipsis and the closing mark.
        assert " ".join(article_sentences(source)[1:k]) == cut[: cut.rindex(" …")]
    whole = summarizer.summarize(source, 4)
    assert whole == [paragraphs[0], paragraphs[1]]  # room for it: shown whole


def test_without_a_cut_that_balances_the_quote_may_go_one_past_k() -> None:
    quote = '"We will rebuild the wall this year. Nobody will lose a home again," the mayor said.'
    body = [
        "The city council approved a 40 million pound plan on Monday to rebuild the harbour wall.",
        quote,
        "The wall was badly damaged in the storms of February, when waves flooded 200 homes.",
    ]
    feats = featurize(candidate_pool(article(body * 2)), "")
    assert feats.cuts[1] == ('"We will rebuild the wall this year. …," the mayor said.',)
    uncut = replace(feats, cuts=((),) * len(feats.sentences))
    assert select_shown(uncut, ScorerWeights.shipped(), 2) == [(0, 1), (1, 2)]
    assert select_shown(feats, ScorerWeights.shipped(), 2) == [(0, 1), (1, 1)]


def test_a_quote_s_opening_mark_cut_off_by_the_split_is_put_back() -> None:
    # The opening mark of the second paragraph's quote ended the first (a lost space or break).
    paragraphs = [
        'The singer wrote on her account on Thursday that she would campaign against him."',
        'We will vote you out in November", she said in a post shared a million times.',
        "The president had threatened protesters with force earlier in the week, aides said.",
        "His campaign did not answer questions about the post sent on Thursday night.",
    ]
    pool = candidate_pool(article(paragraphs))
    assert pool.sentences[0] == paragraphs[0][:-1]
    assert pool.sentences[1] == '"' + paragraphs[1]
    assert all(quote_balance(s) == (True, False) for s in pool.sentences)


def test_an_opening_mark_is_put_back_on_a_quote_that_closes_sentences_later(
    summarizer: ExtractiveSummarizer,
) -> None:
    # The quote the stray mark opens closes in the paragraph's second sentence, not its first:
    # the lede keeps its place instead of being left out for a dangling mark.
    paragraphs = [
        "L'ordonnance de 1945 sur la justice des mineurs devrait être retravaillée, a estimé la "
        'ministre de la Justice mercredi sur franceinfo."',
        "Aujourd'hui, l'ordonnance a fait l'objet de multiples révisions, a-t-elle déclaré. "
        "C'est une compilation de textes qui n'a plus de clarté pour les juges des enfants.\"",
        "Elle était interrogée sur l'affaire de l'enseignante menacée par un élève à Créteil.",
        "Plusieurs parlementaires travaillent déjà sur une réforme de la justice des mineurs.",
    ]
    source = article(paragraphs, language="fr")
    pool = candidate_pool(source)
    quote = '"' + paragraphs[1]
    assert pool.sentences[:2] == [paragraphs[0][:-1], quote]
    assert pool.sizes[:2] == [1, 2]
    assert all(quote_balance(s) == (True, False) for s in pool.sentences), pool.sentences
    summary = summarizer.summarize(source, 3)
    assert summary == [paragraphs[0][:-1], quote]
    assert summarizer.summarize(source, 2)[0] == paragraphs[0][:-1]


def test_a_closing_mark_spaced_off_its_quote_is_put_back() -> None:
    # Tokenised text: the closing mark of one quote and the opening mark of the next both
    # start the next sentence (``told " Fox News Sunday. " " Their view ...``).
    paragraph = (
        'The White House pushed back on Sunday. " Right now, the approach of many Republicans is '
        'my way or the highway, " adviser Dan Pfeiffer told " Fox News Sunday. " " Their view is '
        "that the only acceptable plan is their own. The American people rejected that plan "
        'last year. " The budget comes out on Wednesday, aides said.'
    )
    pool = candidate_pool(article([paragraph]))
    assert 'adviser Dan Pfeiffer told " Fox News Sunday. "' in pool.sentences[1]
    assert pool.sentences[2].startswith('" Their view is')
    assert pool.sizes == [1, 1, 2, 1]
    assert pool.sentences[2].endswith('last year. "')
    assert pool.sentences[3] == "The budget comes out on Wednesday, aides said."
    assert all(quote_balance(s) == (True, False) for s in pool.sentences), pool.sentences


# A quote that runs past its paragraph (English and German style: the next paragraph opens with
# a mark again) or past QUOTE_SENTENCES: its first sentences, closed with an ellipsis inside
# the marks, verbatim otherwise; its other pieces are never candidates.
LONG_QUOTES = [
    (
        "en",
        [
            "The city council approved a 40 million pound plan on Monday to rebuild the wall.",
            '"We will rebuild the wall this year. Nobody in this town will lose a home again.',
            '"The money is there and the builders are ready," the mayor told reporters.',
            "Work on the new harbour wall will start in June and should take about two years.",
        ],
        '"We will rebuild the wall this year. Nobody in this town will lose a home again. …"',
        2,
    ),
    (
        "de",
        [
            "Der Stadtrat hat am Montag den Neubau der alten Hafenmauer für vierzig Millionen "
            "Euro beschlossen.",
            "Die Bürgermeisterin sagte: „Wir bauen die Mauer in diesem Jahr neu.",
            "„Das Geld ist da, und die Firmen stehen bereit“, sagte sie den Reportern am Hafen.",
            "Die Arbeiten an der Hafenmauer sollen im Juni beginnen und etwa zwei Jahre dauern.",
        ],
        "Die Bürgermeisterin sagte: „Wir bauen die Mauer in diesem Jahr neu. …“",
        1,
    ),
    (
        "fr",
        [
            "Le conseil municipal a voté lundi la reconstruction de la digue du vieux port, pour "
            "un coût de quarante millions d'euros.",
            "« La digue protège deux cents maisons du port. Nous n'avons plus le choix. Les "
            "travaux commenceront en juin. Ils dureront deux ans. Personne ne perdra sa maison », "
            "a déclaré le maire.",
            "Les pêcheurs du port ont salué la décision du conseil municipal sur la digue.",
        ],
        "« La digue protège deux cents maisons du port. Nous n'avons plus le choix. Les travaux "
        "commenceront en juin. … »",
        3,
    ),
]


@pytest.mark.parametrize(
    ("language", "paragraphs", "cut", "size"), LONG_QUOTES, ids=[q[0] for q in LONG_QUOTES]
)
def test_a_long_quote_is_shown_as_its_first_sentences_with_an_ellipsis(
    summarizer: ExtractiveSummarizer,
    language: str,
    paragraphs: list[str],
    cut: str,
    size: int,
) -> None:
    source = article(paragraphs, language=language)
    pool = candidate_pool(source)
    assert cut in pool.sentences
    assert pool.sizes[pool.sentences.index(cut)] == size
    # Verbatim but for the ellipsis and the closing mark: its sentences, in order.
    parts = article_sentences(source)
    head = cut[: cut.rindex(" …")]
    assert any(" ".join(parts[i : i + size]) == head for i in range(len(parts)))
    # Every candidate, and so every bullet, is sound on its marks; no piece of the quote past
    # the cut is one.
    assert all(quote_balance(s) == (True, False) for s in pool.sentences), pool.sentences
    for k in (1, 2, 3):
        summary = summarizer.summarize(source, k)
        assert all(quote_balance(s) == (True, False) for s in summary), summary
    assert cut in summarizer.summarize(source, 1 + size)


def test_a_quote_closed_in_its_paragraph_is_not_cut() -> None:
    pool = candidate_pool(article(FRENCH_QUOTE, language="fr"))
    assert not any("…" in s for s in pool.sentences)


# --- bylines, subtitles, reporter tags ---------------------------------------------------------

# After AEB page 0ec95c7261d1 (its subtitle came back as bullet 2 with its byline tag).
KOREAN = (
    "엘제이의 리벤지인가, 류화영의 코스프레인가",
    "[엔터미디어=정덕현의 이슈공감] 엘제이의 리벤지인가, 류화영의 피해자 코스프레인가. "
    "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다. 타인의 동의를 구하지 않고 두 사람의 "
    "관계를 담은 사진을 SNS에 공개한다는 건 분명한 사생활 침해다.",
    "그래서 처음 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으로 이어졌다. "
    "류화영은 한 매체에 자신의 입장을 털어놓으며 엘제이와의 관계를 전면 부정했다.",
)


def test_a_korean_subtitle_and_its_byline_tag_are_not_bullets(
    summarizer: ExtractiveSummarizer,
) -> None:
    source = article(KOREAN, language="ko")
    summary = summarizer.summarize(source, 3)
    assert len(summary) == 3
    assert KOREAN[0] not in summary
    assert not any("엔터미디어" in s or s.startswith("[") for s in summary)
    assert article_sentences(source)[1].startswith("엘제이의 리벤지인가, 류화영의 피해자")


@pytest.mark.parametrize(
    ("byline", "language"),
    [
        ("By Jane Smith and Tom Jones, Harbour Correspondents, in Portsmouth.", "en"),
        ("Von Anna Müller und Jonas Weber, Korrespondenten in Hamburg.", "de"),
        ("Par Jean Dupont, envoyé spécial au port de Marseille.", "fr"),
    ],
)
def test_a_byline_is_not_a_bullet(
    summarizer: ExtractiveSummarizer, byline: str, language: str
) -> None:
    body = {"en": HARBOUR, "de": GERMAN_QUOTE, "fr": FRENCH_QUOTE}[language]
    source = article([byline, *body], language=language)
    for k in (1, 3):
        assert byline not in summarizer.summarize(source, k)
    assert byline not in candidate_sentences(source)


HARBOUR = (
    "The city council approved a 40 million pound plan on Monday to rebuild the old harbour wall.",
    "The wall was badly damaged in the storms of February, when waves flooded 200 homes.",
    "Work on the new harbour wall will start in June and should take about two years.",
    "The plan also includes a new lifeboat station and a public walkway along the sea front.",
)


def test_a_heading_line_is_not_a_bullet(summarizer: ExtractiveSummarizer) -> None:
    heading = "Harbour wall plan approved after storms flooded 200 homes"
    source = article([HARBOUR[0], heading, *HARBOUR[1:]])
    for k in (1, 2, 3):
        assert heading not in summarizer.summarize(source, k)


# --- opening pronouns ------------------------------------------------------------------------


PRONOUN = (
    "The harbour trust met on Monday to discuss the storm damage to the old harbour wall.",
    '"We will not wait for another storm," said Mary Okafor, who chairs the trust.',
    "She said the harbour wall plan would protect the harbour homes flooded by the storm, and "
    "that the harbour trust would pay a share of the harbour wall.",
    "The council will vote on the harbour wall plan and its cost next week.",
    "Fishermen said the storm had closed the harbour slipway since February.",
)


def test_an_unresolved_pronoun_is_not_chosen_alone(summarizer: ExtractiveSummarizer) -> None:
    source = article(PRONOUN)
    # The "She said" sentence is the most central one: without the rule it would be the
    # one-sentence summary, and "she" would be nobody.
    assert summarizer.summarize(source, 1) != [PRONOUN[2]]
    assert PRONOUN[2] not in summarizer.summarize(source, 1)


AFTER_A_QUOTE = (
    "The harbour trust met on Monday to discuss the storm damage to the old harbour wall.",
    '"We will not wait for another storm. We will rebuild the harbour wall," the chair said.',
    "She said the harbour wall plan would protect the harbour homes flooded by the storm, and "
    "that the harbour trust would pay a share of the harbour wall.",
    "The council will vote on the harbour wall plan and its cost next week.",
    "Fishermen said the storm had closed the harbour slipway since February.",
)


def test_a_pronoun_after_a_quote_needs_a_name() -> None:
    source = article(AFTER_A_QUOTE)
    pool = candidate_pool(source)
    assert AFTER_A_QUOTE[1] in pool.sentences  # the quote over two sentences, whole
    picked = [pool.sentences[i] for i in select(featurize(pool, ""), no_penalty(), 3)]
    assert AFTER_A_QUOTE[2] not in picked  # "she": "the chair" names nobody
    assert picked == list(AFTER_A_QUOTE[:2])  # three sentences: the quote counts two


def test_a_dependent_lead_sentence_is_kept_after_its_antecedent() -> None:
    paragraphs = (
        "Mortgage rates are still cheap, even though they have risen a full point in a year.",
        "And with the economy pulling housing along, this is a good time to buy a first home.",
        "But many first-time buyers are left on the sidelines because lending rules stay tight.",
        "The average rate on a 30-year loan ticked up to 4.41 percent from 4.40 percent.",
        "Fifteen-year mortgages increased to 3.47 percent from 3.42 percent last week.",
    )
    summary = ExtractiveSummarizer().summarize(article(paragraphs), 3)
    assert summary == list(paragraphs[:3])  # each "And", "But" follows the sentence it leans on


def no_penalty() -> ScorerWeights:
    """The shipped weights without the dependent-start penalty: only ``select``'s rule acts."""
    shipped = ScorerWeights.shipped()
    several = {**shipped.several.weights, "dependent_start": 0.0, "log_position": -1.0}
    return replace(shipped, several=LinearScorer(several, 6))


@pytest.mark.parametrize(
    ("first", "chosen"),
    [
        ("The harbour wall was badly damaged by the storms on Monday night last week.", False),
        ("Mary Okafor, who chairs the harbour trust, inspected the damaged harbour wall.", True),
        # French "il" stands for "le conseil" as well as for a man: adjacency is enough.
        ("Le conseil municipal a inspecté la digue endommagée par la tempête de lundi.", True),
    ],
    ids=["nobody-named", "named", "fr-masculine-noun"],
)
def test_he_or_she_needs_someone_named_before(first: str, chosen: bool) -> None:
    language = "fr" if first.startswith("Le ") else "en"
    follow = (
        "Il a dit que la digue serait reconstruite avant l'hiver par la ville."
        if language == "fr"
        else "She said the wall would be rebuilt before the winter storms arrived."
    )
    rest = (
        (
            "Les travaux commenceront en juin et dureront environ deux ans au total.",
            "Les pêcheurs ont salué la décision prise par le conseil municipal lundi.",
            "Le port restera ouvert pendant toute la durée des travaux sur la digue.",
        )
        if language == "fr"
        else (
            "Work on the new wall will start in June and take about two years.",
            "Fishermen welcomed the decision taken by the council on Monday evening.",
            "The harbour will stay open while the work on the wall goes on.",
        )
    )
    source = article([first, follow, *rest], language=language)
    pool = candidate_pool(source)
    feats = featurize(pool, "")
    picked = [pool.sentences[i] for i in select(feats, no_penalty(), 3)]
    assert picked[0] == first
    assert (follow in picked) is chosen


def test_a_pronoun_joins_after_the_sentence_that_names_her() -> None:
    paragraphs = (
        "Mary Okafor, who chairs the harbour trust, said on Monday the harbour wall must be "
        "rebuilt before winter.",
        "She said the harbour wall plan would protect the harbour homes flooded in February.",
        "The council will vote on the harbour wall plan and its cost next week.",
        "Fishermen said the storm had closed the harbour slipway since February.",
        "The slipway is used by twelve boats and the lifeboat crew.",
    )
    summary = ExtractiveSummarizer().summarize(article(paragraphs), 3)
    if paragraphs[1] in summary:
        assert paragraphs[0] in summary


# --- informative length ----------------------------------------------------------------------

SHORT_LEAD = {
    "en": (
        "Hong Kong is burning. The city is tense. Nobody sleeps.",
        "Thousands of protesters blocked the main roads of Hong Kong on Monday after the "
        "government refused to withdraw the extradition bill.",
        "Police fired tear gas near the parliament building as the crowds grew through the "
        "afternoon and the city's metro closed several stations.",
        "The chief executive said in a televised address that the bill would be debated again "
        "next week despite the protests.",
    ),
    "fr": (
        "Paris retient son souffle. La ville attend. Personne ne dort.",
        "Des milliers de manifestants ont bloqué lundi les grandes avenues de Paris après le "
        "refus du gouvernement de retirer le projet de loi sur les retraites.",
        "La police a dispersé la foule près de l'Assemblée nationale dans l'après-midi tandis "
        "que plusieurs stations de métro étaient fermées.",
        "Le Premier ministre a déclaré à la télévision que le texte serait de nouveau débattu "
        "la semaine prochaine malgré les manifestations.",
    ),
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_summary_of_very_short_lines_is_avoided(
    summarizer: ExtractiveSummarizer, language: str
) -> None:
    paragraphs = SHORT_LEAD[language]
    source = article(paragraphs, language=language)
    short = article_sentences(article(paragraphs[:1], language=language))
    assert len(short) == 3
    assert not set(summarizer.summarize(source, 1)) & set(short)
    summary = summarizer.summarize(source, 3)
    assert len(summary) == 3
    assert len(set(summary) & set(short)) <= 1, summary  # one short lead line at most
    assert summary[1:] == article_sentences(source)[3:5]


def test_a_short_article_keeps_its_short_lines(summarizer: ExtractiveSummarizer) -> None:
    source = article(["Hong Kong is burning. The city is tense. Nobody sleeps tonight at all."])
    assert summarizer.summarize(source, 3) == article_sentences(source)
