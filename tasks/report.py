"""``newsflow report``: one self-contained HTML page built from the published views.

The page reads only the ``summary_*`` views (the warehouse's public interface),
through a read-only connection to the published file, so it can be built at any
moment, even while a run is going. Charts are Vega-Lite specs made with Altair;
the Vega, Vega-Lite and vega-embed JavaScript is inlined from the
``vl-convert-python`` wheel (which bundles them), so the page opens offline and
never touches a CDN. Charts render as SVG so a browser test (and a reader's
"save image") sees real nodes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from tasks import db as warehouse

# Chinese labels need a CJK-capable font; the list covers Linux (Noto/Source Han,
# WenQuanYi), macOS (PingFang) and Windows (YaHei) before falling back.
CJK_FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif'
)

# How many rows each chart shows: enough to read, few enough to stay legible.
TOP_TERMS = 30
TOP_PEOPLE = 25
TOP_POSTS = 15
TOP_COUNTRIES = 25
CHINA = "中国"
TOP_SLOGANS = 20
TOP_SUBJECTS = 20
TABLE_ROWS = 15

CHART_WIDTH = 640



def count_axis(largest: float) -> alt.Axis:
    """An axis for whole counts: integer ticks only, however small the corpus.

    Vega's tickMinStep alone still gives 0.5 steps on a 0..2 domain, so small
    domains get their ticks spelled out.
    """
    top = int(largest) if pd.notna(largest) else 0
    if top <= 12:
        return alt.Axis(format="d", values=list(range(top + 1)))
    return alt.Axis(format="d", tickMinStep=1)

EMBED_OPTIONS = {
    # svg so the marks are DOM nodes (testable, crisp when printed); no action
    # menu because its "open in editor" link points to an online site.
    "renderer": "svg",
    "actions": False,
}


class ReportError(RuntimeError):
    """The report cannot be built (no warehouse, or nothing published yet)."""


@dataclass(frozen=True, slots=True)
class Section:
    """One block of the page: a heading, a short note, a chart and/or a table."""

    anchor: str
    title: str
    note: str
    chart: alt.TopLevelMixin | None = None
    table: str = ""
    empty: bool = False


# ------------------------------------------------------------------ reading


def read_views(db: Path) -> dict[str, pd.DataFrame]:
    """Every ``summary_*`` view (plus recent runs) as DataFrames, read-only."""
    if not db.exists():
        raise ReportError(f"no warehouse at {db}; run 'newsflow run --db {db}' first")
    try:
        con = warehouse.connect(db, read_only=True)
    except Exception as exc:  # duckdb.IOException and friends: say which file
        raise ReportError(f"cannot open {db} read-only: {exc}") from exc
    try:
        present = {r[0] for r in con.execute(
            "select view_name from duckdb_views() where not internal").fetchall()}
        missing = [v for v in warehouse.view_names() if v not in present]
        if missing:
            raise ReportError(
                f"{db} has no published views yet ({', '.join(missing)}); "
                f"run 'newsflow run --db {db}' until a build passes the quality gate"
            )
        frames = {name: con.execute(f"select * from {name}").df() for name in warehouse.view_names()}
        frames["runs"] = con.execute(
            "select started_at, files_seen, files_new, files_rejected, articles, "
            "validation_success, published, message from runs order by started_at desc limit 10"
        ).df()
    finally:
        con.close()
    return frames


# ------------------------------------------------------------------- charts


def _missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA; never true for a list (DuckDB lists arrive as arrays)."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _joined(value: Any, sep: str = "、") -> str:
    """A DuckDB list (numpy array or list; NULL for an empty one) as one readable string."""
    if _missing(value):
        return ""
    if isinstance(value, str):
        return value
    return sep.join(str(v) for v in list(value) if not _missing(v))


def _bar_height(n: int) -> int:
    return max(60, 20 * n)


def timeline_chart(timeline: pd.DataFrame) -> tuple[alt.Chart | None, str]:
    dated = timeline.dropna(subset=["month"]).copy()
    undated = int(timeline.loc[timeline["month"].isna(), "articles"].sum())
    note = "Stories per month of publication (each story once; duplicates left out)."
    if undated:
        note += f" {undated} article(s) whose text gives no year are not shown."
    if dated.empty:
        return None, note
    # ISO dates are parsed as UTC by the browser: use utc time units so a
    # reader west of Greenwich does not see every bar in the previous month.
    dated["month"] = pd.to_datetime(dated["month"]).dt.strftime("%Y-%m-%d")
    chart = (
        alt.Chart(dated)
        .mark_bar()
        .encode(
            x=alt.X("utcyearmonth(month):T", title="month"),
            y=alt.Y("articles:Q", title="articles", axis=count_axis(dated["articles"].max())),
            tooltip=[alt.Tooltip("utcyearmonth(month):T", title="month"),
                     "articles:Q", "sources:Q"],
        )
        .properties(width=CHART_WIDTH, height=220, title="Articles over time (按月文章数)")
    )
    return chart, note


def _ranked_bars(frame: pd.DataFrame, label: str, value: str, title: str,
                 tooltip: Sequence[Any], color: Any = None) -> alt.Chart:
    encoding: dict[str, Any] = {
        "y": alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
        "x": alt.X(f"{value}:Q", title=value, axis=count_axis(frame.groupby(label)[value].sum().max())),
        "tooltip": list(tooltip),
    }
    if color is not None:
        encoding["color"] = color
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(**encoding)
        .properties(width=CHART_WIDTH - 200, height=_bar_height(frame[label].nunique()),
                    title=title)
    )


def terms_chart(terms: pd.DataFrame) -> alt.Chart | None:
    top = terms.head(TOP_TERMS)
    if top.empty:
        return None
    return _ranked_bars(top, "term", "articles", f"Top {len(top)} terms (高频词)",
                        ["term:N", "pos:N", "articles:Q", "occurrences:Q"])


def _latest_post(row: pd.Series) -> str:
    """A person's latest post, or (with none known) the first title they are written with."""
    if not _missing(row.get("latest_post")):
        return str(row["latest_post"])
    titles = row.get("titles")
    first = next(iter(titles)) if not _missing(titles) and len(titles) else ""
    return f"({first})" if first else ""


