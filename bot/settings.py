"""Settings from the environment: the one place in newsbot that reads it.

``Settings.from_env(os.environ, env_file=".env")`` reads every setting at once. Values from the
environment win over the ``.env`` file, which is read with python-dotenv when it exists. Every
problem (a missing token, a number that is not a number, a webhook without its secret) is
collected and reported in one :class:`SettingsError`, so a new user fixes them all in one go.

The bot token is wrapped in :class:`Secret`: it never appears in a ``repr``, a log line or an
error message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pythonjsonlogger.json import JsonFormatter

from errors import NewsbotError

if TYPE_CHECKING:
    # Imported late at run time: reading settings must not load the pipeline's modules.
    from storage.database import DatabaseTarget
    from summarizer.pipeline import PipelineSettings
    from summarizer.summarizers.llm import LLMSettings

T = TypeVar("T")

TELEGRAM_API = "https://api.telegram.org/bot"
DEFAULT_DATABASE = "data/newsbot.sqlite3"
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1:8080"
BOTFATHER_HELP = (
    "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram "
    "(https://t.me/BotFather, send /newbot), then put the token it gives you in the "
    "environment or in a .env file: TELEGRAM_BOT_TOKEN=123456:ABC-..."
)

# Digits, a colon, then the secret part. Telegram's own tokens have 35 characters after the colon,
# but a local Bot API server or a test double may accept shorter ones: the server decides.
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # Telegram's rule for secret_token
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class SettingsError(NewsbotError):
    """One or more settings are missing or invalid; ``problems`` lists each of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"newsbot cannot start; fix these settings:\n{lines}")


class Secret:
    """A string that never shows itself in ``repr`` or ``str``; ``reveal()`` to use it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """Webhook mode: Telegram posts updates to ``url``; we listen on ``listen_host:listen_port``
    behind a reverse proxy that forwards ``url``'s path unchanged."""

    url: str  # the public https URL Telegram calls, e.g. https://bot.example.org/telegram
    secret: Secret = field(repr=False)  # sent back by Telegram in X-Telegram-Bot-Api-Secret-Token
    listen_host: str = "127.0.0.1"
    listen_port: int = 8080

    @property
    def path(self) -> str:
        """The URL's path without the leading slash (PTB's ``url_path``)."""
        return urlsplit(self.url).path.lstrip("/")


