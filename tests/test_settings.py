"""Settings.from_env: defaults, .env files, one message naming every problem, a hidden token."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.settings import (
    BOTFATHER_HELP,
    TELEGRAM_API,
    Secret,
    Settings,
    SettingsError,
    configure_logging,
)

TOKEN = "123456789:AAE-abcdefghijklmnopqrstuvwxyz_0123"


def test_defaults_with_only_a_token() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})

    assert settings.require_token() == TOKEN
    assert settings.api_base_url == TELEGRAM_API
    assert settings.api_base_file_url == "https://api.telegram.org/file/bot"
    assert settings.database == Path("data/newsbot.sqlite3")
    assert settings.webhook is None
    assert (settings.log_level, settings.allow_private_addresses, settings.summarizer) == (
        "INFO",
        False,
        None,
    )
    assert (settings.links_per_user, settings.history_per_chat) == (20, 200)


def test_the_token_never_shows_in_repr_or_str() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})

    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert TOKEN not in repr(Secret(TOKEN))
    assert TOKEN not in f"{Secret(TOKEN)}"


def test_a_missing_token_says_how_to_get_one() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({})

    assert caught.value.problems == (BOTFATHER_HELP,)
    assert "@BotFather" in str(caught.value)
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value)


def test_every_problem_is_listed_at_once_and_a_bad_token_is_not_echoed() -> None:
    bad_token = "not-a-token-but-secret-looking-xyz"
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": bad_token,
                "TELEGRAM_API_BASE_URL": "ftp://example.org",
                "NEWSBOT_ALLOW_PRIVATE_ADDRESSES": "maybe",
                "LOG_LEVEL": "loud",
                "NEWSBOT_CACHE_HOURS": "-1",
                "NEWSBOT_HISTORY_PER_CHAT": "lots",
                "NEWSBOT_WEBHOOK_URL": "http://bot.example.org/hook",
                "NEWSBOT_WEBHOOK_LISTEN": "8080",
            }
        )

    problems = caught.value.problems
    named = [p.split("=")[0].split(" ")[0] for p in problems]
    assert named == [
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "NEWSBOT_ALLOW_PRIVATE_ADDRESSES",
        "NEWSBOT_WEBHOOK_LISTEN",
        "NEWSBOT_WEBHOOK_URL",
        "NEWSBOT_WEBHOOK_SECRET",
        "LOG_LEVEL",
        "NEWSBOT_CACHE_HOURS",
        "NEWSBOT_HISTORY_PER_CHAT",
    ]
    assert bad_token not in str(caught.value)


def test_the_token_is_optional_for_the_pipeline_alone() -> None:
    settings = Settings.from_env({"NEWSBOT_ALLOW_PRIVATE_ADDRESSES": "yes"}, require_token=False)

    assert settings.token is None
    assert settings.allow_private_addresses is True
    with pytest.raises(SettingsError, match="BotFather"):
        settings.require_token()


@pytest.mark.parametrize(
    ("given", "base", "files"),
    [
        ("http://localhost:8081", "http://localhost:8081/bot", "http://localhost:8081/file/bot"),
        ("http://localhost:8081/", "http://localhost:8081/bot", "http://localhost:8081/file/bot"),
        ("http://127.0.0.1:9/bot", "http://127.0.0.1:9/bot", "http://127.0.0.1:9/file/bot"),
        (
            "https://proxy.example/tg/bot{token}/x",
            "https://proxy.example/tg/bot{token}/x",
            "https://proxy.example/tg/file/bot{token}/x",
        ),
    ],
)
def test_api_base_url_accepts_a_server_root_or_ptb_form(given: str, base: str, files: str) -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": given})

    assert (settings.api_base_url, settings.api_base_file_url) == (base, files)


def test_webhook_settings() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "NEWSBOT_WEBHOOK_URL": "https://bot.example.org/telegram/hook",
            "NEWSBOT_WEBHOOK_SECRET": "s3cret_value-1",
            "NEWSBOT_WEBHOOK_LISTEN": "0.0.0.0:8443",
        }
    )

    hook = settings.webhook
    assert hook is not None
    assert (hook.url, hook.path, hook.listen_host, hook.listen_port) == (
        "https://bot.example.org/telegram/hook",
        "telegram/hook",
        "0.0.0.0",
        8443,
    )
    assert hook.secret.reveal() == "s3cret_value-1"
    assert "s3cret_value-1" not in repr(settings)


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"# comment\nTELEGRAM_BOT_TOKEN={TOKEN}\nNEWSBOT_DATABASE=/srv/file.sqlite3\n"
        "LOG_LEVEL=debug\n",
        encoding="utf-8",
    )

    settings = Settings.from_env({"LOG_LEVEL": "warning"}, env_file=env_file)

    assert settings.require_token() == TOKEN
    assert settings.database == Path("/srv/file.sqlite3")
    assert settings.log_level == "WARNING"


def test_a_missing_env_file_is_fine(tmp_path: Path) -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=tmp_path / "none")

    assert settings.require_token() == TOKEN


def test_pipeline_settings_follow_the_environment() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "NEWSBOT_ALLOW_PRIVATE_ADDRESSES": "1",
            "NEWSBOT_SUMMARIZER": "some-model",
            "NEWSBOT_WORKERS": "3",
        }
    )

    pipeline = settings.pipeline
    assert pipeline.fetch.allow_private_addresses is True
    assert (pipeline.summarizer, pipeline.workers) == ("some-model", 3)


def test_logging_redacts_the_token_and_keeps_httpx_quiet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        configure_logging("DEBUG", secrets=(Secret(TOKEN),))
        log = logging.getLogger("telegram.Bot")
        log.debug("Set Bot API URL: https://api.telegram.org/bot%s", TOKEN)
        try:
            raise RuntimeError(f"request to /bot{TOKEN}/getMe failed")
        except RuntimeError:
            log.exception("failed")
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)

    err = capsys.readouterr().err
    assert TOKEN not in err
    assert "Set Bot API URL: https://api.telegram.org/bot[redacted]" in err
    assert "request to /bot[redacted]/getMe failed" in err


def test_the_cli_log_level_defaults_to_warning_and_ignores_nonsense() -> None:
    from bot.settings import cli_log_level

    assert cli_log_level({}) == "WARNING"
    assert cli_log_level({"LOG_LEVEL": "debug"}) == "DEBUG"
    assert cli_log_level({"LOG_LEVEL": "verbose"}) == "WARNING"  # used to be a traceback
