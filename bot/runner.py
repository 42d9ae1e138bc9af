"""``newsbot run``: long polling by default, a webhook when ``NEWSBOT_WEBHOOK_URL`` is set.

PTB's ``run_polling``/``run_webhook`` own the event loop and stop cleanly on SIGINT, SIGTERM and
SIGABRT: updates in progress finish, ``post_shutdown`` closes the services, the exit status is 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from telegram import Update
from telegram.error import InvalidToken

from bot.app import build_application
from bot.services import DatabaseInUse, Services
from bot.settings import Settings, SettingsError, configure_logging

logger = logging.getLogger(__name__)


def run_command(args: argparse.Namespace) -> int:
    """Run the bot until a signal stops it. 0 after a clean stop, 2 for bad settings, 1 when it
    could not start."""
    try:
        settings = Settings.from_env(os.environ, env_file=getattr(args, "env_file", ".env"))
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=settings.secrets, log_format=settings.log_format)
    # Durations from the Bot API (a 429's retry_after) as timedelta, PTB 23's behaviour; without
    # it PTB 22 logs a deprecation warning on every flood-control answer.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    services = Services(settings, jobs=True)
    app = build_application(settings, services)
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
            )
        else:
            logger.info("long polling %s", settings.api_base_url.split("{")[0])
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        print(
            "error: Telegram did not accept TELEGRAM_BOT_TOKEN. Copy it again from @BotFather "
            "(/mybots, then API Token), or check TELEGRAM_API_BASE_URL.",
            file=sys.stderr,
        )
        return 2
    except DatabaseInUse as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except Exception:
        logger.exception("newsbot stopped on an error")
        return 1
    logger.info("stopped")
    return 0
