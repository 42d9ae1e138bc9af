"""PDF articles: real PDFs written by fpdf2 (tests/pdf_fixtures.py) -> Article, summary, quotes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from errors import NewsbotError
from summarizer.errors import ExtractionError, NotAnArticleError
from summarizer.extract import (
    CorruptPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    PdfError,
    PdfLimits,
    PdfTooLargeError,
    extract_pdf_article,
    is_pdf,
)
from summarizer.fetch import Page
from summarizer.pipeline import Pipeline, article_from_page, page_from_bytes, summarize_article
from summarizer.summarizers import build_summarizer
from summarizer.summarizers.base import Summarizer
from summarizer.types import Article
from tests.pdf_fixtures import (
    ENGLISH,
    GERMAN,
    Report,
    encrypted_pdf,
    lines_pdf,
    report_pdf,
    scanned_pdf,
    stream_pdf,
    text_ops,
)

URL = "https://harbour.example/reports/annual-2025.pdf?utm_source=tg"


@functools.cache
def english() -> bytes:
    return report_pdf(ENGLISH)


@functools.cache
def german() -> bytes:
    return report_pdf(GERMAN)


@functools.cache
def summarizer() -> Summarizer:
    return build_summarizer(None)


def read(data: bytes, **limits: int) -> Article:
    return extract_pdf_article(data, URL, limits=PdfLimits(**limits))


# ----------------------------------------------------------------- reports in two languages


def test_english_report_metadata_and_paragraphs() -> None:
    article = read(english())
    assert article.title == "Rebuilding the Harbour Wall: Annual Review 2025"
    assert article.author == "Northport Harbour Trust"
    assert article.published == dt.date(2025, 11, 20)
    assert article.language == "en"
    assert article.site == "harbour.example"
    assert article.url == URL
    assert article.canonical_url == "https://harbour.example/reports/annual-2025.pdf"
    # One paragraph per paragraph written, wrapped lines joined, none cut in two.
    assert article.paragraphs == tuple(p for page in ENGLISH.pages for p in page)


@pytest.mark.parametrize(("data", "report"), [(english, ENGLISH), (german, GERMAN)])
def test_running_headers_footers_and_page_numbers_are_dropped(data: object, report: Report) -> None:
    assert callable(data)
    text = read(data()).text
    assert report.header not in text
    assert "Page" not in text and "Seite" not in text and " of 3" not in text
    # The heading is the title, not a paragraph.
    assert report.heading not in text


def test_german_report() -> None:
    article = read(german())
    assert article.title == "Neubau der Hafenmauer: Jahresbericht 2025"
    assert article.language == "de"
    assert article.paragraphs == tuple(p for page in GERMAN.pages for p in page)
    assert article.paragraphs[2].startswith("„Wir haben lange genug")


@pytest.mark.parametrize(
    ("data", "speakers", "first_words"),
    [
        (english, {"Mary Okafor", "Tom Reyes"}, "The city council approved"),
        (german, {"Anna Schmidt", "Thomas Weber"}, "Der Stadtrat hat am Montag"),
    ],
)
def test_summary_and_quotes_with_speakers(
    data: object, speakers: set[str], first_words: str
) -> None:
    assert callable(data)
    result = summarize_article(summarizer(), read(data()), sentences=3, quotes=3)
    assert len(result.summary) == 3
    assert result.summary[0].startswith(first_words)
    assert {q.speaker for q in result.quotes} == speakers
    for quote in result.quotes:
        assert quote.text in result.article.text  # verbatim, across the joined lines


# ----------------------------------------------------------------- titles and headings


@pytest.mark.parametrize(
    "meta_title",
    [None, "Microsoft Word - report_final_v2.docx", "untitled", "  ", "C:\\reports\\x.pdf"],
)
def test_title_from_the_first_heading_when_the_metadata_has_none(meta_title: str | None) -> None:
    article = read(report_pdf(dataclasses.replace(ENGLISH, meta_title=meta_title)))
    assert article.title == ENGLISH.heading
    assert ENGLISH.heading not in article.text


def test_the_largest_heading_on_page_one_is_the_title() -> None:
    # "PRESS RELEASE" only on page 1, in the running header's small type, above the heading.
    report = dataclasses.replace(ENGLISH, meta_title=None, header="", subheadings={})
    data = report_pdf(report, label="PRESS RELEASE")
    assert read(data).title == ENGLISH.heading


def test_a_heading_over_two_lines_is_one_title() -> None:
    heading = (
        "Rebuilding the Harbour Wall after the February Storms: the Annual Review of the "
        "Northport Harbour Trust for 2025"
    )
    article = read(report_pdf(dataclasses.replace(ENGLISH, meta_title=None, heading=heading)))
    assert article.title == heading
    assert article.paragraphs == tuple(p for page in ENGLISH.pages for p in page)


def test_an_application_prefix_is_cut_from_the_metadata_title() -> None:
    report = dataclasses.replace(ENGLISH, meta_title="Microsoft Word - Harbour Review 2025.docx")
    assert read(report_pdf(report)).title == "Harbour Review 2025"


def test_subheadings_are_not_body_text_but_questions_are() -> None:
    report = dataclasses.replace(
        ENGLISH, subheadings={1: "What the engineers found", 2: "What happens next?"}
    )
    article = read(report_pdf(report))
    assert "What the engineers found" not in article.text
    assert "What happens next?" in article.paragraphs
    assert len(article.paragraphs) == 9


def test_headers_with_changing_numbers_are_still_running_headers() -> None:
    report = dataclasses.replace(
        ENGLISH, header="Harbour Trust · Review 2025 · {page}", footer="- {page} -"
    )
    article = read(report_pdf(report))
    assert "Harbour Trust" not in article.text
    assert "- 2 -" not in article.text
    assert article.paragraphs == tuple(p for page in ENGLISH.pages for p in page)


# ----------------------------------------------------------------- lines and paragraphs

_CONTINUED = [
    [
        "Annual Review",
        "The council published the infor-",
        "mation on Monday, and the well-known",
        "engineer said that Bun\u00addes-",
        "und Landesrecht were both clear. The well-",
        "known firm from the north agreed with the re\u00ad",
        "gional",
    ],
    [
        "plan that the city had made in the spring of the year. Everybody else was happy",
        "with the decision and the work will go on until the end of next year at least,",
        "the council said in a statement on its website after the meeting on Monday.",
    ],
]


def test_hyphenation_is_undone_and_paragraphs_go_on_over_page_breaks() -> None:
    article = read(lines_pdf(_CONTINUED))
    assert article.title == "Annual Review"
    (paragraph,) = article.paragraphs
    assert "published the information on Monday" in paragraph
    assert "Bundes- und Landesrecht" in paragraph  # before a conjunction the hyphen stays
    assert "The well-known firm" in paragraph  # the document spells it with the hyphen
    assert "agreed with the regional plan that the city" in paragraph  # soft hyphens go
    assert "\u00ad" not in paragraph


def test_other_generators_layouts_scaled_text_leading_and_two_columns() -> None:
    # A text matrix that scales a 1-point font (how many layout programs write), lines shown
    # with T* and ' after a leading, a paragraph gap as an extra Td, two columns, and a page
    # number alone at the bottom.
    page1 = (
        b"BT /F1 1 Tf 20 0 0 20 72 760 Tm (Tidal Energy in the North Sea) Tj ET\n"
        b"BT /F1 1 Tf 10 0 0 10 72 720 Tm 1.3 TL\n"
        + text_ops(
            [
                "The first tidal turbines in the North Sea began to deliver power",
                "to the grid on Tuesday, after ten years of planning and testing.",
            ]
        )
        + b"0 -1.2 Td\n"
        + text_ops(
            [
                "“This is the start of something big,” said Ines Moreau, who",
                "leads the project for the regional energy agency. The turbines",
            ]
        )
        + b"ET\nBT /F1 1 Tf 10 0 0 10 320 720 Tm 1.3 TL\n"
        + text_ops(
            [
                "sit on the sea floor and turn with the tide, which comes in and",
                "goes out twice a day, so that the engineers know",
            ]
        )
        + b"ET\nBT /F1 8 Tf 290 40 Td (1) Tj ET\n"
    )
    page2 = (
        b"BT /F1 10 Tf 14 TL 72 740 Td\n"
        + text_ops(
            [
                "weeks ahead how much power the farm will make. The operator",
                "plans forty more turbines by the end of the decade.",
            ]
        )
        + b"ET\nBT /F1 8 Tf 290 40 Td (2) Tj ET\n"
    )
    article = read(stream_pdf([page1, page2]))
    assert article.title == "Tidal Energy in the North Sea"
    assert article.paragraphs == (
        "The first tidal turbines in the North Sea began to deliver power to the grid on "
        "Tuesday, after ten years of planning and testing.",
        "“This is the start of something big,” said Ines Moreau, who leads the "
        "project for the regional energy agency. The turbines sit on the sea floor and turn "
        "with the tide, which comes in and goes out twice a day, so that the engineers know "
        "weeks ahead how much power the farm will make. The operator plans forty more "
        "turbines by the end of the decade.",
    )
    (quote,) = summarize_article(summarizer(), article).all_quotes
    assert quote.speaker == "Ines Moreau"


def test_a_pdf_with_a_little_text_is_served_whole_and_marked_short() -> None:
    article = read(lines_pdf([["Invoice", "Total due: 40 euros."]]))
    assert article.short
    assert article.paragraphs == ("Invoice Total due: 40 euros.",)


def test_a_pdf_with_almost_no_words_is_not_an_article() -> None:
    with pytest.raises(NotAnArticleError, match="too short"):
        read(lines_pdf([["Invoice", "Paid."]]))


# ----------------------------------------------------------------- what cannot be read


def test_a_scan_without_text_layer_gets_a_clear_error() -> None:
    with pytest.raises(NoTextLayerError) as caught:
        read(scanned_pdf())
    assert "no text layer" in str(caught.value) and "scanned" in str(caught.value)
    assert isinstance(caught.value, ExtractionError) and isinstance(caught.value, NewsbotError)


def test_a_pdf_encrypted_without_a_user_password_is_read() -> None:
    article = read(encrypted_pdf(english(), user_password=""))
    assert article.title == ENGLISH.meta_title
    assert article.paragraphs == read(english()).paragraphs


def test_a_pdf_that_needs_a_password_is_refused() -> None:
    with pytest.raises(EncryptedPdfError, match="password"):
        read(encrypted_pdf(english(), user_password="secret"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        b"<html><body>%PDF-1.4 is the header of a PDF</body></html>",
        b"\x00\x01\x02\x03" * 100,
    ],
)
def test_damaged_or_fake_pdfs_get_a_clear_error(data: bytes) -> None:
    with pytest.raises(CorruptPdfError, match="damaged or incomplete"):
        read(data)


def test_a_truncated_pdf_is_damaged() -> None:
    with pytest.raises(CorruptPdfError):
        read(english()[: len(english()) // 2])


def test_size_and_page_caps() -> None:
    with pytest.raises(PdfTooLargeError, match="larger than 2 KB"):
        read(english(), max_bytes=2048)
    with pytest.raises(PdfTooLargeError, match="3 pages; I read PDFs of up to 2 pages"):
        read(english(), max_pages=2)
    assert len(read(english(), max_pages=3).paragraphs) == 8


def test_text_beyond_the_character_cap_is_left_out() -> None:
    article = read(english(), max_chars=500)
    assert 0 < len(article.paragraphs) < 8  # page 1 read, the rest left out
    assert article.paragraphs[0].startswith("The city council approved")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_bytes_only_raise_extraction_errors(data: st.DataObject) -> None:
    pdf = bytearray(english())
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(pdf) - 1))
        pdf[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(pdf) // 3, len(pdf)))
    try:
        said = read(bytes(pdf[:cut])).title  # a damaged PDF may still be readable
    except ExtractionError as err:  # anything else fails the test
        said = str(err)
    assert said


# ----------------------------------------------------------------- recognising PDFs


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/pdf", b"", True),
        ("Application/PDF; qs=0.001", b"", True),
        ("application/x-pdf", b"", True),
        ("application/octet-stream", b"%PDF-1.7\n%\xe2\xe3", True),
        (None, b"\n\n%PDF-1.4", True),
        ("text/html", b"<!doctype html><p>%PDF-1.4 explained</p>", False),
        ("text/html", b"<!doctype html><p>hello</p>", False),
        ("application/octet-stream", b"PK\x03\x04", False),
        (None, b"", False),
    ],
)
def test_is_pdf(content_type: str | None, body: bytes, expected: bool) -> None:
    assert is_pdf(content_type, body) is expected


def test_pdf_errors_are_extraction_errors() -> None:
    for error in (CorruptPdfError, EncryptedPdfError, NoTextLayerError, PdfTooLargeError):
        assert issubclass(error, PdfError) and issubclass(error, ExtractionError)


# ----------------------------------------------------------------- the pipeline


def test_a_page_with_a_pdf_body_becomes_an_article() -> None:
    # A server that says octet-stream: the signature decides.
    page = Page(URL, URL, 200, "application/octet-stream", english(), "", None)
    assert article_from_page(page).title == ENGLISH.meta_title
    assert article_from_page(page_from_bytes(german(), URL)).language == "de"
    with pytest.raises(PdfTooLargeError):
        article_from_page(page, pdf_limits=PdfLimits(max_pages=1))


def test_page_from_bytes_decodes_what_is_not_a_pdf() -> None:
    html = "<html><body><p>Grüße</p></body></html>".encode()
    page = page_from_bytes(html, "https://x.example/a")
    assert page.content_type == "text/html" and "Grüße" in page.text
    pdf = page_from_bytes(english(), "tg://document/1", "application/pdf")
    assert pdf.content_type == "application/pdf" and pdf.text == "" and pdf.body == english()


async def test_the_pipeline_summarizes_a_pdf_in_hand() -> None:
    pipeline = Pipeline(summarizer=summarizer())
    try:
        article = await pipeline.extract(page_from_bytes(german(), "tg://document/7"))
        result = await pipeline.summarize(article, sentences=2, quotes=2)
    finally:
        await pipeline.close()
    assert result.article.title == GERMAN.meta_title
    assert len(result.summary) == 2
    assert {q.speaker for q in result.quotes} == {"Anna Schmidt", "Thomas Weber"}
