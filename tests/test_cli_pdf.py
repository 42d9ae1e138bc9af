"""``newsbot summarize report.pdf``: PDF files and PDF on stdin, and PDFs it cannot read."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.pdf_fixtures import ENGLISH, GERMAN, encrypted_pdf, report_pdf, scanned_pdf


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["summarize", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_pdf_file_is_summarized(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(ENGLISH))
    code, out, err = run([str(path), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == ENGLISH.meta_title
    assert data["url"] == path.resolve().as_uri()
    assert data["language"] == "en" and data["published"] == "2025-11-20"
    assert len(data["summary"]) == 3
    assert {q["speaker"] for q in data["quotes"]} == {"Mary Okafor", "Tom Reyes"}
    assert "Page 1 of 3" not in data["text"]


def test_human_output_for_a_german_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Bericht.PDF"
    path.write_bytes(report_pdf(GERMAN))
    code, out, _ = run([str(path)], capsys)
    assert code == 0
    assert out.startswith(GERMAN.meta_title or "?")
    assert "— Anna Schmidt" in out and "— Thomas Weber" in out


def test_a_pdf_on_stdin_is_recognised_by_its_signature(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(report_pdf(GERMAN)), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run(["-", "--json", "--url", "https://stadt.example/bericht.pdf"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == GERMAN.meta_title and data["site"] == "stadt.example"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (scanned_pdf(), "no text layer"),
        (encrypted_pdf(report_pdf(ENGLISH), user_password="pw"), "password"),
        (b"%PDF-1.4\nnot really", "damaged"),
    ],
)
def test_pdfs_that_cannot_be_read_print_one_error_line(
    tmp_path: Path, body: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(body)
    code, out, err = run([str(path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_pypdf_warnings_stay_out_of_the_terminal(tmp_path: Path) -> None:
    # pypdf logs "EOF marker not found" at WARNING for a cut-off file: noise next to the error.
    path = tmp_path / "cut.pdf"
    data = report_pdf(ENGLISH)
    path.write_bytes(data[: len(data) // 2])
    env = {k: v for k, v in os.environ.items() if k != "LOG_LEVEL"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "summarize", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "error: This PDF is damaged or incomplete, so I can't read it.\n"