def people_chart(people: pd.DataFrame) -> alt.TopLevelMixin | None:
    top = people.head(TOP_PEOPLE).copy()
    if top.empty:
        return None
    top["latest_post"] = top.apply(_latest_post, axis=1)
    top["posts"] = top["posts"].map(lambda v: _joined(v, " → "))
    bars = _ranked_bars(top, "name", "articles", f"People and their latest post (人物及现任职务), top {len(top)}",
                        ["name:N", "latest_post:N", "posts:N", "articles:Q", "mentions:Q"])
    # The latest post printed beside each bar: the point of the chart is who holds which post.
    labels = bars.mark_text(align="left", dx=4, fontSize=11).encode(text="latest_post:N")
    return alt.layer(bars, labels)


def tenures_chart(tenures: pd.DataFrame) -> alt.Chart | None:
    """A timeline of the most-evidenced posts: one bar per spell, from first to last seen."""
    if tenures.empty:
        return None
    frame = tenures[tenures["articles"] >= 2].copy()
    top = frame.groupby("post")["articles"].sum().nlargest(TOP_POSTS).index
    frame = frame[frame["post"].isin(top)]
    if frame.empty:
        return None
    for col in ("first_seen", "last_seen"):
        frame[col] = pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d")
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2, height=14)
        .encode(
            y=alt.Y("post:N", sort=list(top), title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("first_seen:T", title="first seen … last seen"),
            x2="last_seen:T",
            color=alt.Color("person:N", legend=None),
            tooltip=["post:N", "person:N", "first_seen:T", "last_seen:T", "articles:Q",
                     "predecessor:N", "successor:N", "status:N"],
        )
        .properties(width=CHART_WIDTH - 200, height=_bar_height(len(top)),
                    title=f"Who held the {len(top)} most-reported posts (任职时间线)")
    ) + (
        alt.Chart(frame)
        .mark_text(align="left", dx=3, fontSize=10)
        .encode(y=alt.Y("post:N", sort=list(top)), x="first_seen:T", text="person:N")
    )


