"""Sports teams written as the place that plays (对奥地利踢平, 意大利、巴西队).

Only in a sentence about a match (a score, 比赛, 决赛 …), and never where the place is
where they play (在成都与四川全兴队苦战).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A sentence about a match: a score (２∶１), or words of competition.
_SPORTS_RE = re.compile(r"[0-9０-９][∶:][0-9０-９]|比赛|决赛|小组赛|出线|锦标赛|联赛|世界杯|杯赛|夺冠")


# Where a country or province is the team: after a verb of the match (战胜丹麦, 对奥地利踢平),
# or in a list that ends with a team (意大利、巴西队; 德国、法国和希腊四支国家队).
_OPPONENT_BEFORE = ("对阵", "战胜", "击败", "负于", "逼平", "迎战", "淘汰", "对")


_TEAM_COUNT_RE = re.compile(r"(?:[两三四五六七八九十]|[0-9０-９]+)支(?:国家队|球队|队)|等(?:强队|球队)")


def sports_teams(
    text: str, orgs: Sequence[tuple[int, int]], places_: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """In a sentence about a match, a country or province that plays is the team, as the
    reference annotations write it (对奥地利, 意大利、巴西队 are organisations): after a verb
    of the match, or in a list of places that ends with a team or a count of teams."""
    if not places_ or not _SPORTS_RE.search(text):
        return list(orgs), list(places_)
    place_at = {s: e for s, e in places_}
    team_at = {s: e for s, e in orgs if text[e - 1] == "队"}
    teams: set[tuple[int, int]] = set()
    for s, e in sorted(places_):
        if (s, e) in teams or e - s < 2 or not _in_sports_sentence(text, s, e):
            continue
        if text.endswith(_OPPONENT_BEFORE, 0, s) and (e == len(text) or text[e] in "，。；、踢队"):
            teams.add((s, e))
            continue
        if s and text[s - 1] in "在于赴到来抵从":
            continue  # 在成都与四川全兴队苦战: where they played
        chain, pos = [(s, e)], e
        while pos < len(text) - 1 and text[pos] in "、和与及" and pos + 1 in place_at:
            chain.append((pos + 1, place_at[pos + 1]))
            pos = place_at[pos + 1]
        ends_in_team = pos < len(text) - 1 and text[pos] in "、和与及" and pos + 1 in team_at
        if ends_in_team or _TEAM_COUNT_RE.match(text, pos):
            teams.update(c for c in chain if c[1] - c[0] >= 2)
    if not teams:
        return list(orgs), list(places_)
    return sorted({*orgs, *teams}), [p for p in places_ if p not in teams]


def _in_sports_sentence(text: str, s: int, e: int) -> bool:
    start = max(text.rfind(c, 0, s) for c in "。！？；\n") + 1
    end = min((i for i in (text.find(c, e) for c in "。！？；\n") if i >= 0), default=len(text))
    return bool(_SPORTS_RE.search(text, start, end))
