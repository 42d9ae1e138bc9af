"""``newsbot run``: long polling by default, a webhook when ``NEWSBOT_WEBHOOK_URL`` is set.

PTB's ``run_polling``/``run_webhook`` own the event loop. Start-up failures are one line on
stderr and an exit status, never a traceback: bad settings, a token the Bot API refuses and an
unusable database (damaged, or newer than this code) exit 2, since starting again will not help;
an unreachable Bot API or PostgreSQL server, or another newsbot already running on the same
SQLite file, exit 1.

SIGINT, SIGTERM and SIGABRT stop the bot within :data:`HARD_STOP` seconds in every state
(:class:`Stopper`): polling stops, updates in progress get :data:`GRACE` seconds to finish and
are then cancelled (a reply still being retried is given up, a digest interrupted is resumed at
the next start), ``post_shutdown`` closes the services; whatever still runs after
:data:`HARD_STOP` (a model loading in a thread) is abandoned. The exit status is 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from filelock import FileLock, Timeout
from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.app import build_application
from bot.bot_api import PatientRateLimiter
from bot.services import AnyApplication, Services
from bot.settings import Settings, SettingsError, configure_logging
from storage.database import DatabaseUnreachable, DatabaseUnusable, describe

logger = logging.getLogger(__name__)

GRACE = 5.0  # seconds updates in progress get to finish after a stop signal
HARD_STOP = 9.0  # seconds after a stop signal the process exits, whatever still runs
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)
# PTB's retry loop (logger "telegram.ext") logs a traceback when start-up fails; the failure is
# reported here in one line instead.
_PTB_LOGGER = "telegram.ext"


class Stopper:
    """The stop signals' handler: stop PTB the way its own handler does (``SystemExit`` in the
    loop), cancel what is still running after ``grace``, exit at ``hard_stop`` regardless."""

    def __init__(self, app: AnyApplication, *, grace: float = GRACE, hard_stop: float = HARD_STOP):
        self.app = app
        self.grace = grace
        self.hard_stop = hard_stop
        self.signalled = False

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in _STOP_SIGNALS:
            loop.add_signal_handler(sig, self.stop, sig)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.signalled:
            return
        self.signalled = True
        logger.info("%s: stopping", signal.Signals(sig).name)
        timer = threading.Timer(self.hard_stop, self._exit_now)
        timer.daemon = True
        timer.start()
        asyncio.get_running_loop().call_later(self.grace, self._abandon)
        raise SystemExit

    def _abandon(self) -> None:
        limiter = self.app.bot.rate_limiter
        if isinstance(limiter, PatientRateLimiter):
            limiter.abandon()
        busy = [
            task
            for task in asyncio.all_tasks()
            if task.get_name().endswith(":process_concurrent_update") and not task.done()
        ]
        if busy:
            logger.warning(
                "abandoning %d updates still in progress after %.0f s", len(busy), self.grace
            )
        for task in busy:
            task.cancel()

    def _exit_now(self) -> None:
        logger.warning("not stopped after %.0f s; exiting anyway", self.hard_stop)
        _flush_and_exit(0)


def _flush_and_exit(code: int) -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class _DropStartupTracebacks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        aborted = "Network Retry Loop" in message and "Aborting" in message
        return not (aborted and record.levelno >= logging.ERROR)


def instance_lock(database: Path) -> FileLock | None:
    """The lock that makes this the only newsbot on the SQLite file ``database``; None if
    another holds it. (A PostgreSQL database has no file here to lock: see docs/deploy.md.)"""
    database.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(database.with_name(database.name + ".lock"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return None
    return lock


def fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def run_command(args: argparse.Namespace) -> int:
    """Run the bot until a signal stops it. 0 after a clean stop, 2 when starting again will
    not help (bad settings, a refused token, an unusable database), 1 when it could not start
    (the Bot API unreachable, another newsbot on the database)."""
    try:
        settings = Settings.from_env(os.environ, env_file=getattr(args, "env_file", ".env"))
    except SettingsError as exc:
        return fail(str(exc), 2)
    configure_logging(settings.log_level, secrets=settings.secrets, log_format=settings.log_format)
    logging.getLogger(_PTB_LOGGER).addFilter(_DropStartupTracebacks())
    # Durations from the Bot API (a 429's retry_after) as timedelta, PTB 23's behaviour; without
    # it PTB 22 logs a deprecation warning on every flood-control answer.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    database = settings.database
    if not isinstance(database, Path) or str(database) == ":memory:":
        return _run(settings)  # PostgreSQL: nothing on this machine to lock
    try:
        lock = instance_lock(database)
    except OSError as exc:
        return fail(f"cannot use the database folder {database.parent}: {exc}", 2)
    if lock is None:
        return fail(
            f"another newsbot is already running on {describe(database)}; stop it first (two "
            "would answer every message twice)",
            1,
        )
    try:
        return _run(settings)
    finally:
        lock.release()


def _run(settings: Settings) -> int:
    services = Services(settings, jobs=True)
    app = build_application(settings, services)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stopper = Stopper(app)
    stopper.install(loop)
    api = settings.api_base_url.split("{")[0].removesuffix("/bot")
    try:
        if settings.webhook is not None:
            hook = settings.webhook
            logger.info(
                "webhook mode: listening on %s:%d for %s",
                hook.listen_host,
                hook.listen_port,
                hook.url,
            )
            app.run_webhook(
                listen=hook.listen_host,
                port=hook.listen_port,
                url_path=hook.path,
                webhook_url=hook.url,
                secret_token=hook.secret.reveal(),
                allowed_updates=Update.ALL_TYPES,
                stop_signals=None,
            )
        else:
            logger.info("long polling %s", api)
            app.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=None)
    except InvalidToken:
        return fail(
            "Telegram did not accept TELEGRAM_BOT_TOKEN. Copy it again from @BotFather "
            "(/mybots, then API Token), or check TELEGRAM_API_BASE_URL.",
            2,
        )
    except DatabaseUnusable as exc:
        return fail(str(exc), 2)
    except DatabaseUnreachable as exc:  # a PostgreSQL server down, or the URL wrong
        return fail(str(exc), 1)
    except NetworkError as exc:
        return fail(
            f"cannot reach the Bot API at {api} ({exc.message}); check the network, or "
            "TELEGRAM_API_BASE_URL",
            1,
        )
    except OSError as exc:  # the webhook's port taken, a folder that cannot be written...
        return fail(f"could not start: {exc}", 1)
    except Exception:
        logger.exception("newsbot stopped on an error")
        return 1
    logger.info("stopped")
    if stopper.signalled and _still_busy(within=1.0):
        # A model still loading, a summary still being computed: nothing waits for them.
        logger.info("abandoning work still running in threads")
        _flush_and_exit(0)
    return 0


def _still_busy(*, within: float) -> bool:
    """Whether threads other than daemons (worker threads) are still running ``within`` s."""
    main = threading.main_thread()
    until = time.monotonic() + within
    for thread in threading.enumerate():
        if thread is not main and not thread.daemon:
            thread.join(max(0.0, until - time.monotonic()))
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())
