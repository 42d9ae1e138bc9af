"""Articles the model-server tests share: what the fake model is asked about."""

from __future__ import annotations

from summarizer.types import Article

BRIDGE = Article(
    url="https://news.example/harbour",
    canonical_url="https://news.example/harbour",
    title="Harbour bridge to close for repairs",
    paragraphs=(
        "The Harbour Bridge in Kingston will close for six weeks from 3 March, the city council "
        "said on Monday.",
        "Repairs to the 90-year-old steel deck will cost £12.5m, council leader Maria Okafor "
        "said.",
        "About 40,000 vehicles cross the bridge every day, and buses will be diverted over the "
        "Mill Road crossing.",
        "The council has not said whether cyclists may still use the footpath.",
        '"We have no choice," said Maria Okafor. "It will be a hard spring for commuters," said '
        "Tom Berg of the commuters' group.",
    ),
    language="en",
)
