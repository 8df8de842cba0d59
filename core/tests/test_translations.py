"""The English catalogue is complete and the committed .mo matches it.

The UI is written in Norwegian Bokmål (the msgids); ``locale/en`` holds the
English translation and its compiled ``.mo``, both committed. These tests
fail when:

- a source string has no English translation, or its translation is fuzzy.
  ``makemessages`` runs exactly as the header of the ``.po`` says, so new
  strings in the code and templates are caught even when nobody has updated
  the catalogue yet. It runs on a copy in ``tmp_path``: makemessages writes
  ``<template>.html.py`` files next to every template it reads, and writes
  its output into the first ``locale`` directory it finds under the current
  directory, so running it in the work tree would change the work tree;
- the committed ``.mo`` was not compiled from the committed ``.po``.

The fix for either: run the two commands in the header of
``locale/en/LC_MESSAGES/django.po``, translate what is missing, and commit
both files. They need GNU gettext (Debian package ``gettext``, installed by
``scripts/install_test_deps.sh``).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.utils import is_ignored_path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# The same as the header of the .po (--ignore=..., and makemessages' defaults).
IGNORE = [".venv", "node_modules", "static/vendor"]
DEFAULT_IGNORE = ["CVS", ".*", "*~", "*.pyc"]
EXTENSIONS = {".py", ".html", ".txt"}  # makemessages' default for the django domain

GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt", "msgunfmt")

HOW_TO_FIX = (
    "Run the commands in the header of locale/en/LC_MESSAGES/django.po "
    "(makemessages, translate, compilemessages) and commit the .po and the .mo."
)


@pytest.fixture(autouse=True)
def _gettext_installed() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    assert not missing, (
        f"GNU gettext is missing ({', '.join(missing)}): "
        "install the Debian package 'gettext' (bash scripts/install_test_deps.sh)."
    )


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def untranslated(self) -> bool:
        return not self.msgstr or any(not text for text in self.msgstr.values())

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def parse_po(text: str) -> list[Entry]:
    """The live (not obsolete) entries of a PO file, header excluded."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal current, target, started
        if started and current.msgid:
            entries.append(current)
        current, target, started = Entry(), None, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue  # obsolete
        if line.startswith("#,"):
            if started and target is not None and target[0] == "msgstr":
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest.strip())
            new_entry = keyword == "msgctxt" or (keyword == "msgid" and started)
            if new_entry and target is not None and target[0] == "msgstr":
                finish()
            started = True
            if keyword == "msgid":
                target = ("msgid", 0)
            elif keyword == "msgid_plural":
                target = ("msgid_plural", 0)
                current.msgid_plural = ""
            elif keyword == "msgstr":
                target = ("msgstr", 0)
                current.msgstr[0] = ""
            elif keyword.startswith("msgstr["):
                index = int(keyword[len("msgstr[") : -1])
                target = ("msgstr", index)
                current.msgstr[index] = ""
            else:
                target = ("msgctxt", 0)
                current.msgctxt = ""
        if target is None:
            continue
        name, index = target
        if name == "msgid":
            current.msgid += value
        elif name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif name == "msgstr":
            current.msgstr[index] += value
        else:
            current.msgctxt = (current.msgctxt or "") + value
    finish()
    return entries


def _copy_sources(destination: Path) -> None:
    """Copy what makemessages reads (.py, .html, .txt outside the ignored paths)."""
    ignore = IGNORE + DEFAULT_IGNORE
    ignored_roots = {
        os.path.normpath(str(p))
        for p in (django_settings.MEDIA_ROOT, django_settings.STATIC_ROOT)
        if p
    }
    for dirpath, dirnames, filenames in os.walk(ROOT):
        relative = Path(dirpath).relative_to(ROOT)
        for dirname in list(dirnames):
            rel = os.path.normpath(relative / dirname)
            absolute = os.path.normpath(os.path.join(dirpath, dirname))
            if is_ignored_path(rel, ignore) or absolute in ignored_roots or dirname == "locale":
                dirnames.remove(dirname)
        for filename in filenames:
            rel_file = relative / filename
            if Path(filename).suffix in EXTENSIONS and not is_ignored_path(
                os.path.normpath(rel_file), ignore
            ):
                target = destination / rel_file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / rel_file, target)
    shutil.copytree(LOCALE, destination / "locale")