def countries_chart(places: pd.DataFrame) -> alt.Chart | None:
    """Foreign places by their country: one bar per country, stacked by place."""
    if places.empty or "country" not in places:
        return None
    frame = places[places["country"].notna() & (places["country"] != CHINA)].copy()
    if frame.empty:
        return None
    keep = frame.groupby("country")["mentions"].sum().nlargest(TOP_COUNTRIES).index
    frame = frame[frame["country"].isin(keep)]
    frame["kind"] = frame.apply(lambda r: "the country" if r["name"] == r["country"] else "a place in it", axis=1)
    return (
        alt.Chart(frame)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("country:N", sort="-x", title=None),
            x=alt.X("sum(mentions):Q", title="mentions of the country and its places",
                    axis=count_axis(frame.groupby("country")["mentions"].sum().max())),
            color=alt.Color("kind:N", title=None, sort=["the country", "a place in it"]),
            detail="name:N",
            tooltip=["name:N", "country:N", "articles:Q", "mentions:Q"],
        )
        .properties(width=CHART_WIDTH - 200, height=_bar_height(frame["country"].nunique()),
                    title="Foreign places by country (外国地名按国家)")
    )


def places_chart(places: pd.DataFrame) -> alt.Chart | None:
    if places.empty:
        return None
    frame = places.copy()
    if "country" in frame:
        # Chinese places only, placed in a province: foreign ones have their own chart (by
        # country), and 中国 itself or a world region belongs to no province.
        frame = frame[frame["province"].notna() | frame["country"].isna()]
        frame = frame[frame["country"].isna() | (frame["country"] == CHINA)]
        if frame.empty:
            return None
    frame["province"] = frame["province"].fillna("（省份不明）")
    frame["level"] = frame.apply(
        lambda r: "county" if pd.notna(r["county"]) else
        ("prefecture" if pd.notna(r["prefecture"]) else "province"), axis=1)
    # One bar per province, stacked by place: the total is mentions of places in
    # that province, each segment (and tooltip) one named place.
    return (
        alt.Chart(frame)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("province:N", sort="-x", title=None),
            x=alt.X("sum(mentions):Q", title="mentions of its places",
                    axis=count_axis(frame.groupby("province")["mentions"].sum().max())),
            color=alt.Color("level:N", title="place level",
                            sort=["province", "prefecture", "county"]),
            detail="name:N",
            tooltip=["name:N", "province:N", "prefecture:N", "county:N", "admin_code:N",
                     "articles:Q", "mentions:Q"],
        )
        .properties(width=CHART_WIDTH - 200, height=_bar_height(frame["province"].nunique()),
                    title="Places by province (地名按省份)")
    )


def slogans_chart(slogans: pd.DataFrame) -> alt.Chart | None:
    top = slogans.head(TOP_SLOGANS).copy()
    if top.empty:
        return None
    top["forms"] = top["forms"].map(lambda v: _joined(v, " / "))
    return _ranked_bars(top, "phrase", "articles", f"Slogans (口号与提法), top {len(top)}",
                        ["phrase:N", "articles:Q", "mentions:Q", "forms:N"])


def facts_chart(facts: pd.DataFrame) -> alt.Chart | None:
    if facts.empty:
        return None
    frame = facts.copy()
    frame["unit"] = frame["unit"].fillna("(none)")
    frame["examples"] = frame["examples"].map(lambda v: _joined(v, " | "))
    keep = frame.groupby("subject")["facts"].sum().nlargest(TOP_SUBJECTS).index
    frame = frame[frame["subject"].isin(keep)]
    return _ranked_bars(
        frame, "subject", "facts", "Numeric facts by subject (数据事实按主题)",
        ["subject:N", "unit:N", "facts:Q", "articles:Q", "min_value:Q", "median_value:Q",
         "max_value:Q", "examples:N"],
        color=alt.Color("unit:N", title="unit"),
    ).encode(x=alt.X("sum(facts):Q", title="facts",
                     axis=count_axis(frame.groupby("subject")["facts"].sum().max())))


