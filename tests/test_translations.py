"""The one gettext catalogue: every string in the code has a finished bokmål translation."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
PO = TRANSLATIONS / "nb" / "LC_MESSAGES" / "beredskap_desktop.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIX = "run scripts/translations, translate the entries in {po}, and run it again".format(po=PO.relative_to(ROOT))


def catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="nb")


def code_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT / "beredskap_desktop", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_string_in_the_code_is_in_the_catalogue():
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue() if m.id}
    missing = sorted(code_messages() - known)
    assert not missing, f"{len(missing)} strings are not in the bokmål catalogue ({FIX}): {missing[:10]}"


def test_strings_inside_f_strings_are_in_the_catalogue_too():
    """Babel does not look inside f-strings (``f"{_('Role')}:"``): find those calls by hand."""
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue() if m.id}
    call = re.compile(r"""\b_\((["'])((?:(?!\1).)+)\1\)""")
    found = {match[2] for path in (ROOT / "beredskap_desktop").rglob("*.py")
             for line in path.read_text(encoding="utf-8").splitlines() if re.search(r"\bf[\"']", line)
             for match in call.finditer(line)}
    missing = sorted(found - known)
    assert not missing, f"strings in f-strings missing from the catalogue ({FIX}; or move the call out of the f-string): {missing}"


def test_every_bokmal_entry_is_translated_and_not_fuzzy():
    problems = []
    for message in catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert not problems, f"{len(problems)} untranslated or fuzzy entries ({FIX}): {problems[:10]}"


def test_placeholders_survive_translation():
    placeholder = re.compile(r"\{(\w*)\}")
    wrong = []
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(placeholder.findall(ids[-1]))
        for translated in strings:
            if translated and set(placeholder.findall(translated)) != expected:
                wrong.append((ids[0], translated))
    assert not wrong, f"placeholders differ: {wrong[:5]}"


def test_compiled_catalogue_matches_the_po_file():
    compiled = gettext.GNUTranslations((TRANSLATIONS / "nb" / "LC_MESSAGES" / "beredskap_desktop.mo").open("rb"))
    stale = [m.id for m in catalogue() if m.id and not isinstance(m.id, tuple) and compiled.gettext(m.id) != m.string]
    assert not stale, f"the .mo is older than the .po ({FIX}): {stale[:5]}"
