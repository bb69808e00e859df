"""Reading quantities written in Japanese (66億, 1.8兆, 16万6000ドル, 2〜3年…) into typed values.

Numerals with 万/億/兆 are converted here with decimal arithmetic; this module decides
what counts as a quantity (a number with a unit or a magnitude, never a bare
digit inside a name such as GPT-3 or Qwen-2.5) and which unit it carries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?(?:[万億兆](?:[0-9][0-9,]*)?)*"
#: Units in the order they are tried; the first that follows the number wins.
UNITS: tuple[tuple[str, str], ...] = (
    ("ドル", "USD"),
    ("円", "JPY"),
    ("ユーロ", "EUR"),
    ("ギガワット", "GW"),
    ("メガワット", "MW"),
    ("キロワット", "kW"),
    ("パーセント", "percent"),
    ("%", "percent"),
    ("年間", "year"),
    ("年", "year"),
    ("ヶ月", "month"),
    ("か月", "month"),
    ("カ月", "month"),
    ("週間", "week"),
    ("日間", "day"),
    ("時間", "hour"),
    ("ミリ秒", "millisecond"),
    ("秒", "second"),
    ("パラメータ", "parameter"),
    ("個", "count"),
    ("人", "person"),
    ("倍", "times"),
    ("台", "unit"),
)
_UNIT_RE = "|".join(re.escape(u) for u, _ in UNITS)
_APPROX = r"(?P<vague>[数何])(?P<vmag>十|百|千)?(?P<vbase>[万億兆])"
_PATTERN = re.compile(
    rf"(?:(?P<num>{_NUM})(?:(?P<sep>[〜~～\-–、])(?P<high>{_NUM}))?|{_APPROX})(?P<unit>{_UNIT_RE})?"
)
_BASE = {"万": 10**4, "億": 10**8, "兆": 10**12}
_MAG = {None: 1, "十": 10, "百": 100, "千": 1000}
#: A parameter count is often written "パラメータは66億個": look this far back for the noun.
_PARAM_WINDOW = 8


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    as_written: str
    value: int | float
    high: int | float | None
    unit: str | None
    approximate: bool


_GROUPS = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?[万億兆])*(?:[0-9]+(?:\.[0-9]+)?)?")
_GROUP = re.compile(r"([0-9]+(?:\.[0-9]+)?)([万億兆]?)")


def to_number(text: str) -> int | float:
    """66億 → 6600000000, 1.8兆 → 1800000000000, 16万6000 → 166000, 2.5 → 2.5.

    Decimal arithmetic, so 1.63万 is 16300 (binary floats, as in kanjize, give 16299).
    """
    text = text.replace(",", "")
    if not any(k in text for k in _BASE):
        return float(text) if "." in text else int(text)
    if not _GROUPS.fullmatch(text):
        raise ValueError(f"not a number: {text!r}")
    total = sum(Decimal(m.group(1)) * _BASE.get(m.group(2), 1) for m in _GROUP.finditer(text))
    if total == total.to_integral_value():
        return int(total)
    return float(total)


def find_quantities(text: str) -> list[Found]:
    """Every quantity in `text`, with offsets into `text`."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):  # NFKC changed lengths: fall back to the raw text
        folded = text
    out: list[Found] = []
    for m in _PATTERN.finditer(folded):
        start, end = m.span()
        before = folded[start - 1] if start > 0 else ""
        after = folded[end] if end < len(folded) else ""
        if before.isascii() and (before.isalnum() or before in "-_.") and before != "":
            continue  # a digit inside a name: GPT-3, Qwen-2.5, Llama 2.1 105B
        if after.isascii() and after.isalpha():
            continue  # 12B, 3.5 Sonnet
        unit = dict(UNITS).get(m.group("unit") or "")
        if m.group("vague"):
            base = _BASE[m.group("vbase")] * _MAG[m.group("vmag")]
            out.append(Found(start, end, text[start:end], base, base * 10, unit or _param(folded, start), True))
            continue
        num = m.group("num")
        has_magnitude = any(k in num for k in _BASE)
        if unit is None and not has_magnitude:
            continue  # a bare digit (システム1) is not a quantity
        if unit is None and m.group("high"):
            continue
        if m.group("unit") == "年" and re.fullmatch(r"(19|20)\d\d", num) and not m.group("high"):
            continue  # 2024年 is a date, not a duration
        try:
            value = to_number(num)
            high = to_number(m.group("high")) if m.group("high") else None
        except ValueError:
            continue  # e.g. 1万億: digits and magnitudes in no order a number is written in
        if m.group("sep") == "、" and high is None:
            continue
        if unit is None or unit == "count":
            unit = _param(folded, start) or unit
        out.append(Found(start, end, text[start:end], value, high, unit, False))
    return out


def _param(text: str, start: int) -> str | None:
    return "parameter" if "パラメータ" in text[max(0, start - _PARAM_WINDOW) : start] else None
