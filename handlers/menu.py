"""The command menu (set at start-up) and /help, from one list.

Extension point: a feature adds its commands to ``MENU`` (see the digest block) and they appear
in Telegram's menu and in /help.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand

from handlers.i18n import N_, _


@dataclass(frozen=True, slots=True)
class MenuEntry:
    command: str
    description: str  # 3-256 characters, shown in Telegram's menu; translated where shown
    usage: str = ""  # arguments shown in /help; N_ where they hold words to translate
    private: bool = True  # offered in private chats
    groups: bool = True  # offered in groups


MENU: list[MenuEntry] = [
    MenuEntry("summary", N_("Summarise a link, history entry N, or the latest"), N_("[link | N]")),
    MenuEntry("quotes", N_("Key quotes with who said them"), N_("[link | N]")),
    MenuEntry("history", N_("Articles shared in this chat")),
    MenuEntry("settings", N_("Summary length, number of quotes, auto mode")),
    MenuEntry("auto", N_("Summarise every link in this group (admins)"), "on|off", private=False),
    MenuEntry("forget", N_("Delete this chat's history")),
    MenuEntry("help", N_("What I do and how")),
    MenuEntry("language", N_("The language I write in here"), "[de | fr | es | ru | en | auto]"),
    # Export (handlers/history.py).
    MenuEntry("export", N_("This chat's history as JSON Lines and CSV files (admins in groups)")),
    MenuEntry("search", N_("Search this chat's history"), N_("WORDS")),
    # Digest commands (handlers/digest.py, handlers/feeds.py).
    MenuEntry(
        "subscribe", N_("Daily digest here (admins)"), "[HH:MM] [Area/City] [always] [top N]"
    ),
    MenuEntry("unsubscribe", N_("Stop the daily digest (admins)")),
    MenuEntry("digest", N_("This chat's digest now, as a preview")),
    MenuEntry("subscriptions", N_("Chats you manage that have a digest"), groups=False),
    MenuEntry(
        "feed",
        N_("Feeds in the digest (max 20), OPML export and import"),
        "add URL | list | remove N | export | import",
    ),
    MenuEntry(
        "filter", N_("Digest keywords to include or exclude"), "include … | exclude … | list"
    ),
    # Questions about an article (handlers/ask.py).
    MenuEntry(
        "ask", N_("A question about the latest article, or reply to its summary"), N_("QUESTION")
    ),
]


def commands(*, groups: bool) -> list[BotCommand]:
    """The menu for private chats or for groups, in the current language
    (``handlers.i18n.using``)."""
    return [
        BotCommand(e.command, _(e.description)) for e in MENU if (e.groups if groups else e.private)
    ]


def help_lines(*, groups: bool) -> list[str]:
    lines = []
    for entry in MENU:
        if not (entry.groups if groups else entry.private):
            continue
        usage = f" {_(entry.usage)}" if entry.usage else ""
        lines.append(f"/{entry.command}{usage} – {_(entry.description)}")
    return lines