def funnel_frame(corpus: pd.DataFrame) -> pd.DataFrame:
    """Inputs → loaded files → articles → distinct stories, from ``summary_corpus``."""
    row = corpus.iloc[0].fillna(0) if not corpus.empty else pd.Series(dtype=float)

    def get(name: str) -> int:
        return int(row.get(name, 0) or 0)

    steps = [
        ("1 inputs seen", get("files") + get("files_superseded") + get("rejected_inputs")),
        ("2 files loaded", get("files")),
        ("3 articles found", get("articles") + get("duplicate_articles")),
        ("4 distinct stories", get("articles")),
    ]
    return pd.DataFrame(steps, columns=["step", "n"])


def quality_charts(corpus: pd.DataFrame, quality: pd.DataFrame) -> alt.VConcatChart:
    steps = funnel_frame(corpus)
    funnel = (
        alt.Chart(steps)
        .mark_bar()
        .encode(
            y=alt.Y("step:N", sort=None, title=None),
            x=alt.X("n:Q", title="count", axis=count_axis(steps["n"].max())),
            tooltip=["step:N", "n:Q"],
        )
        .properties(width=CHART_WIDTH - 200, height=120, title="The quality funnel (质量漏斗)")
    )
    funnel = funnel + funnel.mark_text(align="left", dx=4).encode(text="n:Q")
    details = quality[quality["n"] > 0]
    if details.empty:
        return alt.vconcat(funnel)
    breakdown = (
        alt.Chart(details)
        .mark_bar()
        .encode(
            y=alt.Y("code:N", sort="-x", title=None),
            x=alt.X("n:Q", title="count", axis=count_axis(details["n"].max())),
            color=alt.Color("stage:N", title="stage"),
            tooltip=["stage:N", "code:N", "n:Q"],
        )
        .properties(width=CHART_WIDTH - 200, height=_bar_height(len(details)),
                    title="What was rejected, removed, repaired and flagged, by reason")
    )
    return alt.vconcat(funnel, breakdown)


# ------------------------------------------------------------------- tables