@dataclass(frozen=True, slots=True)
class ModelServerSettings:
    """``NEWSBOT_LLM_*``: an OpenAI-compatible model server (the operator's own; it may be on
    loopback or a private network, and the private-address guard of article fetches does not
    apply to it)."""

    url: str  # NEWSBOT_LLM_URL: the API's base URL; requests go to {url}/chat/completions
    model: str  # NEWSBOT_LLM_MODEL
    api_key: Secret | None = field(default=None, repr=False)  # NEWSBOT_LLM_API_KEY
    timeout: float = 30.0  # NEWSBOT_LLM_TIMEOUT: seconds
    context: int = 8192  # NEWSBOT_LLM_CONTEXT: tokens the model reads at once
    concurrency: int = 2  # NEWSBOT_LLM_CONCURRENCY: model calls at once


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything newsbot can be told from outside. ``deploy/.env.example`` lists each one."""

    token: Secret | None = field(default=None, repr=False)  # TELEGRAM_BOT_TOKEN
    api_base_url: str = TELEGRAM_API  # TELEGRAM_API_BASE_URL, PTB's base_url form (".../bot")
    # NEWSBOT_DATABASE: a SQLite file, or a PostgreSQL URL (its password hidden in any repr)
    database: DatabaseTarget = Path(DEFAULT_DATABASE)
    allow_private_addresses: bool = False  # NEWSBOT_ALLOW_PRIVATE_ADDRESSES
    summarizer: str | None = None  # NEWSBOT_SUMMARIZER
    encoder: str | None = None  # NEWSBOT_ENCODER: another sentence encoder (folder or hub name)
    webhook: WebhookSettings | None = None  # NEWSBOT_WEBHOOK_URL/_SECRET/_LISTEN
    log_level: str = "INFO"  # LOG_LEVEL
    cache_hours: float = 24.0  # NEWSBOT_CACHE_HOURS: how long a summarised article stays fresh
    history_per_chat: int = 200  # NEWSBOT_HISTORY_PER_CHAT: older entries are dropped
    links_per_user: int = 20  # NEWSBOT_LINKS_PER_USER, per 10 minutes
    concurrent_articles: int = 16  # NEWSBOT_CONCURRENT_ARTICLES: pages worked on at once
    workers: int = 2  # NEWSBOT_WORKERS: threads for extraction and summarising
    llm: ModelServerSettings | None = None  # NEWSBOT_LLM_*: None for no model server
    # NEWSBOT_SEND_DEADLINE: seconds a reply is retried through a Bot API outage before it is
    # given up (5xx, timeouts, 429s); comfortably more than a 30 s outage.
    send_deadline: float = 90.0
    # NEWSBOT_DIGEST_IN_FLIGHT: digest messages sent at once. A crash (kill -9) can double at
    # most this many messages, since Telegram cannot say whether a send in flight arrived.
    digest_in_flight: int = 2
    metrics_listen: tuple[str, int] | None = None  # NEWSBOT_METRICS_LISTEN: /metrics, /healthz
    log_format: str = "text"  # NEWSBOT_LOG_FORMAT: text, or json (one object a line)
    digest_rate: float = 25.0  # NEWSBOT_DIGEST_RATE: digest messages a second, at most
    scheduler_retry: float = 5.0  # NEWSBOT_SCHEDULER_RETRY: seconds between tries of the lock

    @property
    def api_base_file_url(self) -> str:
        """The file endpoint that goes with :attr:`api_base_url` (``…/file/bot``)."""
        if "{token}" in self.api_base_url:
            root, _, rest = self.api_base_url.partition("/bot{token}")
            return f"{root}/file/bot{{token}}{rest}"
        root = self.api_base_url.removesuffix("/bot")
        return f"{root}/file/bot"

    @property
    def pipeline(self) -> PipelineSettings:
        from summarizer.fetch import FetchSettings
        from summarizer.pipeline import PipelineSettings

        return PipelineSettings(
            fetch=FetchSettings(allow_private_addresses=self.allow_private_addresses),
            summarizer=self.summarizer,
            encoder=self.encoder,
            workers=self.workers,
            llm=self.llm_settings,
        )

    @property
    def llm_settings(self) -> LLMSettings | None:
        if self.llm is None:
            return None
        from summarizer.summarizers.llm import LLMSettings

        llm = self.llm
        return LLMSettings(
            url=llm.url,
            model=llm.model,
            api_key=llm.api_key.reveal() if llm.api_key else None,
            timeout=llm.timeout,
            context=llm.context,
            concurrency=llm.concurrency,
        )

    @property
    def secrets(self) -> tuple[Secret, ...]:
        """Every secret setting, for the log redactor."""
        found = [self.token, self.webhook.secret if self.webhook else None]
        found.append(self.llm.api_key if self.llm else None)
        return tuple(s for s in found if s)

    def require_token(self) -> str:
        """The bot token, or a :class:`SettingsError` that says how to get one."""
        if self.token is None:
            raise SettingsError([BOTFATHER_HELP])
        return self.token.reveal()

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str],
        *,
        env_file: str | Path | None = None,
        require_token: bool = True,
    ) -> Settings:
        """Read every setting; raise one :class:`SettingsError` naming every problem."""
        env = merged_environment(environ, env_file)
        reader = _Reader(env)

        token_text = reader.text("TELEGRAM_BOT_TOKEN")
        token: Secret | None = None
        if token_text is None:
            if require_token:
                reader.problems.append(BOTFATHER_HELP)
        elif not _TOKEN.match(token_text):
            # Never echo the value: a mistyped token is still most of a token.
            reader.problems.append(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
                "letters, digits, - and _); copy it again from @BotFather"
            )
        else:
            token = Secret(token_text)

        settings = cls(
            token=token,
            api_base_url=reader.parse(
                "TELEGRAM_API_BASE_URL", api_base_url, TELEGRAM_API, "an http(s) URL"
            ),
            database=_database(reader),
            allow_private_addresses=reader.flag("NEWSBOT_ALLOW_PRIVATE_ADDRESSES"),
            summarizer=reader.text("NEWSBOT_SUMMARIZER"),
            encoder=reader.text("NEWSBOT_ENCODER"),
            webhook=_webhook(reader),
            log_level=reader.parse("LOG_LEVEL", _log_level, "INFO", " or ".join(_LOG_LEVELS)),
            cache_hours=reader.number("NEWSBOT_CACHE_HOURS", float, 24.0, low=0.0),
            history_per_chat=reader.number("NEWSBOT_HISTORY_PER_CHAT", int, 200, low=1),
            links_per_user=reader.number("NEWSBOT_LINKS_PER_USER", int, 20, low=1),
            concurrent_articles=reader.number("NEWSBOT_CONCURRENT_ARTICLES", int, 16, low=1),
            workers=reader.number("NEWSBOT_WORKERS", int, 2, low=1),
            llm=_model_server(reader),
            send_deadline=reader.number("NEWSBOT_SEND_DEADLINE", float, 90.0, low=1.0),
            digest_in_flight=reader.number("NEWSBOT_DIGEST_IN_FLIGHT", int, 2, low=1),
            metrics_listen=reader.parse(
                "NEWSBOT_METRICS_LISTEN", _host_port, None, "HOST:PORT, e.g. 127.0.0.1:9090"
            ),
            log_format=reader.parse("NEWSBOT_LOG_FORMAT", _log_format, "text", "text or json"),
            digest_rate=reader.number("NEWSBOT_DIGEST_RATE", float, 25.0, low=0.1),
            scheduler_retry=reader.number("NEWSBOT_SCHEDULER_RETRY", float, 5.0, low=0.1),
        )
        if reader.problems:
            raise SettingsError(reader.problems)
        return settings


def merged_environment(environ: Mapping[str, str], env_file: str | Path | None) -> dict[str, str]:
    """``env_file``'s values (when it exists) overlaid by the real environment."""
    merged: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(environ)
    return merged


