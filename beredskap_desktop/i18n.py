"""One gettext catalogue for every layer (domain, storage, services, CLI, UI).

Message ids are English; bokmål (``nb``) is the default language. Strings defined at
import time are marked with ``N_`` and translated where they are shown.
"""

from __future__ import annotations

import gettext

from beredskap_desktop.paths import resource_path

DOMAIN = "beredskap_desktop"
LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (``nb`` or ``en``)."""
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _translations = gettext.translation(
        DOMAIN, localedir=resource_path("translations"), languages=[language], fallback=True
    )
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


set_language(DEFAULT_LANGUAGE)
