"""``newsbot summarize``: local files, stdin, URLs from a local server, and errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.__main__ import main
from tests.threaded_server import serve_in_thread

RESOURCES = Path(__file__).parent / "resources" / "cli"
HARBOUR = RESOURCES / "harbour.html"
# A Latin-1 French page with no charset declared (the detector alone reads it as windows-1257).
LATIN1_FR = Path(__file__).parent / "resources" / "extract" / "news_fr_latin1.html"
JSON_KEYS = {
    "url", "canonical_url", "title", "author", "published", "site", "language", "text",
    "word_count", "summary", "quotes", "summarizer",
}  # fmt: skip


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A local web server in its own thread, since the CLI runs its own event loop."""

    async def article(_: web.Request) -> web.Response:
        return web.Response(body=HARBOUR.read_bytes(), content_type="text/html")

    async def pdf(_: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.4", content_type="application/pdf")

    async def login(_: web.Request) -> web.Response:
        html = (
            "<html><head><title>Sign in</title></head><body><form><p>Please sign in to "
            "continue reading.</p><input name=user><input type=password name=pw>"
            "<button>Sign in</button></form></body></html>"
        )
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/news/harbour", article)
    app.router.add_get("/report.pdf", pdf)
    app.router.add_get("/login", login)
    with serve_in_thread(app) as base:
        yield base


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["summarize", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_the_stable_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(HARBOUR), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == JSON_KEYS
    assert data["title"] == "City council approves harbour flood wall after tense vote"
    assert data["canonical_url"] == "https://herald.example/news/2026/harbour-flood-wall"
    assert data["published"] == "2026-03-14"
    assert data["language"] == "en"
    assert data["author"] == "Maya Lindqvist"
    assert "Comments" not in data["text"] and "reader42" not in data["text"]
    assert data["word_count"] == len(data["text"].split())
    assert len(data["summary"]) == 3
    for sentence in data["summary"]:
        assert sentence in data["text"]
    assert 1 <= len(data["quotes"]) <= 3
    speakers = {q["speaker"] for q in data["quotes"]}
    assert "Linda Okafor" in speakers
    for quote in data["quotes"]:
        assert set(quote) == {"text", "speaker", "cue", "partial"}
        for part in quote["text"].split(" … "):  # a split quote is one, its parts joined
            assert part in data["text"]


def test_a_latin1_file_without_a_charset_keeps_its_accents_and_its_quote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run([str(LATIN1_FR), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "Les producteurs de lait très déçus par le prix d'été"
    assert "très déçus" in data["text"] and "trčs" not in data["text"]
    assert data["language"] == "fr"
    quotes = {q["speaker"]: q["text"] for q in data["quotes"]}
    assert quotes["Françoise Lemaître"].startswith("On travaille sept jours sur sept")


def test_sentences_and_quote_counts_are_honoured(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(HARBOUR), "--json", "--sentences", "2", "--quotes", "1"], capsys)
    assert code == 0
    data = json.loads(out)
    assert len(data["summary"]) == 2
    assert len(data["quotes"]) == 1
    code, out, _ = run([str(HARBOUR), "--json", "--all-quotes"], capsys)
    every = json.loads(out)["quotes"]
    assert len(every) >= 4  # a split quote counts once
    assert {"Linda Okafor", "Tomas Berg"} <= {q["speaker"] for q in every}


def test_human_output_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(HARBOUR)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "City council approves harbour flood wall after tense vote"
    assert "The Harbour Herald" in lines[1]
    assert "Summary" in lines and "Key quotes" in lines
    assert any(line.strip().startswith("•") for line in lines)
    assert "— Linda Okafor" in out


def test_human_output_shows_quotes_as_the_bot_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "budget.txt"
    story.write_text(
        "Council delays the harbour budget vote by a week\n\n"
        "The city council on Tuesday put off its vote on the harbour budget by a week, after "
        "members asked for a new estimate of the cost of the flood wall.\n\n"
        '"Nobody called the plan "dead" today, we only asked for honest numbers," said Linda '
        "Okafor, the council's finance chair.\n\n"
        "The vote is now expected next Tuesday, when the new estimate should be ready for "
        "members to read.\n",
        encoding="utf-8",
    )
    code, out, _ = run([str(story)], capsys)
    assert code == 0
    # The inner quotes become single and the comma before "said" goes, as in the bot's replies.
    assert "“Nobody called the plan ‘dead’ today, we only asked for honest numbers”" in out
    assert "Linda\u00a0Okafor" in out or "Linda Okafor" in out
    code, out, _ = run([str(story), "--json"], capsys)
    assert code == 0  # the JSON keeps the verbatim text
    texts = [q["text"] for q in json.loads(out)["quotes"]]
    assert 'Nobody called the plan "dead" today, we only asked for honest numbers' in texts


def test_a_partial_quote_is_printed_as_the_fragment_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "mayor.txt"
    story.write_text(
        "Mayor attacks harbour plan\n\n"
        "The council approved the harbour plan last month by a narrow majority after a long "
        "debate.\n\nWork on the new harbour wall is due to start in June and to take two "
        "years.\n\nElena Ruiz, the mayor, called the plan “a disaster for the fishing fleet and "
        "a betrayal of every family that works on the water”.\n",
        encoding="utf-8",
    )
    code, out, _ = run([str(story), "--all-quotes"], capsys)
    assert code == 0
    fragment = "a disaster for the fishing fleet and a betrayal of every family that works on"
    assert f"“…{fragment}" in " ".join(out.split()), out


def test_warnings_about_a_pages_html_stay_out_of_the_output(tmp_path: Path) -> None:
    # An empty link makes trafilatura log "empty link" at WARNING: noise for the user.
    page = tmp_path / "empty-link.html"
    page.write_text(
        HARBOUR.read_text(encoding="utf-8").replace("seas.</p>", 'seas.<a href="/x"> </a></p>'),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "LOG_LEVEL"}
    # A real process: pytest's own log capture would hide what a user's terminal shows.
    done = subprocess.run(
        [sys.executable, "-m", "bot", "summarize", str(page)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "Key quotes" in done.stdout
    assert done.stderr == ""


def test_text_files_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run([str(RESOURCES / "notes.txt"), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["title"] == "Harbour flood wall approved"
    stdin = io.TextIOWrapper(io.BytesIO(HARBOUR.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(["-", "--json", "--url", "https://herald.example/x?utm_source=tg"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["url"] == "https://herald.example/x?utm_source=tg"
    assert data["canonical_url"] == "https://herald.example/news/2026/harbour-flood-wall"


def test_a_short_page_is_printed_whole_under_its_own_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "short.html"
    page.write_text(
        "<html><head><title>Ferry suspended</title></head><body><article><h1>Ferry suspended"
        "</h1><p>The harbour ferry will not run on Sunday because of the storm warning.</p>"
        "<p>It sails again on Monday morning.</p></article></body></html>",
        encoding="utf-8",
    )
    code, out, _ = run([str(page)], capsys)
    assert code == 0
    assert "Text (too short to summarise: in full)" in out and "Summary" not in out
    assert "  • The harbour ferry will not run on Sunday" in out
    assert "  • It sails again on Monday morning." in out


def test_urls_are_fetched(
    site: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_ADDRESSES", "1")
    code, out, err = run([site + "/news/harbour", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["url"] == site + "/news/harbour"


@pytest.mark.parametrize(
    ("path", "message"),
    [("/report.pdf", "this pdf is damaged"), ("/login", "no article"), ("/missing", "404")],
)
def test_bad_pages_print_one_error_line(
    site: str,
    path: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_ADDRESSES", "1")
    code, out, err = run([site + path], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("error:") and message in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_private_addresses_are_refused_by_default(
    site: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSBOT_ALLOW_PRIVATE_ADDRESSES", raising=False)
    code, _, err = run([site + "/news/harbour"], capsys)
    assert code == 2
    assert err.startswith("error:") and "not a public address" in err


@pytest.mark.parametrize(
    "source", ["/no/such/file.html", "notes.pdf", "ftp://example.com/x", "http://127.1/"]
)
def test_unreadable_sources_exit_2(source: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([source], capsys)
    assert code == 2
    assert out == "" and err.startswith("error:")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("ftp://x", "ftp://x is a URL with a scheme I don't read (ftp)"),
        ("http://[::1", "malformed host"),
        ("https://x.test/\x00\x1b[2J", "control characters"),
    ],
)
def test_bad_urls_say_what_is_wrong(
    source: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([source], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error:") and said in err
    assert "\x00" not in err and "\x1b" not in err


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (bytes(range(256)) * 40, "not a text page: binary data"),
        (b"\x89PNG\r\n\x1a\n" + bytes(3000), "not a text page: a PNG image"),
        # A PDF signature is read as a PDF whatever the file is called: this one is no real PDF.
        (b"%PDF-1.5\n" + bytes(range(256)) * 10, "This PDF is damaged or incomplete"),
    ],
)
def test_binary_files_are_not_text_pages(
    tmp_path: Path, body: bytes, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "x.html"
    page.write_bytes(body)
    code, out, err = run([str(page)], capsys)
    assert code == 2 and out == ""
    assert said in err and len(err.strip().splitlines()) == 1


def test_a_local_file_gets_the_size_cap_of_fetched_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as file:
        file.write(b"<p>" + b"word " * (6 * 1024 * 1024 // 5) + b"</p>")
    started = time.monotonic()
    code, out, err = run([str(page)], capsys)
    assert code == 2 and out == ""
    assert "larger than 5 MB" in err
    assert time.monotonic() - started < 5

    with page.open("rb") as raw:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
        code, _, err = run(["-"], capsys)
    assert code == 2 and "larger than 5 MB" in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``newsbot summarize page.html | head -1``: the reader goes away before the output is
    written (here it never reads at all), and the command ends without a traceback."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: every write fails with EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "summarize", str(HARBOUR)],
            cwd=Path(__file__).resolve().parent.parent, env=env, stdout=write_end,
            stderr=subprocess.PIPE, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr == b""

    shell = subprocess.run(
        f"{sys.executable} -m bot summarize {HARBOUR} | head -1",
        shell=True, cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True,
        timeout=120,
    )  # fmt: skip
    assert shell.stdout.decode().strip() and shell.stderr == b""
