"""Documents cited in 《…》 (tasks/extract/documents.py): one rule per test, on real
sentences of the seeds or of CCTV 新闻联播."""

from __future__ import annotations

import pytest

from tasks.extract import extract_article
from tasks.extract.documents import document_kind


def docs(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(d.title, d.kind, d.issuer, d.verb) for d in extract_article(text).documents]


@pytest.mark.parametrize(
    ("title", "before", "after", "kind"),
    [
        ("中国共产党党内监督条例(试行)", "", "", "regulation"),  # (试行) is no part of the kind
        ("贺州市2020年脱贫攻坚挂牌督战方案", "", "", "plan"),
        ("关于深化国防和军队改革的意见", "", "", "opinion"),
        ("中华人民共和国外商投资法", "", "", "law"),
        ("让中阿友谊如尼罗河水奔涌向前", "发表题为", "的署名文章", "signed_article"),
        ("习近平关于严明党的纪律和规矩论述摘编", "", "一书", "book"),
        ("求是", "", "杂志发表", "periodical"),
        ("义勇军进行曲", "解放军军乐团奏响", "", "song"),
        ("打铁还需自身硬", "联合制作的电视专题片", "", "programme"),
        ("英雄", "凭借一首", "赢得冠军", "other"),  # nothing tells
    ],
)
def test_document_kind(title: str, before: str, after: str, kind: str) -> None:
    assert document_kind(title, before, after) == kind


def test_issuer_before_the_verb_and_short_references() -> None:
    # CCTV 2016-01-01: 《意见》 after the full title is that title
    text = ("经中央军委主席习近平批准，中央军委近日印发了《关于深化国防和军队改革的意见》。"
            "《意见》强调，必须深化国防和军队改革。")
    assert docs(text) == [
        ("关于深化国防和军队改革的意见", "opinion", "中央军委", "印发"),
        ("关于深化国防和军队改革的意见", "opinion", None, None),
    ]


def test_issuer_in_the_title_and_a_verb_shared_by_a_list() -> None:
    # CCTV 2012-12-09: 通过了《A》、《B》
    text = ("大会通过了《中华全国工商业联合会第十一次会员代表大会关于第十届执行委员会工作报告的决议》、"
            "《中华全国工商业联合会第十一次会员代表大会关于认真学习贯彻党的十八大精神的决议》。")
    got = docs(text)
    assert [(k, i, v) for _, k, i, v in got] == [
        ("decision", "中华全国工商业联合会第十一次会员代表大会", "通过"),
        ("decision", "中华全国工商业联合会第十一次会员代表大会", "通过"),
    ]


def test_a_printed_notice_cites_what_it_prints() -> None:
    text = "国务院办公厅日前印发《关于印发〈国家突发公共事件总体应急预案〉的通知》。"
    assert docs(text) == [("国家突发公共事件总体应急预案", "plan", "国务院办公厅", "印发")]


def test_citing_verb_and_a_signed_article_author() -> None:
    # seed 001; CCTV 2016-01-19
    assert docs("严格落实《贺州市2020年脱贫攻坚挂牌督战方案》,承接好自治区的挂牌督战。") == [
        ("贺州市2020年脱贫攻坚挂牌督战方案", "plan", None, "落实")]
    text = "国家主席习近平在埃及《金字塔报》发表题为《让中阿友谊如尼罗河水奔涌向前》的署名文章。"
    assert docs(text) == [
        ("金字塔报", "periodical", None, None),
        ("让中阿友谊如尼罗河水奔涌向前", "signed_article", "习近平", "发表"),
    ]


def test_periodicals_keep_their_entity_handling() -> None:
    # 香港《大公报》 is still an organisation for the entity pass, and a periodical here
    x = extract_article("香港《大公报》发表评论说，香港各界支持特区政府依法施政。")
    assert any(e.kind == "org" and e.name == "大公报" for e in x.entities)
    assert [(d.title, d.kind) for d in x.documents] == [("大公报", "periodical")]
