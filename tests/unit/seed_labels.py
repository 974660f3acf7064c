"""Hand labels for the five bundled seeds (data/samples), after normalize.

Made by reading each normalized article; keys are ``<seed prefix>_<article index>``.
Reporters named in the dateline at the head of a story (庆阳网讯(记者 何海峰 李彬)) are
not in the text any more (issue #20: the dateline is metadata, in ``articles.authors``),
so they are not people of the text; a reporter credited at the end of a story still is.
People map name → the official title as written right before (or after) the name, or
None when the text gives none. Places, orgs and facts list what must be found (recall);
``NOT_PEOPLE`` and ``NOT_PLACES`` are strings that once came back wrongly.
"""

PEOPLE: dict[str, dict[str, str | None]] = {
    "000_0": {
        "习近平": "总书记",
        "王伟中": "市委书记、市对口支援工作领导小组组长",
        "陈如桂": "市长、市对口支援工作领导小组常务副组长",
        "郑轲": "市委副书记、市对口支援工作领导小组副组长",
        "刘庆生": "市领导",
        "高自民": "市领导",
        "程步一": "市领导",
        "黄敏": "市领导",
    },
    "000_1": {"习近平": "总书记"},
    "001_0": {
        "习近平": "总书记",
        "李宏庆": "市委书记、市人大常委会主任",
        "林冠": "市委副书记、市长",
        "陆海平": "市人大常委会党组书记",
        "陈远明": "市政协党组书记",
        **{n: None for n in "钟得志 王周华 朱东 韦升安 毛任建 唐敬春 吕松 史凤军 梁丁丁 卿汤义 义芳 徐海浪 贝小燕 梁文".split()},
        "梁寿基": "广电融媒体记者",
        "韩俊彤": "广电融媒体记者",
    },
    "002_0": {
        "习近平": "总书记",
        "贠建民": "市委书记",
        "朱涛": "市委副书记、市长",
        "董建镇": "市人大常委会主任",
        "李银": "市政协主席",
        "章志兼": "市领导",
        "卫达": "市领导",
        "马骥": "市领导",
        "秦华": "市委副地级干部、市农业产业化工作领导小组副组长",
    },
    "003_0": {
        "韩勇": "省政协主席",
        "习近平": "总书记",
        "王二虎": "省政协副主席",
        "闫超英": "秘书长",
    },
    "003_1": {"马国强": "省委副书记", "习近平": "总书记", "李克强": "总理"},
    "003_2": {"习近平": "总书记", "王周齐": "福鼎市柏洋村党委书记"},
    "004_0": {
        "易鹏飞": "市委书记、市人大常委会主任",
        "刘志仁": "市委副书记、市人民政府市长",
        "习近平": "总书记",
    },
}

NOT_PEOPLE = frozenset({"施工图", "幸福感", "以踏石留印", "扶志", "踏石留印", "扶智", "贫困群众", "获得感", "或村", "何利"})

PLACES: dict[str, set[str]] = {
    "000_0": {"深圳市", "粤港澳大湾区"},
    "001_0": {"昭平县", "平桂区", "公会镇", "沙田镇", "新民村"},
    "002_0": {"镇原县", "环县", "殷家城乡", "车道乡", "庙渠乡", "慕塬村", "秦团庄乡", "王团庄村"},
    "003_0": {"六盘山片区", "固原市", "隆德县", "同心县", "海原县", "陕西", "甘肃", "青海"},
    "003_2": {"宁德", "福鼎市", "赤溪村", "柏洋村", "下党乡", "甘肃"},
    "004_0": {"郴州", "桂东县", "沤江镇", "青竹村", "汝城县", "沙洲村"},
}
NOT_PLACES = frozenset({"中省", "明查暗", "乡村", "城乡", "农村", "富裕村", "贫困村"})

ORGS: dict[str, set[str]] = {
    "001_0": {"市委", "市政府", "市扶贫办"},
    "002_0": {"陇东学院", "市政协"},
    "003_0": {"省政协"},
    "003_1": {"湖北日报", "省委"},
    "003_2": {"光明日报"},
    "004_0": {"郴州日报", "中共郴州市委"},
}

# (seed, raw as written, value, unit, subject)
FACTS: list[tuple[str, str, float, str | None, str | None]] = [
    ("001_0", "三个", 3.0, "个", "摘帽县"),
    ("003_0", "7.2万户", 72000.0, "户", "脱贫户"),
    ("003_0", "26.65万人", 266500.0, "人", "脱贫人口"),
    ("003_0", "526个", 526.0, "个", "贫困村"),
    ("003_2", "188.7万", 1887000.0, None, "贫困人口"),
    ("003_2", "9.6%", 9.6, "%", "贫困发生率"),
    ("003_2", "0.028%", 0.028, "%", "贫困发生率"),
    ("003_2", "77万多人", 770000.0, "人", "脱贫人口"),
    ("004_0", "44.1万人", 441000.0, "人", "贫困人口"),
    ("004_0", "1.1万人", 11000.0, "人", "贫困人口"),
    ("004_0", "11位", 11.0, "位", "牺牲在扶贫一线的党员干部"),
    # subjects no listed term names: the noun phrase after the classifier, or before 达到
    ("003_2", "12个", 12.0, "个", "自然村"),
    ("003_2", "22户", 22.0, "户", "畲族群众"),
    ("003_2", "80万元", 800000.0, "元", "财政收入"),
    ("004_0", "1.1万名", 11000.0, "名", "未脱贫人员"),
]
# Raw strings that must never come back as facts (years, dates, ordinals, durations,
# figures of speech). A Chinese-numeral count (两个, 五个) may be a fact only with a subject.
NOT_FACTS = frozenset({"第7个", "第七个", "7个国家", "2020年", "3月13日", "两个小时", "三个小时", "千万人", "9月16日"})
