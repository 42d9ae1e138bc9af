"""handlers.failures: every reason the extractors give for "not an article" has its own
wording, in every interface language (read from the source, so a new reason fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handlers.failures import describe
from handlers.i18n import LANGUAGES, _, using
from summarizer.errors import NotAnArticleError

ROOT = Path(__file__).resolve().parents[1]
GENERAL = "That page doesn't look like a news article."
_RAISED = re.compile(r'NotAnArticleError\(\s*"([^"]+)"\s*\)')


def raised_reasons() -> list[str]:
    reasons = {
        reason
        for path in sorted((ROOT / "summarizer").rglob("*.py"))
        for reason in _RAISED.findall(path.read_text(encoding="utf-8"))
    }
    return sorted(reasons)


def test_the_extractors_reasons_are_found() -> None:
    reasons = raised_reasons()
    assert "no article found: the page is a cookie wall" in reasons
    assert len(reasons) >= 10, reasons


@pytest.mark.parametrize("reason", raised_reasons())
def test_every_reason_an_extractor_gives_has_its_own_wording(reason: str) -> None:
    with using("en"):
        english = describe(NotAnArticleError(reason))
    assert english != GENERAL, reason
    assert "no article found" not in english
    for language in LANGUAGES[1:]:
        with using(language):
            said = describe(NotAnArticleError(reason))
        assert said != english, (language, reason)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_reason_gets_the_general_line_without_its_english_words(language: str) -> None:
    with using(language):
        said = describe(NotAnArticleError("no article found: the page is a haiku"))
        assert said == _(GENERAL)
    assert "haiku" not in said
