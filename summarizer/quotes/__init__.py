"""Direct quotations with the people who said them, and the few that carry a story.

    extract_quotes(text, language) -> list[Quote]      every quotation, in text order
    key_quotes(quotes, summary, n) -> list[Quote]      the best few, best first
    find_quotations(text, language) -> list[Quotation] quotations with their parts grouped
    display_text(text, partial) -> str                 a quote's words as shown to a reader

The work is done in three stages, each in its own module:

1. ``marks``: which quotation marks open and close quotes ("…", “…”, «…», „…“, »…«, and
   ‘…’ where a language uses single quotes), telling apostrophes apart.
2. ``attribution``: which quotes are quotations and who said them (`"…," X said`,
   `X said: "…"`, split quotes, `«…», — заявил X`, quotes over several paragraphs), with speech
   verbs and cues for English, German, French, Spanish and Russian (``lexicon``).
3. ``speakers``: names read from the words beside the cue; surnames expanded to the full
   name the article gave; pronouns resolved to the person last named; roles kept as written.

A partial quote (words quoted inside the writer's sentence: `Trump called the deal "a
disaster"`) is kept when it holds most of the statement it reports, and is marked ``partial``:
key quotes take it only after every full quote, and it is shown as a fragment (``display_text``).

A wrong speaker is worse than none: when the rules do not settle who spoke, the speaker is None.
Every quote's text is checked to appear verbatim at its offset. Pure and synchronous; linear in
the text (no backtracking regexes), so a long article takes milliseconds, not seconds.

``grouping`` joins the parts of each quotation and ``ranking`` picks the key quotes.
"""

from __future__ import annotations

from summarizer.quotes.grouping import Quotation, extract_quotes, find_quotations
from summarizer.quotes.marks import display_text
from summarizer.quotes.ranking import key_quotes

__all__ = ["Quotation", "display_text", "extract_quotes", "find_quotations", "key_quotes"]
