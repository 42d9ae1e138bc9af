"""The command menu (set at start-up) and /help, from one list.

Extension point: a feature adds its commands to ``MENU`` (see the digest block) and they appear
in Telegram's menu and in /help.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand


@dataclass(frozen=True, slots=True)
class MenuEntry:
    command: str
    description: str  # 3-256 characters, shown in Telegram's menu
    usage: str = ""  # arguments shown in /help
    private: bool = True  # offered in private chats
    groups: bool = True  # offered in groups


MENU: list[MenuEntry] = [
    MenuEntry("summary", "Summarise a link, history entry N, or the latest", "[link | N]"),
    MenuEntry("quotes", "Key quotes with who said them", "[link | N]"),
    MenuEntry("history", "Articles shared in this chat"),
    MenuEntry("settings", "Summary length, number of quotes, auto mode"),
    MenuEntry("auto", "Summarise every link in this group (admins)", "on|off", private=False),
    MenuEntry("forget", "Delete this chat's history"),
    MenuEntry("help", "What I do and how"),
    # Export (handlers/history.py).
    MenuEntry("export", "This chat's history as JSON Lines and CSV files (admins in groups)"),
    MenuEntry("search", "Search this chat's history", "WORDS"),
    # Digest commands (handlers/digest.py, handlers/feeds.py).
    MenuEntry("subscribe", "Daily digest here (admins)", "[HH:MM] [Area/City] [always] [top N]"),
    MenuEntry("unsubscribe", "Stop the daily digest (admins)"),
    MenuEntry("digest", "This chat's digest now, as a preview"),
    MenuEntry("subscriptions", "Chats you manage that have a digest", groups=False),
    MenuEntry(
        "feed",
        "Feeds in the digest (max 20), OPML export and import",
        "add URL | list | remove N | export | import",
    ),
    MenuEntry("filter", "Digest keywords to include or exclude", "include … | exclude … | list"),
    # Questions about an article (handlers/ask.py).
    MenuEntry("ask", "A question about the latest article, or reply to its summary", "QUESTION"),
]


def commands(*, groups: bool) -> list[BotCommand]:
    """The menu for private chats or for groups."""
    return [
        BotCommand(e.command, e.description) for e in MENU if (e.groups if groups else e.private)
    ]


def help_lines(*, groups: bool) -> list[str]:
    lines = []
    for entry in MENU:
        if not (entry.groups if groups else entry.private):
            continue
        usage = f" {entry.usage}" if entry.usage else ""
        lines.append(f"/{entry.command}{usage} – {entry.description}")
    return lines
