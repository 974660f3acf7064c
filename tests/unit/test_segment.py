"""The fast segmenter gives exactly jieba's tokens (``Tokenizer.lcut(text, HMM=True)``)."""

from __future__ import annotations

from pathlib import Path

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract import tokenizer as terms
from tasks.extract.segment import Segmenter
from tests.conftest import corpus_path

# Han, ASCII letters/digits and the characters jieba's block pattern keeps, full-width
# forms, punctuation and whitespace: every branch of jieba's cut.
_ALPHABET = st.sampled_from(
    list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
         "王伟中李宏庆韩勇钟得志紫云镇原县深圳市六盘山片区粤港澳大湾区两不愁三保障建档立卡"
         "abcXYZ019.%+#&_-，。、；：？！“”《》（）·*　 \n\t\r萬國與發們這個麼來說對時會從")
)


def _reference(text: str) -> list[str]:
    return terms.lexicon().tokenizer.lcut(text, HMM=True)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_same_tokens_as_jieba_on_random_text(text: str) -> None:
    assert terms.tokenize(text) == _reference(text)


def test_same_tokens_as_jieba_on_the_samples(samples: list[Path]) -> None:
    for path in samples:
        text = path.read_text(encoding="utf-8")
        assert terms.tokenize(text) == _reference(text), path.name


def test_same_tokens_as_jieba_on_thucnews() -> None:
    path = corpus_path("thucnews-cnews-val1000", "cnews.val.txt")
    with open(path, encoding="utf-8") as fh:
        articles = [line.split("\t", 1)[-1] for line in fh][::4]
    for i, text in enumerate(articles):
        assert terms.tokenize(text) == _reference(text), f"article {i * 4}"


def test_a_plain_jieba_tokenizer_too() -> None:
    tk = jieba.Tokenizer()
    text = "他来到了网易杭研大厦，小明硕士毕业于中国科学院计算所，后在日本京都大学深造。"
    assert Segmenter(tk).lcut(text) == tk.lcut(text, HMM=True)


def test_with_words_adds_names_and_leaves_the_original_alone() -> None:
    base = terms.lexicon().segmenter
    assert base.lcut("黄金滔认为市场将回暖")[:2] == ["黄金", "滔"]
    named = base.with_words(["黄金滔"], terms.CORPUS_NAME_FREQ)
    assert named.lcut("黄金滔认为市场将回暖")[:2] == ["黄金滔", "认为"]
    assert base.lcut("黄金滔认为市场将回暖")[:2] == ["黄金", "滔"]
    # everything else is cut as before
    text = "深圳市委书记王伟中出席会议，研究部署对口帮扶工作。"
    assert named.lcut(text) == base.lcut(text)


def test_same_tokens_as_jieba_on_the_broadcast_corpus() -> None:
    # A year of CCTV transcripts (tags stripped): names, meetings, lists of leaders,
    # numbers and percentages (the HMM's non-han runs), every 8th story.
    import gzip
    import html
    import json
    import re

    path = corpus_path("xwlb-2012-2019", "xwlb-2016.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        items = [item for line in fh for item in json.loads(line)["videoList"]][::8]
    texts = [html.unescape(re.sub(r"<[^>]+>", "\n", (item.get("video_detail") or {}).get("content") or "")) for item in items]
    assert len(texts) > 500
    for i, text in enumerate(texts):
        assert terms.tokenize(text) == _reference(text), f"story {i * 8}"


def test_with_words_on_names_the_dictionary_splits() -> None:
    # Corpus names are scored at CORPUS_NAME_FREQ against the dictionary's own total,
    # as jieba would score them with that frequency and an unchanged total.
    import copy

    names = ["钟得志", "王周华", "韦升安", "毛任建", "唐敬春", "马馼", "胡小青"]
    base = terms.lexicon().tokenizer
    reference = copy.copy(base)
    reference.FREQ = dict(base.FREQ)
    for name in names:
        if not reference.FREQ.get(name):
            reference.FREQ[name] = terms.CORPUS_NAME_FREQ
            for i in range(1, len(name)):
                reference.FREQ.setdefault(name[:i], 0)
    named = terms.lexicon().segmenter.with_words(names, terms.CORPUS_NAME_FREQ)
    text = ("钟得志、王周华、朱东、韦升安、毛任建、唐敬春等在市会议中心主会场出席会议。"
            "全国人大常委会代表资格审查委员会主任委员马馼作的报告；县扶贫办主任胡小青了解情况后说。")
    assert named.lcut(text) == reference.lcut(text, HMM=True)
    assert "马馼" in named.lcut(text) and "马馼" not in terms.tokenize(text)
