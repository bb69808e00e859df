"""UI text and locale formatting.

Every string a reader sees that is not content comes from one message catalog
per language (`templates/locales/<lang>.yaml`, nested keys flattened to
`nav.home`); templates call `t("nav.home")` and never spell UI text
themselves. Both catalogs must have exactly the same keys and the same
`{placeholders}` (a test enforces it). Dates and numbers are formatted by
Babel in each locale's own form: 2024年9月20日 / 20 September 2024.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from pathlib import Path

from functools import lru_cache

import yaml
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

#: The Babel locale of each site language (British English writes 20 September 2024).
BABEL_LOCALES = {"ja": "ja", "en": "en_GB"}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


def load_catalog(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise TypeError(f"{path}: a message catalog must be a mapping")
    return flatten(data)


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


@dataclass(frozen=True)
class Messages:
    """The catalog of one language with its formatting helpers."""

    lang: str
    catalog: dict[str, str]

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        try:
            message = self.catalog[key]
        except KeyError:
            raise KeyError(f"message `{key}` is missing from the {self.lang} catalog") from None
        return message.format(**values) if values else message

    def date(self, value: dt.date | None) -> str:
        return _date(value, self.locale) if value else ""

    def month(self, value: dt.date) -> str:
        return _month(value, self.locale)

    def number(self, value: float) -> str:
        return _number(value, self.locale)


# Babel is slow (~50 µs a call) and a site formats the same few values over and over:
# memoised per (value, locale). Keys are hashable and immutable (dates, ints, floats).


@lru_cache(maxsize=65536, typed=True)
def _date(value: dt.date, locale: str) -> str:
    return format_date(value, "long", locale=locale)


@lru_cache(maxsize=4096, typed=True)
def _month(value: dt.date, locale: str) -> str:
    return format_skeleton("yMMMM", value, locale=locale)


@lru_cache(maxsize=65536, typed=True)
def _number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def load_messages(locales_dir: Path, langs: tuple[str, ...]) -> dict[str, Messages]:
    return {lang: Messages(lang, load_catalog(locales_dir / f"{lang}.yaml")) for lang in langs}
