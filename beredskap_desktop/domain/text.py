"""Text folding for search as people type it on any keyboard.

FTS5's ``remove_diacritics`` folds å to a but never ø or æ, so "odegard" would miss
"Ødegård" and "aase" would miss "Åse". Both the stored search text and the query are
folded with ``fold``.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ð": "d", "þ": "th", "ß": "ss", "œ": "oe"})
_TOKEN = re.compile(r"\w+")
_A_RUN = re.compile(r"a{2,}")
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
# Latin letters and marks, general punctuation (– « » …), super- and subscripts, currency signs.
_BEYOND_LATIN = re.compile("[^\u0000-\u036f\u2000-\u20cf]")


def fold(text: str) -> str:
    """Lower-case, fold Nordic letters (ø→o, æ→ae, å→a, aa→a) and strip other accents.

    Idempotent: case folding comes after compatibility decomposition (which can yield
    capitals, ℌ→H) and a run of a's becomes one a (so "aaa" cannot fold twice).
    """
    lowered = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold().translate(_SPECIAL))
    if not _BEYOND_LATIN.search(lowered):  # the common case, fast: the only combining marks are U+0300–U+036F
        stripped = _LATIN_MARKS.sub("", lowered)
    else:
        stripped = "".join(ch for ch in lowered if not unicodedata.combining(ch))
    return _A_RUN.sub("a", stripped)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _TOKEN.findall(fold(text))


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def sort_key(text: str) -> str:
    """A case-insensitive key that sorts æ, ø, å after z, and aa as å, as Norwegian does."""
    return unicodedata.normalize("NFC", text).casefold().replace("aa", "å").translate(_NORWEGIAN_ORDER)
