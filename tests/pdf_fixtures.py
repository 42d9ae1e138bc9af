"""Real PDF files for the tests, written with fpdf2 (a dev dependency) at test time.

Each builder returns the bytes of a complete PDF: a multi-page report with running headers,
footers and page numbers, justified (hyphen-free) or hyphenated body text, a title in the
metadata or only on the first page, quotes with their speakers; a scanned-like PDF whose pages
are images only; and encrypted ones.

The core fonts are used with the Windows-1252 encoding, so German letters and typographic
quotes („…“, “…”, –) are real text in the PDF without shipping a font file.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

CREATED = dt.datetime(2025, 11, 20, 9, 30, tzinfo=dt.UTC)  # every fixture's /CreationDate


@dataclass
class Report:
    """What goes into a report PDF."""

    heading: str  # printed large on page 1
    pages: Sequence[Sequence[str]]  # paragraphs, page by page
    meta_title: str | None = None  # the /Title entry (None: none)
    author: str | None = None
    header: str = ""  # running header on every page ({page} filled in)
    footer: str = "Page {page} of {pages}"  # running footer ({page}, {pages} filled in)
    subheadings: dict[int, str] = field(default_factory=dict)  # page index -> a heading on it


class _ReportPDF(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.report = report
        self.set_auto_page_break(auto=True, margin=22)
        self.set_creation_date(CREATED)  # the same bytes every run

    def header(self) -> None:
        if self.report.header:
            self.set_font("helvetica", size=8)
            text = self.report.header.format(page=self.page_no())
            self.cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

    def footer(self) -> None:
        if self.report.footer:
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            text = self.report.footer.format(page=self.page_no(), pages="{nb}")
            self.cell(0, 8, text, align="C")


def report_pdf(report: Report, *, label: str = "") -> bytes:
    """A report PDF: page breaks where ``report.pages`` says, text laid out by fpdf2;
    ``label`` is a line in small type above the heading on page 1 ("PRESS RELEASE")."""
    pdf = _ReportPDF(report)
    if report.meta_title is not None:
        pdf.set_title(report.meta_title)
    if report.author is not None:
        pdf.set_author(report.author)
    for index, paragraphs in enumerate(report.pages):
        pdf.add_page()
        if index == 0 and label:
            pdf.set_font("helvetica", style="B", size=9)
            pdf.cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        if index == 0:
            pdf.set_font("helvetica", style="B", size=18)
            pdf.multi_cell(0, 9, report.heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        if index in report.subheadings:
            pdf.set_font("helvetica", style="B", size=13)
            pdf.multi_cell(0, 7, report.subheadings[index], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.set_font("helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def lines_pdf(pages: Sequence[Sequence[str]], *, title: str | None = None) -> bytes:
    """A PDF whose lines are placed exactly as given (one ``cell`` per line): for hyphenated
    line ends and other layouts fpdf2 would not produce by itself."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(CREATED)
    pdf.set_auto_page_break(auto=False)
    if title is not None:
        pdf.set_title(title)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        for line in lines:
            pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are one grey image each, with no text at all: what a scanner produces."""
    width, height = 60, 80
    pixels = bytes([200]) * (width * height)
    png = _grey_png(width, height, pixels)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATED)
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(png), x=10, y=10, w=180)
    return bytes(pdf.output())


def encrypted_pdf(source: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    """``source`` encrypted with AES-256 (an empty ``user_password`` opens without one)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password, owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _grey_png(width: int, height: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    rows = b"".join(b"\x00" + pixels[y * width : (y + 1) * width] for y in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# --- the reports --------------------------------------------------------------------------------

ENGLISH = Report(
    heading="Rebuilding the Harbour Wall: Annual Review 2025",
    meta_title="Rebuilding the Harbour Wall: Annual Review 2025",
    author="Northport Harbour Trust",
    header="Northport Harbour Trust - Annual Review 2025",
    pages=(
        (
            "The city council approved a 40 million pound plan on Monday to rebuild the old "
            "harbour wall, which was badly damaged in the storms of February. Waves flooded "
            "200 homes and closed the coastal railway line for three weeks.",
            "Work on the new wall will start in June and should take about two years. The "
            "plan also includes a new lifeboat station and a public walkway along the sea "
            "front, paid for by the government and the council together.",
            "\u201cWe have waited long enough for this money, and the town cannot afford "
            "another winter like the last one,\u201d said Mary Okafor, who chairs the "
            "harbour trust.",
        ),
        (
            "Engineers from the trust surveyed the wall in March and found that more than a "
            "third of its length had been undermined by the sea. Several sections had "
            "already collapsed, and the rest was held up by temporary steel props.",
            "Local businesses said the walkway could bring more visitors to the town in "
            "summer. Hotel owners reported that bookings fell by a quarter after the floods, "
            "and many shops on the sea front stayed closed until April.",
            "\u201cThe new wall is designed to withstand a storm that comes once in two "
            "hundred years,\u201d said Tom Reyes, the council\u2019s chief engineer. He added "
            "that nobody could promise the work would finish on time.",
        ),
        (
            "The trust will publish a progress report every three months. Residents can "
            "follow the work on the trust\u2019s website and at monthly public meetings in "
            "the town hall, where the engineers answer questions.",
            "The council expects the first section of the wall to be finished before the "
            "winter storms of 2026. The lifeboat station should open in the spring of 2027, "
            "once the new slipway has been built and tested.",
        ),
    ),
)

GERMAN = Report(
    heading="Neubau der Hafenmauer: Jahresbericht 2025",
    meta_title="Neubau der Hafenmauer: Jahresbericht 2025",
    author="Stadtverwaltung Nordhafen",
    header="Stadt Nordhafen \u2013 Jahresbericht 2025",
    footer="Seite {page} von {pages}",
    pages=(
        (
            "Der Stadtrat hat am Montag einen Plan über 40 Millionen Euro für den Neubau der "
            "alten Hafenmauer beschlossen. Die Mauer war bei den Stürmen im Februar schwer "
            "beschädigt worden. Damals überfluteten die Wellen mehr als 200 Häuser.",
            "Die Arbeiten an der neuen Mauer sollen im Juni beginnen und etwa zwei Jahre "
            "dauern. Der Plan umfasst außerdem eine neue Rettungsstation und eine öffentliche "
            "Promenade am Wasser, die Bund und Stadt gemeinsam bezahlen.",
            "\u201eWir haben lange genug auf dieses Geld gewartet, und die Stadt kann sich "
            "keinen zweiten solchen Winter leisten\u201c, sagte Bürgermeisterin Anna Schmidt "
            "nach der Sitzung.",
        ),
        (
            "Ingenieure der Stadt haben die Mauer im März untersucht. Mehr als ein Drittel "
            "ihrer Länge ist vom Meer unterspült worden, mehrere Abschnitte sind bereits "
            "eingestürzt, der Rest wird von provisorischen Stahlstützen gehalten.",
            "Die Geschäftsleute am Hafen hoffen, dass die Promenade im Sommer mehr Besucher "
            "in die Stadt bringt. Die Hotels meldeten nach dem Hochwasser ein Viertel weniger "
            "Buchungen, viele Läden blieben bis April geschlossen.",
            "\u201eDie neue Mauer ist für einen Sturm ausgelegt, wie er nur alle zweihundert "
            "Jahre vorkommt\u201c, sagte der leitende Ingenieur Thomas Weber. Er fügte hinzu, "
            "dass niemand einen pünktlichen Abschluss der Arbeiten versprechen könne.",
        ),
        (
            "Die Stadt wird alle drei Monate einen Bericht über den Fortschritt "
            "veröffentlichen. Die Bürger können die Arbeiten auf der Internetseite der Stadt "
            "und bei monatlichen Versammlungen im Rathaus verfolgen.",
            "Der erste Abschnitt der Mauer soll vor den Winterstürmen des Jahres 2026 fertig "
            "sein. Die Rettungsstation soll im Frühjahr 2027 öffnen, sobald die neue "
            "Slipanlage gebaut und geprüft ist.",
        ),
    ),
)


def stream_pdf(pages: Sequence[bytes], *, title: str | None = None) -> bytes:
    """A PDF whose pages are the given raw content streams (text in /F1, Helvetica), written
    with pypdf: for the layouts of other generators (a scaled text matrix, ``T*`` and ``'``
    with a leading, relative ``Td`` moves, two columns)."""
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    writer = PdfWriter()
    for content in pages:
        page = writer.add_blank_page(width=595, height=842)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = ContentStream(None, writer)
        stream.set_data(content)
        page.replace_contents(stream)
    if title is not None:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_ops(lines: Sequence[str]) -> bytes:
    """``(line) '`` for each line: show it on the next line (after ``T*``)."""
    return b"".join(b"(" + _pdf_string(line) + b") '\n" for line in lines)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
