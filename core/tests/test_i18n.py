"""Every string on screen is marked for translation and the Spanish catalog covers them all."""

import re
from pathlib import Path

from django.conf import settings
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
