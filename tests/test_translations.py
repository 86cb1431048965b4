"""Every string a user can see has a bokmål translation, and the compiled catalogue is current.

The checks need GNU gettext (xgettext, msgmerge, msgattrib, msgfmt): without it they fail
rather than skip, so a missing translation cannot slip through on a machine that lacks it.
"""

import gettext
import importlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

import omradeloft

PACKAGE_DIR = Path(omradeloft.__file__).resolve().parent
CATALOGUE_DIR = PACKAGE_DIR / "locale" / "nb" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt")


def require_gettext() -> None:
    """Fail (not skip) when GNU gettext is not installed."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"install GNU gettext (apt-get install gettext): missing {', '.join(missing)}",
            pytrace=False,
        )


def msgids(po_text: str) -> list[str]:
    """The msgids in a .po text, header left out, continuation lines joined."""
    found: list[str] = []
    current: list[str] | None = None
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current = [line.removeprefix("msgid ")[1:-1]]
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            if current is not None and "".join(current):
                found.append("".join(current))
            current = None
    return found


def entries_marked(po_file: Path, flag: str) -> list[str]:
    """The msgids that `msgattrib FLAG` selects, e.g. --untranslated or --only-fuzzy."""
    result = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return msgids(result.stdout)


def test_every_source_string_has_a_bokmal_translation(tmp_path, monkeypatch):
    require_gettext()
    # Extract into a copy of the package, so the committed catalogue is only read.
    copy = tmp_path / "omradeloft"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
        call_command(
            "makemessages", locale=["nb"], no_obsolete=True, add_location="file", verbosity=0
        )
    extracted = copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"

    untranslated = entries_marked(extracted, "--untranslated")
    fuzzy = entries_marked(extracted, "--only-fuzzy")

    hint = "run `make messages`, translate the new strings in django.po, and compile again"
    assert not untranslated, f"strings without a bokmål translation ({hint}): {untranslated}"
    assert not fuzzy, f"translations marked fuzzy that need checking ({hint}): {fuzzy}"
    assert msgids(extracted.read_text(encoding="utf-8")), "makemessages extracted nothing"


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    require_gettext()
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO_FILE)], check=True)
    assert MO_FILE.exists(), "django.mo is missing: run `make messages`"

    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with MO_FILE.open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog

    stale = sorted(
        str(key)
        for key in expected.keys() | committed.keys()
        if expected.get(key) != committed.get(key)
    )
    assert not stale, f"django.mo is out of date with django.po (run `make messages`): {stale}"


def test_pages_render_in_bokmal_by_default_and_english_on_request(client, db):
    page = client.get("/").content.decode()
    assert 'lang="nb"' in page
    assert "Hopp til hovedinnhold" in page
    assert "Skip to main content" not in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Skip to main content" in page
    assert "Hopp til hovedinnhold" not in page


# --- Engine messages: codes with parameters, worded by a catalogue per app ----------------

# Each engine's English templates (`core.notices.Wordings`) beside the catalogue that words
# them on pages. A new engine that produces user-facing messages joins this list.
RUN_MESSAGES = "omradeloft.evaluation.run_messages"
IMPORT_MESSAGES = "omradeloft.indicators.importing.message_catalogue"
ENGINE_WORDINGS = [
    ("omradeloft.targeting.engine.warning", "omradeloft.targeting.presentation.warning_texts"),
    ("omradeloft.evaluation.engine.did", RUN_MESSAGES),
    ("omradeloft.evaluation.engine.event_study", RUN_MESSAGES),
    ("omradeloft.evaluation.engine.staggered", RUN_MESSAGES),
    ("omradeloft.evaluation.engine.sc_inputs", RUN_MESSAGES),
    ("omradeloft.evaluation.engine.placebo", RUN_MESSAGES),
    ("omradeloft.evaluation.engine.synthetic_control", RUN_MESSAGES),
    ("omradeloft.evaluation.data", RUN_MESSAGES),
    ("omradeloft.evaluation.spec", RUN_MESSAGES),
    *(
        (f"omradeloft.indicators.importing.{module}", IMPORT_MESSAGES)
        for module in ("plausibility", "validation", "area_validity", "number_format", "errors")
    ),
    ("omradeloft.indicators.engine.jsonstat.messages", IMPORT_MESSAGES),
    *(
        (f"omradeloft.core.{module}", catalogue)
        for module in ("encodings", "tabular")
        for catalogue in ("omradeloft.core.file_texts", IMPORT_MESSAGES)
    ),
    ("omradeloft.core.problems", IMPORT_MESSAGES),
    ("omradeloft.core.problems", "omradeloft.core.problem_texts"),
]
# Engine modules whose errors reach pages: each must raise with a Message, not a sentence.
MESSAGE_ENGINES = [
    PACKAGE_DIR / "targeting" / "engine" / "warning.py",
    *sorted((PACKAGE_DIR / "evaluation" / "engine").glob("*.py")),
    PACKAGE_DIR / "evaluation" / "data.py",
    PACKAGE_DIR / "evaluation" / "spec.py",
    PACKAGE_DIR / "indicators" / "engine" / "jsonstat" / "parse.py",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Importer modules whose errors reach the import pages: each words them with a Message.
MESSAGE_IMPORTERS = [
    PACKAGE_DIR / "indicators" / "importing" / f"{name}.py"
    for name in (
        "validation",
        "area_validity",
        "number_format",
        "codes",
        "sources",
        "files",
        "table_rows",
        "jsonstat_source",
        "csv_problems",
        "sparse",
        "wide_source",
    )
]
# Readers whose refusals reach a page and a command: they build Messages (worded by a
# catalogue in the reader's language, and in English by `str()`), never gettext when raised,
# which would print the site's language on the command line.
CATALOGUED_READERS = [
    *(
        PACKAGE_DIR / "indicators" / "importing" / f"{name}.py"
        for name in ("wide_source", "limits", "table_rows", "sources", "jsonstat_source", "files")
    ),
    PACKAGE_DIR / "core" / "encodings.py",
    PACKAGE_DIR / "core" / "tabular.py",
]


@pytest.mark.parametrize(("engine", "catalogue"), ENGINE_WORDINGS)
def test_every_engine_message_code_has_a_catalogue_entry_with_the_engine_wording(engine, catalogue):
    words = importlib.import_module(engine).WORDS.templates
    entries = importlib.import_module(catalogue).CATALOGUE
    assert set(words) <= set(entries)
    with translation.override("en"):
        differing = {
            code: str(entries[code]) for code in words if str(entries[code]) != words[code]
        }
    assert not differing, f"catalogue wording differs from the engine's English: {differing}"


@pytest.mark.parametrize(("engine", "catalogue"), ENGINE_WORDINGS)
def test_every_engine_message_has_a_bokmal_wording_with_the_same_placeholders(engine, catalogue):
    words = importlib.import_module(engine).WORDS.templates
    entries = importlib.import_module(catalogue).CATALOGUE
    with translation.override("nb"):
        bokmal = {code: str(entries[code]) for code in words}
    untranslated = [code for code in words if bokmal[code] == words[code]]
    assert not untranslated, f"engine messages without a bokmål wording: {untranslated}"
    for code, template in words.items():
        assert set(PLACEHOLDER.findall(bokmal[code])) == set(PLACEHOLDER.findall(template)), code


@pytest.mark.parametrize("path", MESSAGE_ENGINES, ids=lambda path: path.stem)
def test_engines_raise_messages_not_english_sentences(path):
    source = path.read_text(encoding="utf-8")
    # Errors of a programming mistake (KeyError, RuntimeError, TypeError) never reach a page.
    mistakes = "KeyError|RuntimeError|TypeError"
    sentences = re.findall(rf"raise (?!{mistakes})\w+Error\(\s*f?[\"'].*", source)
    sentences += re.findall(r"problems\.append\(\s*f?[\"'].*", source)
    assert not sentences, f"{path.name} raises English text outside its catalogue: {sentences}"


@pytest.mark.parametrize("path", MESSAGE_IMPORTERS, ids=lambda path: path.stem)
def test_importers_build_messages_not_english_sentences(path):
    source = path.read_text(encoding="utf-8")
    # An error raised with a literal or an f-string (gettext's `_(` is the reader's language)
    sentences = re.findall(r"raise (?!KeyError|RuntimeError)\w+Error\(\s*f?[\"'].*", source)
    # a row's problem given as a literal or an f-string
    sentences += re.findall(r"lambda [^:]*:\s*\(?\s*f?[\"'].*", source)
    # a sentence built from an f-string returned in place of a message
    sentences += re.findall(r"return \(?\s*f[\"'][^\"']*\s\w+\s.*", source)
    # or assigned, to be raised or listed later
    sentences += re.findall(r"(?:=|\+=)\s*\(?\s*f[\"'][^\"'\n]*\b[a-z]{2,} [a-z]{2,}\b.*", source)
    assert not sentences, f"{path.name} builds English text outside its catalogue: {sentences}"


@pytest.mark.parametrize("path", CATALOGUED_READERS, ids=lambda path: path.stem)
def test_readers_word_their_refusals_as_messages_not_with_gettext(path):
    source = path.read_text(encoding="utf-8")
    translated = re.findall(r"^from django\.utils\.translation import .*", source, re.MULTILINE)
    sentences = re.findall(r"raise (?!KeyError|RuntimeError)\w+Error\(\s*f?[\"'].*", source)
    assert not translated + sentences, f"{path.name} words a refusal outside its catalogue"
