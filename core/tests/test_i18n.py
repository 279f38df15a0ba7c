"""Every string on screen is marked for translation and the Spanish catalog covers them all."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str):
    """(msgid, [msgstr...], flags) for each entry of a .po file."""
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if not ln.startswith("#~")]
        flags = " ".join(ln for ln in lines if ln.startswith("#,"))
        fields, current = {}, None
        for ln in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', ln)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif ln.startswith('"') and current:
                fields[current] += ln[1:-1]
        if "msgid" in fields:
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


def test_the_spanish_catalog_translates_every_message():
    entries = [e for e in _entries(PO.read_text(encoding="utf-8")) if e[0]]
    assert len(entries) > 250
    untranslated = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalog_holds_every_message_of_its_source():
    """A .po edited without `make messages` would leave the served .mo behind."""
    import struct

    data = MO.read_bytes()
    magic, _revision, count = struct.unpack("<III", data[:12])
    assert magic == 0x950412DE
    translated = [e for e in _entries(PO.read_text(encoding="utf-8")) if e[0] and all(e[1])]
    assert count == len(translated) + 1  # plus the header entry


def test_a_visitor_who_asks_for_spanish_gets_the_sign_in_page_in_spanish(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert "Iniciar sesión en OpenIPS" in page
    assert "Sign in to OpenIPS" not in page


def test_every_translatable_string_in_the_source_is_in_the_spanish_catalog(tmp_path, monkeypatch, settings):
    """`make messages` finds nothing new: each string marked in the code and templates is translated.

    Runs Django's makemessages, as `make messages` does, on a copy of the sources and of `locale/`
    in a temporary folder, so the real catalog (and the source tree, where makemessages writes its
    preprocessed templates) is never touched. A new `_("…")` or `{% translate %}` shows up here as
    an untranslated message; a changed one as a fuzzy or untranslated one.
    """
    # `make test` installs gettext when it is missing (scripts/test-all): its absence is a failure.
    if not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib")):
        pytest.fail(
            "GNU gettext (xgettext, msgmerge) is needed to check the catalog: apt-get install gettext"
        )

    base = Path(settings.BASE_DIR)
    skipped_dirs = {"locale", "node_modules"} | {
        Path(root).name for root in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if root
    }
    for dirpath, dirnames, filenames in os.walk(base):
        here = Path(dirpath)
        dirnames[:] = [
            d for d in dirnames if not d.startswith(".") and not (here == base and d in skipped_dirs)
        ]
        for name in filenames:
            if name.endswith((".py", ".html", ".txt")):
                target = tmp_path / here.relative_to(base) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(here / name, target)
    shutil.copytree(base / "locale", tmp_path / "locale")

    real_catalog = PO.read_bytes()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=["es"],
        ignore_patterns=[".venv/*", "node_modules/*"],
        no_obsolete=True,
        verbosity=0,
    )
    assert PO.read_bytes() == real_catalog  # the real catalog was left alone

    fresh = (tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = [e for e in _entries(fresh) if e[0]]
    assert len(entries) > 250
    missing = [msgid for msgid, strs, flags in entries if not all(strs) or "fuzzy" in flags]
    assert missing == [], (
        f"{len(missing)} message(s) in the source lack a Spanish translation: run `make messages`, "
        "translate them in locale/es/LC_MESSAGES/django.po, and compile it again:\n" + "\n".join(missing)
    )
