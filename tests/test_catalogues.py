"""The interface catalogues (handlers/locales): complete, current, and safe to send.

Fails when a msgid of the template lacks a translation in a shipped language (empty, fuzzy, or
a plural form missing), when a language has the wrong number of plural forms, when a
translation's ``{placeholders}`` or Telegram HTML tags differ from its msgid's, and when the
template is stale against the code (a new text nobody extracted, so nobody translated).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from handlers.i18n import LANGUAGES, LOCALES, ngettext, translations, using

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = LOCALES / "messages.pot"
SHIPPED = [code for code in LANGUAGES if code != "en"]
# (number of plural forms, a plural rule the catalogue's header must give)
PLURALS = {
    "de": (2, "(n != 1)"),
    "es": (2, "(n != 1)"),
    "fr": (2, "(n > 1)"),
    "ru": (3, None),  # Babel's three-form rule for Russian
}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^}]*)?\}")
# The tags Telegram's HTML parse mode accepts.
_ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
     "tg-spoiler", "span", "blockquote", "tg-emoji"}
)  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z-]*)([^<>]*)>")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _ids(message: Message) -> list[str]:
    return _forms(message.id)


def _placeholders(texts: Iterable[str]) -> set[str]:
    return {m.group(1) for t in texts for m in _PLACEHOLDER.finditer(t)}


def _tags(value: str) -> list[str]:
    """The tags of ``value`` in order (``b``, ``/b``), after checking they are balanced and
    allowed."""
    found: list[str] = []
    stack: list[str] = []
    for match in _TAG.finditer(value):
        closing, name = match.group(1), match.group(2).lower()
        if name not in _ALLOWED_TAGS:
            raise AssertionError(f"tag <{name}> is not one Telegram accepts: {value!r}")
        if closing:
            if not stack or stack.pop() != name:
                raise AssertionError(f"unbalanced </{name}> in {value!r}")
        else:
            stack.append(name)
        found.append(("/" if closing else "") + name)
    if stack:
        raise AssertionError(f"unclosed <{stack[-1]}> in {value!r}")
    return found


def _template() -> Catalog:
    return _read(TEMPLATE)


def _msgids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _template()


def test_the_template_is_current_with_the_code(template: Catalog) -> None:
    """Re-extract as the README says (babel.cfg) and compare: a text added, changed or removed
    in the code without ``pybabel extract`` fails here."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    extracted: set[str | tuple[str, ...]] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        extracted.add(message if isinstance(message, str) else tuple(message))
    in_template = _msgids(template)
    missing = sorted(map(str, extracted - in_template))
    stale = sorted(map(str, in_template - extracted))
    assert not missing, f"texts in the code, not in messages.pot (pybabel extract): {missing}"
    assert not stale, f"texts in messages.pot that the code no longer has: {stale}"
    assert len(in_template) > 150  # the whole interface, not an empty template


def test_template_texts_are_well_formed(template: Catalog) -> None:
    for message in template:
        if not message.id:
            continue
        ids = _ids(message)
        for value in ids:
            _tags(value)
            assert not re.search(r"\{\d*\}", value), f"positional placeholder in {value!r}"
            assert "%s" not in value and "%d" not in value, f"printf placeholder in {value!r}"
        if len(ids) == 2:
            assert _placeholders(ids[:1]) <= _placeholders(ids[1:]), ids


def problems_of(template: Catalog, catalog: Catalog, language: str) -> list[str]:
    """What is wrong with ``catalog`` as the ``language`` translation of ``template``."""
    problems = []
    forms, rule = PLURALS[language]
    if catalog.num_plurals != forms:
        problems.append(f"{catalog.num_plurals} plural forms, not {forms}")
    if rule is not None and rule.replace(" ", "") not in catalog.plural_forms.replace(" ", ""):
        problems.append(f"plural rule {catalog.plural_forms!r} lacks {rule!r}")
    for wanted in template:
        if not wanted.id:
            continue
        found = catalog.get(wanted.id)
        label = _ids(wanted)[0][:70]
        if found is None:
            problems.append(f"missing: {label!r}")
            continue
        if found.fuzzy:
            problems.append(f"fuzzy: {label!r}")
        strings = _forms(found.string)
        if wanted.pluralizable:
            if len(strings) != forms or not all(s.strip() for s in strings):
                problems.append(f"plural forms not all filled ({len(strings)}/{forms}): {label!r}")
                continue
        elif not strings or not strings[0].strip():
            problems.append(f"empty: {label!r}")
            continue
        ids = _ids(wanted)
        expected = _placeholders(ids)
        for value in strings:
            if _placeholders([value]) != expected:
                problems.append(
                    f"placeholders {sorted(_placeholders([value]))} != {sorted(expected)}: "
                    f"{value!r}"
                )
            try:
                tags = _tags(value)
            except AssertionError as exc:
                problems.append(str(exc))
                continue
            if Counter(tags) != Counter(_tags(ids[-1])):
                problems.append(f"tags {tags} != {_tags(ids[-1])}: {value!r}")
    return problems


