"""Why quotes whose marks are read are still missed: ``python -m benchmarks.quotes_dropped``.

    python -m benchmarks.quotes_dropped [--split train] [--data-dir DIR] [--show CLASS] [--n N]

For every gold direct quote of a PolNeAR split that opens with a quote mark and that the quote
finder misses (``benchmarks.quotes``'s matching), while some span of ``marks.find_spans``
shares half of each side's words with it, it traces the span through the attribution stages
(``_attribute``, ``_join``, ``_dash_lines``, ``_decide``) and counts what dropped or regrouped
it: a headline or caption paragraph, a naming word, a title-like quote, the partial-share rule,
no attribution, a single word, a mark left open, or, for a kept quote, its grouping with other
parts. ``--show`` prints the misses of the classes whose name contains the text given. Run it
on **train** for error analysis; dev is for checking only (docs/benchmarks.md, "## Quotes").
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.quotes import body_of, gold_of, match, overlap, read_jsonl, run_newsbot, tokens
from summarizer.quotes import attribution as at
from summarizer.quotes.marks import QuoteSpan, find_spans

_MARKS = "\"“”„«»‘'`"


def _half(a: Counter[str], b: Counter[str]) -> bool:
    common = overlap(a, b)
    return bool(common) and 2 * common >= sum(a.values()) and 2 * common >= sum(b.values())


def _reason(art: at._Article, founds: list[at.Found], span: QuoteSpan) -> str:
    body = art.text
    if span.paragraph in art.skipped:
        para = art.paragraphs[span.paragraph]
        return "headline paragraph" if at._is_headline(body, para) else "caption paragraph"
    f = next((x for x in founds if x.span.open_at == span.open_at), None)
    if f is None:
        return "a transcript line or an inner split"
    content = body[span.start : span.end]
    words = at._WORD_RE.findall(content)
    if f.keep:
        parts = sum(1 for x in founds if x.group == f.group and x.keep)
        return f"kept, joined with other parts ({parts})" if parts > 1 else "kept alone"
    if f.label and f.words < at._MIN_LABEL_WORDS:
        return "after a naming word (so-called, titled, known as)"
    if at._title_like(words, content) and f.words <= 12 and not at._stated(art, f):
        return "title-like"
    if not span.closed and not f.continues and (not f.opens_clause or f.attribution is None):
        return "left open, not continued"
    if f.attribution is not None and f.partial:
        where = "opening its sentence" if f.opens_clause else "inside its sentence"
        return f"partial-share rule, {where}"
    if f.attribution is not None:
        return "attributed, one word"
    if not f.opens_clause:
        return "no attribution, inside the writer's sentence"
    if f.words < at._MIN_STANDALONE_WORDS:
        return "no attribution, under three words"
    return "no attribution, the sentence goes on after it"


def breakdown(articles: list[dict[str, Any]]) -> tuple[Counter[str], dict[str, list[str]]]:
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for article in articles:
        body = body_of(article)
        golds = gold_of(article)
        matched = {j for _, j in match(run_newsbot(body), golds)}
        art = at._prepare(body, "en")
        founds = at._attribute(art) if art.spans else []
        at._mark_continuations(art, founds)
        at._join(art, founds)
        at._dash_lines(art, founds)
        at._decide(art, founds, None)
        spans = find_spans(body, art.paragraphs, art.lex.single_quotes)
        for j, gold in enumerate(golds):
            text = gold.text.lstrip()
            if j in matched or not text or text[0] not in _MARKS:
                continue
            wanted = tokens(gold.text)
            span = next((s for s in spans if _half(tokens(body[s.start : s.end]), wanted)), None)
            if span is None:
                continue
            reason = _reason(art, founds, span)
            counts[reason] += 1
            examples.setdefault(reason, []).append(
                f"{article.get('id')}: {gold.text[:110]!r} | {gold.source}"
            )
    return counts, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", help="train (error analysis) or dev")
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data/quotes"))
    parser.add_argument("--show", default="", help="print the misses of the matching classes")
    parser.add_argument("--n", type=int, default=30, help="misses shown per class")
    args = parser.parse_args(argv)
    path = args.data_dir / f"polnear_{args.split}.jsonl"
    if not path.exists():
        parser.error(f"no data: {path} does not exist")
    counts, examples = breakdown(read_jsonl(path))
    print(f"{sum(counts.values())} misses that open with a quote mark and have a span")
    for reason, count in counts.most_common():
        print(f"{count:5d}  {reason}")
    if args.show:
        for reason, lines in examples.items():
            if args.show in reason:
                print(f"\n{reason}:")
                for line in lines[: args.n]:
                    print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
