"""The news pipeline: link -> page -> article -> summary and key quotes, with typed results.

Entry point: ``summarizer.pipeline`` (``Pipeline``, ``summarize_article``, ``ArticleSummary``).
Subpackages and modules, one job each:

- ``fetch``, ``urls``: getting a page safely; ``extract/``: page -> ``Article``;
- ``sentences``, ``language``: text basics shared by every stage;
- ``summarizers/``: the ``Summarizer`` protocol and the extractive, encoder and abstractive ones,
  and ``llm``, an OpenAI-compatible model server behind ``faithfulness`` (the guard that drops
  sentences with numbers or names the article lacks); ``answers``: /ask's answers;
- ``quotes/``: who said what; ``digest``, ``feeds``, ``schedule``: digests and their sources;
- ``types``, ``errors``: the results and the errors (under the top-level ``errors.NewsbotError``).

This file imports nothing, so importing ``summarizer.errors`` or ``summarizer.types`` stays cheap.
"""