def _run(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )


def _listing(title: str, entries: list[Entry]) -> str:
    lines = [f"{len(entries)} {title}:"]
    lines += [f"  - {e.msgid!r}" for e in entries]
    return "\n".join(lines)


def test_every_source_string_has_an_english_translation(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "src"
    _copy_sources(work)
    settings.LOCALE_PATHS = [work / "locale"]
    monkeypatch.chdir(work)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=list(IGNORE),
        no_location=True,
        verbosity=0,
    )
    regenerated = work / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = parse_po(regenerated.read_text(encoding="utf-8"))

    assert len(entries) > 100, "makemessages found almost nothing: is the source copy right?"
    untranslated = [e for e in entries if e.untranslated and not e.fuzzy]
    fuzzy = [e for e in entries if e.fuzzy]
    assert not untranslated and not fuzzy, "\n".join(
        [
            "The English catalogue is not complete.",
            _listing("untranslated", untranslated),
            _listing("fuzzy", fuzzy),
            HOW_TO_FIX,
        ]
    )

    # GNU gettext's own count must agree (and the format strings must match).
    stats = _run("msgfmt", "--check", "--statistics", "-o", os.devnull, regenerated)
    assert stats.returncode == 0, stats.stderr
    assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr, stats.stderr


def test_the_committed_catalogue_is_complete_and_valid() -> None:
    entries = parse_po(PO.read_text(encoding="utf-8"))
    bad = [e.msgid for e in entries if e.untranslated or e.fuzzy]
    assert not bad, f"Untranslated or fuzzy in {PO.relative_to(ROOT)}: {bad}\n{HOW_TO_FIX}"
    stats = _run("msgfmt", "--check", "--statistics", "-o", os.devnull, PO)
    assert stats.returncode == 0, stats.stderr
    assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr, stats.stderr


def test_the_committed_mo_is_compiled_from_the_committed_po(tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    # The same flags as compilemessages.
    compiled = _run("msgfmt", "--check-format", "-o", fresh, PO)
    assert compiled.returncode == 0, compiled.stderr

    committed_text = _run("msgunfmt", MO)
    fresh_text = _run("msgunfmt", fresh)
    assert committed_text.returncode == 0, committed_text.stderr
    assert fresh_text.returncode == 0, fresh_text.stderr
    committed = {e.key: e.msgstr for e in parse_po(committed_text.stdout)}
    expected = {e.key: e.msgstr for e in parse_po(fresh_text.stdout)}
    stale = sorted(
        k[1] for k in expected.keys() | committed.keys() if expected.get(k) != committed.get(k)
    )
    assert not stale, (
        f"{MO.relative_to(ROOT)} is not compiled from {PO.relative_to(ROOT)}; "
        f"{len(stale)} messages differ, for example {stale[:10]}.\n{HOW_TO_FIX}"
    )
    # And the header (Plural-Forms and charset decide how Django reads the file).
    assert committed_text.stdout.split("\n\n", 1)[0] == fresh_text.stdout.split("\n\n", 1)[0]


def test_the_parser_sees_untranslated_fuzzy_and_plural_entries() -> None:
    po = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Language: en\\n"',
            "",
            'msgid "Hei"',
            'msgstr "Hello"',
            "",
            "#, fuzzy",
            '#| msgid "Ha det"',
            'msgid "Ha det bra"',
            'msgstr "Goodbye"',
            "",
            "#, python-format",
            'msgid ""',
            '"To "',
            '"linjer %(n)s"',
            'msgstr ""',
            "",
            "#, python-format",
            'msgid "%(n)s plass"',
            'msgid_plural "%(n)s plasser"',
            'msgstr[0] "%(n)s place"',
            'msgstr[1] ""',
            "",
            '#~ msgid "Gammel"',
            '#~ msgstr ""',
            "",
        ]
    )
    entries = {e.msgid: e for e in parse_po(po)}
    assert set(entries) == {"Hei", "Ha det bra", "To linjer %(n)s", "%(n)s plass"}
    assert not entries["Hei"].untranslated and not entries["Hei"].fuzzy
    assert entries["Ha det bra"].fuzzy
    assert entries["To linjer %(n)s"].untranslated
    assert entries["%(n)s plass"].msgid_plural == "%(n)s plasser"
    assert entries["%(n)s plass"].untranslated
