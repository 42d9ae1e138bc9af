"""The ``newsbot`` command line: ``newsbot run`` starts the bot, ``newsbot summarize`` tries the
pipeline on one page without Telegram, ``newsbot check`` checks the settings and the database,
``newsbot migrate`` and ``newsbot copy-db`` look after the database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="A Telegram bot that summarises news and names who said what."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Telegram bot (long polling, or a webhook)")
    run.add_argument("--env-file", default=".env", help="read settings from this file if it exists")

    check = commands.add_parser(
        "check", help="check the settings and the database (the container's health check)"
    )
    check.add_argument(
        "--env-file", default=".env", help="read settings from this file if it exists"
    )
    check.add_argument("--quiet", action="store_true", help="print only problems")

    summarize = commands.add_parser(
        "summarize",
        help="summarise one page: a URL, a local .html/.htm/.txt/.pdf file, or - for stdin",
    )
    summarize.add_argument("source", help="http(s) URL, a local .html/.htm/.txt/.pdf file, or -")
    summarize.add_argument("--json", action="store_true", help="print one JSON object")
    summarize.add_argument(
        "--sentences", type=int, default=3, metavar="N", help="summary length (default 3)"
    )
    summarize.add_argument(
        "--quotes", type=int, default=3, metavar="N", help="how many key quotes (default 3)"
    )
    summarize.add_argument(
        "--all-quotes", action="store_true", help="list every quote found, not only the key ones"
    )
    summarize.add_argument("--url", help="the page's URL, for a local file or stdin")
    from bot.dbcli import add_commands

    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "summarize":
        from bot.cli import summarize_command

        return summarize_command(args)
    if args.command == "check":
        from bot.check import check_command

        return check_command(args)
    if args.command in ("migrate", "copy-db"):
        from bot.dbcli import copy_command, migrate_command

        return migrate_command(args) if args.command == "migrate" else copy_command(args)
    from bot.runner import run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
