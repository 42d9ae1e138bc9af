"""NEWSBOT_LLM_* settings: read by ``newsbot run`` and ``newsbot summarize`` alike."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError, pipeline_settings_from_env

TOKEN = {"TELEGRAM_BOT_TOKEN": "123:abc"}


def test_no_model_server_by_default() -> None:
    settings = Settings.from_env(TOKEN)
    assert settings.llm is None and settings.pipeline.llm is None


def test_a_model_server_on_loopback_with_its_settings() -> None:
    settings = Settings.from_env(
        {
            **TOKEN,
            "NEWSBOT_LLM_URL": "http://127.0.0.1:11434/v1/",
            "NEWSBOT_LLM_MODEL": "llama3.1:8b",
            "NEWSBOT_LLM_API_KEY": "sk-local-key",
            "NEWSBOT_LLM_TIMEOUT": "12.5",
            "NEWSBOT_LLM_CONTEXT": "4096",
            "NEWSBOT_LLM_CONCURRENCY": "3",
        }
    )
    llm = settings.pipeline.llm
    assert llm is not None
    assert llm.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    assert (llm.model, llm.api_key, llm.timeout, llm.context, llm.concurrency) == (
        "llama3.1:8b", "sk-local-key", 12.5, 4096, 3,
    )  # fmt: skip
    assert "sk-local-key" not in repr(settings) and "sk-local-key" not in repr(llm)
    # The model host is allowed; article fetches still refuse private addresses.
    assert settings.pipeline.fetch.allow_private_addresses is False


def test_a_url_without_a_model_is_an_error_naming_the_model_setting() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({**TOKEN, "NEWSBOT_LLM_URL": "http://localhost:11434/v1"})
    assert any("NEWSBOT_LLM_MODEL is required" in p for p in caught.value.problems)
    with pytest.raises(SettingsError, match="NEWSBOT_LLM_MODEL"):
        pipeline_settings_from_env({"NEWSBOT_LLM_URL": "http://localhost:11434/v1"})


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("NEWSBOT_LLM_URL", "localhost:11434", "an http(s) URL"),
        ("NEWSBOT_LLM_TIMEOUT", "soon", "a number of at least 1"),
        ("NEWSBOT_LLM_CONTEXT", "100", "a whole number of at least 1024"),
        ("NEWSBOT_LLM_CONCURRENCY", "0", "a whole number of at least 1"),
    ],
)
def test_bad_values_are_named(name: str, value: str, expected: str) -> None:
    env = {**TOKEN, "NEWSBOT_LLM_URL": "http://localhost:11434/v1", "NEWSBOT_LLM_MODEL": "m"}
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({**env, name: value})
    assert any(p.startswith(name) and expected in p for p in caught.value.problems)


def test_a_model_without_a_url_is_an_error() -> None:
    with pytest.raises(SettingsError, match="need NEWSBOT_LLM_URL"):
        Settings.from_env({**TOKEN, "NEWSBOT_LLM_MODEL": "m"})


def test_the_api_key_is_one_of_the_secrets_the_logs_redact() -> None:
    settings = Settings.from_env(
        {
            **TOKEN,
            "NEWSBOT_LLM_URL": "http://localhost:11434/v1",
            "NEWSBOT_LLM_MODEL": "m",
            "NEWSBOT_LLM_API_KEY": "sk-very-secret",
        }
    )
    assert settings.llm is not None and settings.llm.api_key is not None
    assert settings.secrets == (settings.token, settings.llm.api_key)
