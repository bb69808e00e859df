"""Japanese quantities: 万/億/兆 magnitudes, units, ranges, approximations — and what is not a quantity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newskb.extract.quantities import find_quantities, to_number


def only(text: str):  # type: ignore[no-untyped-def]
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# (context from the transcript, as written, value, high, unit)
CASES = [
    ("パラメータは66億個しかない", "66億個", 6_600_000_000, None, "parameter"),  # line 19
    ("約1.8兆パラメータのGPT-4", "1.8兆パラメータ", 1_800_000_000_000, None, "parameter"),  # line 22
    ("この人工知能スタートアップの65億ドルの資金調達", "65億ドル", 6_500_000_000, None, "USD"),  # line 54
    ("企業は最大16万6000ドルまでなら", "16万6000ドル", 166_000, None, "USD"),  # line 41
    ("コンステレーション社と20年間の電力購入契約", "20年間", 20, None, "year"),  # line 3
    ("データセンターの多くが90%近く", "90%", 90, None, "percent"),  # line 15
    ("今、1ギガワット以上のデータセンター", "1ギガワット", 1, None, "GW"),  # line 14
    ("生産性が5%上がるだけでも", "5%", 5, None, "percent"),  # line 41
    ("500万パラメータの超小型モデル", "500万パラメータ", 5_000_000, None, "parameter"),  # line 26
    ("から720億パラメータの大型モデル", "720億パラメータ", 72_000_000_000, None, "parameter"),  # line 26
    ("ロボット工学業界の「GPT-3の瞬間」が2〜3年以内に", "2〜3年", 2, 3, "year"),  # line 4
    ("これが2、3年以内に実現するかもしれん", "2、3年", 2, 3, "year"),  # line 42
    ("早ければ3年以内に作られる", "3年", 3, None, "year"),  # line 5
]


@pytest.mark.parametrize("text, as_written, value, high, unit", CASES, ids=[c[1] for c in CASES])
def test_quantity_from_the_transcript(text, as_written, value, high, unit):
    q = only(text)
    assert (q.as_written, q.value, q.high, q.unit, q.approximate) == (as_written, value, high, unit, False)
    assert text[q.start : q.end] == as_written


def test_magnitude_without_a_unit_is_still_a_quantity():
    q = only("720億")
    assert (q.value, q.unit) == (72_000_000_000, None)
    assert isinstance(q.value, int)


def test_vague_magnitude_is_approximate():
    q = only("過剰な需要は数十億ドルに上り")  # line 55
    assert q.as_written == "数十億ドル"
    assert q.approximate and q.unit == "USD"
    assert q.value <= 2_000_000_000 and q.high is not None and q.high >= 9_000_000_000


@pytest.mark.parametrize(
    "text",
    [
        "ロボット工学の「GPT-3の瞬間」",
        "Qwen-2.5っていう一連の基盤モデル",
        "Pixar-12Bっていう、初のマルチモーダルモデル",
        "Mistral Large 2やLlama 2.1 105Bみたいな",
        "システム1とシステム2ですね",
        "Claude 3.5 Sonnetみたいな",
        "OpenAI O1 Miniみたいな",
        "2024年に発表された",
        "1979年の事故",
    ],
)
def test_names_bare_digits_and_calendar_years_are_not_quantities(text):
    assert find_quantities(text) == []


def test_a_many_year_duration_is_not_mistaken_for_a_calendar_year():
    q = only("2000年間も続いた")
    assert (q.value, q.unit) == (2000, "year")


def test_full_width_digits_are_read():
    q = only("９０％近く")
    assert (q.as_written, q.value, q.unit) == ("９０％", 90, "percent")


def test_decimal_and_grouped_numbers():
    assert only("約1.25億ドル").value == 125_000_000
    assert only("3,000ドル").value == 3000
    assert only("3.5倍").value == 3.5


def test_several_quantities_in_one_sentence_keep_their_offsets():
    text = "500万パラメータの超小型モデルから720億パラメータの大型モデルまで"  # line 26
    found = find_quantities(text)
    assert [(text[q.start : q.end], q.value) for q in found] == [
        ("500万パラメータ", 5_000_000),
        ("720億パラメータ", 72_000_000_000),
    ]


def test_a_list_of_bare_numbers_is_not_a_range():
    assert find_quantities("選択肢は1、2のどちらか") == []


@given(st.integers(1, 9999), st.integers(0, 9999), st.integers(0, 9999))
def test_oku_man_numerals_add_up(oku, man, rest):
    text = f"{oku}億" + (f"{man}万" if man else "") + (str(rest) if rest else "")
    assert to_number(text) == oku * 10**8 + man * 10**4 + rest


@given(st.integers(1, 9999), st.integers(0, 99))
def test_decimal_with_a_magnitude(whole, hundredths):
    text = f"{whole}.{hundredths:02d}万"
    assert to_number(text) == pytest.approx((whole + hundredths / 100) * 10**4)


def test_decimal_magnitudes_are_exact():
    assert to_number("1.63万") == 16_300  # binary floating point gives 16299.999…
    assert to_number("1.8兆") == 1_800_000_000_000


def test_a_malformed_numeral_is_skipped_not_a_crash():
    assert find_quantities("1万億ドル") == []
