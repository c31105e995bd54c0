"""Every user-facing string is marked, and the Russian and Belarusian catalogues translate all of
them. The failure messages list what is missing, so that strings added elsewhere can be fixed
at merge."""

import contextlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.template.base import Lexer, TokenType

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "regionforum"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ru", "be")
TEMPLATES = sorted(PACKAGE.glob("*/templates/**/*.html"))

# Attributes a person reads or hears (screen readers read aria-label and title).
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
# Tags whose content is not shown as text.
HIDDEN_TAGS = {"script", "style"}
LETTER = re.compile(r"[^\W\d_]")
# A template tag's output stands in for it: a variable is no unmarked text. A space keeps a
# tag that a template tag writes into (<tr{% if … %} class="…"{% endif %}>) readable as HTML.
OUTPUT = " "
# Text that is the same in every language: currency and file format names.
UNIVERSAL = {"USD", "CSV", "XLSX", "PDF", "HTML", "JSON", "iCalendar"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.found: list[tuple[int, str]] = []

    def _keep(self, text: str) -> None:
        phrase = " ".join(text.split())
        if LETTER.search(phrase) and phrase not in UNIVERSAL:
            self.found.append((self.getpos()[0], phrase))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._keep(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self._keep(data)


def _unmarked_text(source: str) -> list[tuple[int, str]]:
    """The text a template shows outside {% translate %} and {% blocktranslate %}, with the
    output of variables and tags left out. Lines are the template's."""
    skeleton: list[str] = []
    skipping = None
    for token in Lexer(source).tokenize():
        command = token.contents.split()[0] if token.contents.split() else ""
        if skipping:
            if token.token_type is TokenType.BLOCK and command == skipping:
                skipping = None
            skeleton.append("\n" * token.contents.count("\n"))
            continue
        if token.token_type is TokenType.TEXT:
            skeleton.append(token.contents)
            continue
        if token.token_type is TokenType.BLOCK and command in {"blocktranslate", "blocktrans"}:
            skipping = "end" + command
        elif token.token_type is TokenType.BLOCK and command == "comment":
            skipping = "endcomment"
        skeleton.append(OUTPUT + "\n" * token.contents.count("\n"))
    collector = _TextCollector()
    collector.feed("".join(skeleton))
    collector.close()
    return collector.found


def test_the_unmarked_text_check_finds_text_and_attributes_and_skips_translated():
    source = (
        '{% load i18n %}<h1 title="Totals">Figures {{ year }}</h1>\n'
        '<p>{% translate "Marked" %} · 12 {{ value }}</p><script>var x = "code";</script>\n'
        "{% blocktranslate %}Also {{ marked }}{% endblocktranslate %}"
        "{% comment %}A note{% endcomment %}<td>{% if a %}Yes{% endif %}</td>"
    )

    assert _unmarked_text(source) == [(1, "Totals"), (1, "Figures"), (3, "Yes")]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_mark_every_string_they_show(template):
    found = _unmarked_text(template.read_text(encoding="utf-8"))

    listed = "\n".join(f"  line {line}: {text!r}" for line, text in found)
    assert not found, f"{template.relative_to(PACKAGE)} shows unmarked text:\n{listed}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """The strings the sources mark today, by makemessages run on a copy of the package."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("messages")
    shutil.copytree(
        PACKAGE,
        root / "regionforum",
        ignore=shutil.ignore_patterns("locale", "__pycache__", "static", "migrations"),
    )
    (root / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[root / "locale"]), contextlib.chdir(root):
        call_command("makemessages", locale=["ru"], verbosity=0, no_obsolete=True)
    return polib.pofile(str(root / "locale" / "ru" / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _listing(entries) -> str:
    return "\n".join(
        f"  {entry.msgid!r}" + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")
        for entry in entries
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_marked_string(extracted, language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    done = {_key(entry) for entry in catalogue if _translated(entry) and not entry.obsolete}

    missing = [entry for entry in extracted if _key(entry) not in done]

    assert not missing, (
        f"{language}/django.po lacks {len(missing)} translations "
        f"(add them and run msgfmt):\n{_listing(missing)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_or_broken_entries(language):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    fuzzy = polib.pofile(str(path)).fuzzy_entries()
    checked = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", "/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )

    assert not fuzzy, f"{language}/django.po has fuzzy entries:\n{_listing(fuzzy)}"
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    expected = {_key(e): e.msgstr for e in source.translated_entries() if not e.msgid_plural}
    actual = {_key(e): e.msgstr for e in compiled if e.msgid and not e.msgid_plural}

    stale = sorted(key[1] for key in expected.keys() ^ actual.keys()) + sorted(
        key[1] for key in expected.keys() & actual.keys() if expected[key] != actual[key]
    )
    assert not stale, f"{language}/django.mo is stale; run msgfmt -o django.mo django.po: {stale}"


# Letters one of the two languages has and the other has not.
ONLY_RUSSIAN = re.compile("[ИиЩщЪъ]")
ONLY_BELARUSIAN = re.compile("[ІіЎў]")
WORD = re.compile(r"\w+")


@pytest.mark.parametrize(
    ("language", "foreign"), [("be", ONLY_RUSSIAN), ("ru", ONLY_BELARUSIAN)], ids=["be", "ru"]
)
def test_catalogue_is_written_in_its_own_language(language, foreign):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    wrong = []
    for entry in catalogue.translated_entries():
        # Words the English text holds too are quoted input ("30 июня 2021"), not prose.
        quoted = set(WORD.findall(" ".join([entry.msgid, entry.msgid_plural])))
        text = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        if any(foreign.search(word) for word in set(WORD.findall(text)) - quoted):
            wrong.append(entry.msgid)

    assert not wrong, f"{language}/django.po has entries in the other language: {wrong}"
