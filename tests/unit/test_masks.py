"""tasks.normalize.masks: a ``*`` is restored only where it is a mask and one candidate wins.

The cases not to touch are real: THUCNews game guides, phone reviews and stock news,
新闻联播 (150米*150米), and the markdown and code a scraper may carry.
"""

from __future__ import annotations

import pytest

from tasks import reasons
from tasks.normalize import normalize_text
from tasks.normalize.masks import count_masks, mask_positions


@pytest.mark.parametrize(
    "text",
    [
        "并使其护甲降低等级*3.5，持续3回合",  # a multiplier after a word (was 等级法3.5)
        "英雄步兵相性*10%的几率发动",  # was 相性命10%
        "得到宝箱(生命之泉*2)。向下走",  # a quantity (was 生命之泉台2)
        "平台左边有宝箱(还魂丹*3)，平台右侧",  # (was 还魂丹江3)
        "7*24小时的400服务电话",
        "最大可拍摄4000*3000分辨率的照片",
        "三围尺寸为94*57*16mm",
        "在客船翻沉处150米*150米的水域",  # a number follows: 米*150
        "宝钢集团旗下上市公司*ST八钢今日发布公告",  # a stock marker
        "总价=单价*数量",  # a formula
        "单价 * 数量 + 运费",
        "* 第一条：坚持党的领导",  # a markdown list bullet
        "这是**重要**的通知",  # markdown emphasis
        "手机尾号151****2897的用户",  # masked digits
        "/* 注释：政府 */",  # code
        "char *p = 政府名;",
        "在游戏主界面点击快捷键[*]进入",
        "中间键：选中单位；*键：切换状态条",  # the key itself
        "带*号的为预估数据",
    ],
)
def test_not_a_mask(text: str) -> None:
    out = normalize_text(text)
    assert out.text == text
    assert out.repairs == ()
    assert mask_positions(text) == []
    assert count_masks(text) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委副书记、市人民*府市长刘志仁", "市委副书记、市人民政府市长刘志仁"),  # seed 004
        ("以习近平同志为核心的*中央吹响了号角", "以习近平同志为核心的党中央吹响了号角"),
        ("向*和人民交上一份满意的答卷", "向党和人民交上一份满意的答卷"),  # 党和人民: a 4-character phrase
        ("从*策落实入手", "从政策落实入手"),  # 政策 ten times as frequent as any other
        ("(*员干部)", "(党员干部)"),  # ASCII brackets are no arithmetic
    ],
)
def test_mask_restored(text: str, expected: str) -> None:
    out = normalize_text(text)
    assert out.text == expected
    assert [r.rule for r in out.repairs] == [reasons.MASK_RESTORED]
    assert count_masks(out.text) == 0


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("*的十八大以来", 1),  # no candidate wins: kept and counted
        ("他说*是个好东西", 1),  # 说法 on one side only
        ("其*为估计值", 1),  # a footnote star: 其中 on one side only
        ("带*的为预估数据", 1),  # 带动 on one side only (a footnote star, but no telling)
        ("习**在会上讲话", 2),  # two characters masked: never guessed, counted
        ("这是**重要**的通知", 0),  # markdown, not masks
    ],
)
def test_mask_kept_and_counted(text: str, masked: int) -> None:
    out = normalize_text(text)
    assert out.text == text and out.repairs == ()
    assert count_masks(out.text) == masked