@pytest.mark.parametrize("language", SHIPPED)
def test_every_text_is_translated(template: Catalog, language: str) -> None:
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    assert path.is_file(), f"{path} is missing"
    problems = problems_of(template, _read(path, language), language)
    assert not problems, f"{language}: " + "\n".join(problems)


def test_the_check_finds_each_kind_of_broken_translation() -> None:
    """The check above can fail: a small catalogue with one fault of each kind."""
    template = Catalog()
    template.add("Saved.")
    template.add("Hello {name}.")
    template.add("<b>Search</b> {query}")
    template.add(("{count} quote", "{count} quotes"))
    template.add("Missing.")
    template.add("Fuzzy.")

    def russian() -> Catalog:
        catalog = Catalog(locale="ru")
        catalog.add("Saved.", "Сохранено.")
        catalog.add("Hello {name}.", "Привет, {name}.")
        catalog.add("<b>Search</b> {query}", "<b>Поиск</b> {query}")
        catalog.add(
            ("{count} quote", "{count} quotes"),
            ("{count} цитата", "{count} цитаты", "{count} цитат"),
        )
        catalog.add("Missing.", "Нет.")
        catalog.add("Fuzzy.", "Неточно.")
        return catalog

    assert problems_of(template, russian(), "ru") == []
    faults = {
        "placeholders": ("Hello {name}.", "Привет, {имя}."),
        "unclosed <b>": ("<b>Search</b> {query}", "<b>Поиск {query}"),
        "not one Telegram accepts": ("<b>Search</b> {query}", "<h1>Поиск</h1> {query}"),
        "empty": ("Saved.", ""),
        "tags ['i', '/i'] != ['b', '/b']": ("<b>Search</b> {query}", "<i>Поиск</i> {query}"),
    }
    for kind, (msgid, broken) in faults.items():
        catalog = russian()
        catalog[msgid].string = broken
        found = problems_of(template, catalog, "ru")
        assert len(found) == 1 and kind in found[0], (kind, found)
    catalog = russian()
    catalog[("{count} quote", "{count} quotes")].string = ("{count} цитата", "{count} цитаты", "")
    assert any("plural forms not all filled" in p for p in problems_of(template, catalog, "ru"))
    catalog = russian()
    del catalog["Missing."]
    assert problems_of(template, catalog, "ru") == ["missing: 'Missing.'"]
    catalog = russian()
    catalog["Fuzzy."].flags.add("fuzzy")
    assert problems_of(template, catalog, "ru") == ["fuzzy: 'Fuzzy.'"]
    french = Catalog(locale="fr")  # Babel's French rule: not German's
    assert any("plural rule" in p for p in problems_of(Catalog(), french, "de"))
    german = Catalog(locale="de")
    assert problems_of(Catalog(), german, "de") == []
    assert any("plural forms, not 3" in p for p in problems_of(Catalog(), german, "ru"))


@pytest.mark.parametrize(
    ("language", "counts"),
    [("ru", {1: 0, 2: 1, 5: 2, 21: 0, 22: 1, 11: 2}), ("fr", {0: 0, 1: 0, 2: 1}),
     ("de", {1: 0, 2: 1, 0: 1}), ("es", {1: 0, 5: 1})],
)  # fmt: skip
def test_plural_forms_are_chosen_by_the_languages_rule(
    language: str, counts: dict[int, int]
) -> None:
    catalog = _read(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    message = catalog.get(("{count} sentence", "{count} sentences"))
    assert message is not None
    strings = _forms(message.string)
    with using(language):
        for n, form in counts.items():
            got = ngettext("{count} sentence", "{count} sentences", n).format(count=n)
            assert got == strings[form].format(count=n), (language, n)


def test_the_runtime_reads_the_po_files_without_a_build_step() -> None:
    """handlers.i18n compiles each .po in memory: no .mo file is shipped or needed."""
    assert not list(LOCALES.rglob("*.mo"))
    for language in SHIPPED:
        with using(language):
            from handlers.i18n import _

            assert _("Saved.") != "Saved." or language == "en"
    assert translations("xx").gettext("Saved.") == "Saved."