def cli_log_level(environ: Mapping[str, str]) -> str:
    """``LOG_LEVEL`` for ``newsbot summarize``: WARNING unless set (a bad value is ignored)."""
    try:
        return _log_level(environ.get("LOG_LEVEL") or "WARNING")
    except ValueError:
        return "WARNING"


def pipeline_settings_from_env(environ: Mapping[str, str]) -> PipelineSettings:
    """The pipeline's settings alone (``newsbot summarize`` needs no token)."""
    return Settings.from_env(environ, require_token=False).pipeline


def configure_logging(
    level: str, *, secrets: tuple[Secret, ...] = (), log_format: str = "text"
) -> None:
    """Only the entry point calls this. Every secret is replaced by ``[redacted]`` in every log
    line (PTB logs its API URL, token included, at DEBUG); httpx, which logs each request URL at
    INFO, SQLAlchemy, which logs each statement, and Alembic are kept at WARNING.
    ``log_format="json"``: one JSON object a line (``time``, ``level``, ``logger``, ``message``,
    and ``exc_info`` with a traceback), for log collectors."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    if log_format == "json":
        json_lines = JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )
        for handler in logging.getLogger().handlers:
            handler.setFormatter(json_lines)
    redactor = _Redactor(tuple(s.reveal() for s in secrets if s))
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # SQLAlchemy logs every statement at INFO once its logger is enabled, and Alembic its set-up
    # on every start: not for operators (storage.database logs the migrations it applies).
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    quiet_page_parsers(level)


# Libraries that warn about the HTML of the pages they read ("empty link", "discarding data"):
# that is the web being the web, not something to act on. Their warnings show at DEBUG only.
PAGE_PARSERS = ("trafilatura", "htmldate", "courlan", "readability", "justext", "pypdf")


def quiet_page_parsers(level: str) -> None:
    parsers_level = logging.DEBUG if level.upper() == "DEBUG" else logging.ERROR
    for name in PAGE_PARSERS:
        logging.getLogger(name).setLevel(parsers_level)


class _Redactor(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "[redacted]")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[redacted]")
        record.msg, record.args = message, None
        return True


# --- parsing ------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str) -> str | None:
        value = self.env.get(name, "").strip()
        return value or None

    def parse(self, name: str, convert: Callable[[str], T], default: T, expected: str) -> T:
        value = self.text(name)
        if value is None:
            return default
        try:
            return convert(value)
        except ValueError:
            self.problems.append(f"{name}={value!r} is not valid: expected {expected}")
            return default

    def flag(self, name: str) -> bool:
        return self.parse(name, _flag, False, "1/0, true/false, yes/no or on/off")

    def number(
        self, name: str, kind: Callable[[str], float] | type[int], default: T, *, low: float
    ) -> T:
        def convert(text: str) -> T:
            value = kind(text)
            if value < low:
                raise ValueError(text)
            return value  # type: ignore[return-value]

        noun = "a whole number" if kind is int else "a number"
        return self.parse(name, convert, default, f"{noun} of at least {low:g}")


def _database(reader: _Reader) -> DatabaseTarget:
    """A SQLite path, or a PostgreSQL URL. Any other URL is refused, never taken as a file name,
    and the message does not repeat the value (it may hold a password)."""
    from storage.database import database_target

    text = reader.text("NEWSBOT_DATABASE")
    if text is None:
        return Path(DEFAULT_DATABASE)
    try:
        return database_target(text)
    except ValueError as exc:
        reader.problems.append(f"NEWSBOT_DATABASE {exc}")
        return Path(DEFAULT_DATABASE)


def _flag(text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(text)


def _log_format(text: str) -> str:
    if text.lower() not in ("text", "json"):
        raise ValueError(text)
    return text.lower()


def _log_level(text: str) -> str:
    level = text.upper()
    if level not in _LOG_LEVELS:
        raise ValueError(text)
    return level


def api_base_url(text: str) -> str:
    """PTB's ``base_url`` from what a user sets: Telegram's or a local Bot API server's root
    (``http://localhost:8081``), the same with ``/bot``, or a form with ``{token}`` in it."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(text)
    if "{token}" in text:
        return text
    text = text.rstrip("/")
    return text if text.endswith("/bot") else f"{text}/bot"


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(text)
    return host.strip("[]"), int(port)


def _http_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(text)
    return text.rstrip("/")


def _model_server(reader: _Reader) -> ModelServerSettings | None:
    url = reader.parse("NEWSBOT_LLM_URL", _http_url, "", "an http(s) URL")
    model = reader.text("NEWSBOT_LLM_MODEL")
    key = reader.text("NEWSBOT_LLM_API_KEY")
    timeout = reader.number("NEWSBOT_LLM_TIMEOUT", float, 30.0, low=1.0)
    context = reader.number("NEWSBOT_LLM_CONTEXT", int, 8192, low=1024)
    concurrency = reader.number("NEWSBOT_LLM_CONCURRENCY", int, 2, low=1)
    if not url:
        if model or key:
            reader.problems.append(
                "NEWSBOT_LLM_MODEL and NEWSBOT_LLM_API_KEY need NEWSBOT_LLM_URL, the model "
                "server's base URL (e.g. http://localhost:11434/v1 for Ollama)"
            )
        return None
    if model is None:
        reader.problems.append(
            "NEWSBOT_LLM_MODEL is required with NEWSBOT_LLM_URL: the model name the server "
            "knows (e.g. llama3.1:8b for Ollama)"
        )
        return None
    return ModelServerSettings(
        url, model, Secret(key) if key else None, timeout, context, concurrency
    )


def _webhook(reader: _Reader) -> WebhookSettings | None:
    url = reader.text("NEWSBOT_WEBHOOK_URL")
    secret = reader.text("NEWSBOT_WEBHOOK_SECRET")
    host, port = reader.parse(
        "NEWSBOT_WEBHOOK_LISTEN", _host_port, _host_port(DEFAULT_WEBHOOK_LISTEN), "HOST:PORT"
    )
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        reader.problems.append(
            f"NEWSBOT_WEBHOOK_URL={url!r} is not valid: Telegram only calls https:// URLs"
        )
    if secret is None:
        reader.problems.append(
            "NEWSBOT_WEBHOOK_SECRET is required with NEWSBOT_WEBHOOK_URL (1-256 characters "
            "A-Z, a-z, 0-9, _ and -); e.g. the output of: openssl rand -hex 32"
        )
    elif not _SECRET_TOKEN.match(secret):
        reader.problems.append(
            "NEWSBOT_WEBHOOK_SECRET may only hold 1-256 characters A-Z, a-z, 0-9, _ and -"
        )
    return WebhookSettings(url, Secret(secret or ""), host, port)