def html_table(frame: pd.DataFrame, columns: Sequence[str], *,
               formats: dict[str, Callable[[Any], str]] | None = None,
               limit: int = TABLE_ROWS) -> str:
    """A small escaped HTML table (pandas' to_html would not join DuckDB lists)."""
    formats = formats or {}
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for _, record in frame.head(limit).iterrows():
        cells = []
        for c in columns:
            value = record[c]
            if c in formats:
                text = formats[c](value)
            elif _missing(value):
                text = ""
            elif isinstance(value, (list, tuple, np.ndarray)):
                text = _joined(value)
            else:
                text = str(value)
            cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(frame) > limit:
        more = f'<p class="more">… and {len(frame) - limit} more row(s) in the view.</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _cell(value: Any) -> str:
    """A scalar for a table cell: whole floats without ".0", timestamps as dates."""
    if _missing(value):
        return ""
    if isinstance(value, (pd.Timestamp, dt.date)):
        return _date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(value: Any) -> str:
    return "" if _missing(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


# --------------------------------------------------------------------- page


def build_sections(frames: dict[str, pd.DataFrame]) -> list[Section]:
    timeline, timeline_note = timeline_chart(frames["summary_timeline"])
    people = frames["summary_people"]
    tenures = frames["summary_tenures"]
    sections = [
        Section("timeline", "Articles over time", timeline_note, timeline, empty=timeline is None),
        Section("terms", "Top terms",
                "Content terms ranked by the number of stories using them (view summary_terms).",
                terms_chart(frames["summary_terms"]), empty=frames["summary_terms"].empty),
        Section("people", "People and their posts",
                "Persons named in the stories, one row each whatever name or title they carry, "
                "with the latest post they are seen holding (in brackets, the first title written "
                "with them when no post is known; view summary_people).",
                people_chart(people),
                html_table(people, ["name", "latest_post", "posts", "articles", "mentions", "first_seen", "last_seen"],
                           formats={"posts": lambda v: _joined(v, " → "), "first_seen": _date, "last_seen": _date}),
                empty=people.empty),
        Section("tenures", "Who held which post",
                "The most-reported posts and their holders over time: each bar one spell of a "
                "person in a post, from the first to the last article that shows it (view "
                "summary_tenures; spells of one article are left out).",
                tenures_chart(tenures),
                html_table(frames["summary_officials_now"],
                           ["post", "person", "since", "last_seen", "articles", "predecessor"],
                           formats={"since": _date, "last_seen": _date}),
                empty=tenures.empty),
        Section("places", "Places by province",
                "Chinese places named in the stories, grouped by the province they belong to "
                "(view summary_places).",
                places_chart(frames["summary_places"]), empty=frames["summary_places"].empty),
        Section("countries", "Foreign places by country",
                "Countries and the foreign places in them named in the stories (中 and 中华 are 中国, "
                "美 is 美国; view summary_places).",
                countries_chart(frames["summary_places"]), empty=frames["summary_places"].empty),
        Section("slogans", "Slogans",
                "Quoted formulas, each under its canonical form (view summary_slogans).",
                slogans_chart(frames["summary_slogans"]),
                html_table(frames["summary_slogans"],
                           ["phrase", "articles", "mentions", "forms", "first_seen", "last_seen"],
                           formats={"forms": lambda v: _joined(v, " / "),
                                    "first_seen": _date, "last_seen": _date}),
                empty=frames["summary_slogans"].empty),
        Section("facts", "Facts by subject",
                "Numeric facts (values made absolute: 26.65万 → 266500) by what they count "
                "and their unit (view summary_facts).",
                facts_chart(frames["summary_facts"]),
                html_table(frames["summary_facts"],
                           ["subject", "unit", "facts", "articles", "min_value", "median_value",
                            "max_value", "examples"],
                           formats={"examples": lambda v: _joined(v, " | ")}),
                empty=frames["summary_facts"].empty),
        Section("quality", "The quality funnel",
                "From inputs to distinct stories, then every rejected input, removed line, "
                "repaired character and flag by its reason (views summary_corpus, summary_quality).",
                quality_charts(frames["summary_corpus"], frames["summary_quality"])),
    ]
    return sections


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=CJK_FONTS).configure_view(stroke=None)


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec with its data inlined (never a URL)."""
    with alt.data_transformers.enable("default", max_rows=None):
        return _config(chart).to_dict()


def _script_json(value: Any) -> str:
    # "<" only occurs inside JSON strings, where \u003c is the same character:
    # data can then never close the <script> (or open an HTML comment) early.
    return json.dumps(value, ensure_ascii=False, default=str).replace("<", "\\u003c")


def javascript_bundle() -> str:
    """Vega + Vega-Lite + vega-embed as one classic script, from the vl-convert wheel."""
    import vl_convert as vlc

    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    available = vlc.get_vegalite_versions()
    if version not in available:  # Altair newer than the wheel: the newest it has
        version = available[-1]
    # The type stub marks ``snippet`` as required; leaving it out (no snippet) is the documented default.
    bundle: str = vlc.javascript_bundle(vl_version=version)  # type: ignore[call-arg]
    return bundle.replace("</script", "<\\/script")


def render_page(frames: dict[str, pd.DataFrame], *, db: Path, generated: dt.datetime) -> str:
    sections = build_sections(frames)
    corpus = frames["summary_corpus"]
    overview = ""
    if not corpus.empty:
        row = corpus.iloc[0]
        overview = html_table(
            pd.DataFrame({"measure": list(corpus.columns), "value": [_cell(v) for v in row]}),
            ["measure", "value"], limit=len(corpus.columns))
    runs = frames["runs"]
    runs_table = html_table(
        runs, ["started_at", "files_seen", "files_new", "files_rejected", "articles",
               "validation_success", "published", "message"],
        formats={"started_at": lambda v: pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")},
    ) if not runs.empty else "<p>No runs recorded.</p>"

    specs: dict[str, dict[str, Any]] = {}
    blocks = []
    for s in sections:
        body = f'<p class="note">{html.escape(s.note)}</p>'
        if s.chart is not None:
            specs[f"chart-{s.anchor}"] = chart_spec(s.chart)
            body += f'<div class="chart" id="chart-{s.anchor}"></div>'
        elif s.empty:
            body += '<p class="empty">Nothing published yet for this view.</p>'
        if s.table:
            body += f'<details><summary>Table</summary>{s.table}</details>'
        blocks.append(f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>{body}</section>')
    toc = " · ".join(f'<a href="#{s.anchor}">{html.escape(s.title)}</a>' for s in sections)

    return PAGE.format(
        title="newsflow report",
        fonts=CJK_FONTS,
        bundle=javascript_bundle(),
        generated=html.escape(f"{generated:%Y-%m-%d %H:%M:%S} UTC"),
        db=html.escape(str(db)),
        toc=toc,
        overview=overview,
        sections="\n".join(blocks),
        runs=runs_table,
        specs=_script_json(specs),
        embed=_script_json(EMBED_OPTIONS),
    )


def build_report(db: Path, out: Path) -> Path:
    """Write one self-contained HTML report of the published warehouse ``db`` to ``out``.

    Pure apart from reading ``db`` (read-only) and writing ``out``; raises
    ReportError when there is no warehouse or nothing published to show.
    """
    frames = read_views(Path(db))
    page = render_page(frames, db=Path(db).resolve(),
                       generated=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)  # a reader refreshing the page never sees half of it
    return out


# Doubled braces are literal braces for str.format. Each chart renders into its
# div; failures are written into the page (and the console) so a broken chart
# is visible rather than an empty box. document.body.dataset.charts counts
# charts drawn: the browser test waits on it.
PAGE = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font-family: {fonts}; margin: 2rem auto; max-width: 980px; color: #222; padding: 0 1rem; }}
  h1 {{ margin-bottom: 0.2rem; }}
  .meta, .note, .more {{ color: #555; font-size: 0.9rem; }}
  nav {{ margin: 1rem 0 2rem; font-size: 0.95rem; }}
  section {{ margin: 2.5rem 0; }}
  table {{ border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }}
  th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }}
  th {{ background: #f4f4f4; }}
  .empty {{ color: #999; font-style: italic; }}
  .chart-error {{ color: #b00; white-space: pre-wrap; }}
  details summary {{ cursor: pointer; color: #336; margin-top: 0.5rem; }}
</style>
<script>
{bundle}
</script>
</head>
<body>
<h1>{title}</h1>
<p class="meta">Built {generated} from the published views of <code>{db}</code>.</p>
<nav>{toc} · <a href="#runs">Recent runs</a></nav>
<section id="overview"><h2>Corpus</h2>{overview}</section>
{sections}
<section id="runs"><h2>Recent runs</h2>{runs}</section>
<script>
(function () {{
  const specs = {specs};
  const options = {embed};
  document.body.dataset.charts = "0";
  document.body.dataset.chartErrors = "0";
  const jobs = Object.entries(specs).map(([id, spec]) =>
    vegaEmbed("#" + id, spec, options)
      .then(() => {{ document.body.dataset.charts = String(Number(document.body.dataset.charts) + 1); }})
      .catch((err) => {{
        console.error("chart " + id + " failed: " + err);
        document.body.dataset.chartErrors = String(Number(document.body.dataset.chartErrors) + 1);
        const el = document.getElementById(id);
        el.className = "chart-error";
        el.textContent = "This chart could not be drawn: " + err;
      }}));
  Promise.allSettled(jobs).then(() => {{ document.body.dataset.rendered = "done"; }});
}})();
</script>
</body>
</html>
"""
