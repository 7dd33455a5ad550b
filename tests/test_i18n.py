"""The Vietnamese catalogue covers every string in the code: none untranslated, none fuzzy."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "phongtrao" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
FORMAT = re.compile(r"%\((\w+)\)[sd]")


def _entries(text: str):
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        ident = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if not ident:
            continue
        msgstr = re.search(r"^msgstr(?:\[0\])? ((?:\".*\"\n?)+)", block, re.M)
        yield ident, "".join(re.findall(r'"(.*)"', msgstr.group(1))) if msgstr else "", "#, fuzzy" in block


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = list(_entries(CATALOGUE.read_text(encoding="utf-8")))
    assert len(entries) > 300
    assert [i for i, s, _f in entries if not s] == []
    assert [i for i, _s, fuzzy in entries if fuzzy] == []


def test_placeholders_survive_translation():
    for ident, translated, _fuzzy in _entries(CATALOGUE.read_text(encoding="utf-8")):
        assert set(FORMAT.findall(ident)) == set(FORMAT.findall(translated)), ident


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the code and compare with the catalogue."""
    copy = tmp_path / "phongtrao"
    shutil.copytree(ROOT / "phongtrao", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale_fragments"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "../manage.py", "makemessages", "-l", "vi", "--no-location", "--no-obsolete", "-v0"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = {i for i, _s, _f in _entries((copy / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))}
    translated = {i for i, s, fuzzy in _entries(CATALOGUE.read_text(encoding="utf-8")) if s and not fuzzy}
    assert sorted(fresh - translated) == []
