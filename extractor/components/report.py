"""govkg_report: the report's structure, jurisdiction and dates.

Runs first: parses chrome, title block, outline and sentences, and works out
whose report it is (jurisdiction, its level, province and city), which later
components need to resolve relative names such as 市政府, and which year it
reviews and plans.

The jurisdiction is read from, in this order: the title, the congress line
(在某省第十四届人民代表大会…会议上), the issuer (发文单位, the issuer line, the
speaker's organ); then the input's metadata (``hints``: title, place within
city and province); then the text (我代表某市人民政府…, the place it names
most).  Names resolve to divisions of the gazetteer where it is installed.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..layout import Layout
from ..mentions import Findings
from ..patterns import alternation
from ..places import LEVEL_CHARS, LEVEL_SUFFIXES, is_place_name
from ..structure import clean_title, is_session_title, parse_structure
from .base import PatternComponent

try:  # the gazetteer (extractor/gazetteer.py) resolves names to divisions and their hierarchy
    from ..gazetteer import NATION, gazetteer
except ImportError:  # pragma: no cover - without it names stay as written
    NATION, gazetteer = None, None

__all__ = ["ReportReader", "place_chain"]

_CN = r"\u4e00-\u9fff"
_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", '"': '"'}
NATION_NAME = "中华人民共和国"
# Names of the nation as a jurisdiction, and the organs that speak for it.
_NATION = re.compile(r"中华人民共和国|全国人民代表大会|^全国$|^国务院$|国务院总理")
# The speaker's own words: 我代表某市人民政府 / 我代表国务院 / 我受国务院的委托
_REPRESENTS = re.compile(rf"我(?:代表|受)\s*(?P<who>[{_CN}]{{0,24}}?)(?P<organ>人民政府|政府|国务院)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)|^\s*((?:19|20)\d{2})\s*$")


@Language.factory(
    "govkg_report",
    default_config={"patterns": None, "jurisdiction": None, "year": None},
)
def make_report_reader(nlp: Language, name: str, patterns: str | None, jurisdiction: str | None,
                       year: int | None) -> ReportReader:
    return ReportReader(nlp, name, patterns=patterns, jurisdiction=jurisdiction, year=year)


class ReportReader(PatternComponent):
    """Set ``doc._.govkg`` to the report's structure and context.

    ``jurisdiction`` and ``year`` override what is read from the text.
    """

    default_file = "provinces.jsonl"

    def __init__(self, nlp, name: str, *, patterns: str | None = None, jurisdiction: str | None = None,
                 year: int | None = None) -> None:
        self.jurisdiction = jurisdiction
        self.year = year
        super().__init__(nlp, name, patterns=patterns)

    def _compile(self) -> None:
        self.provinces = {row["pattern"]: row.get("id", row["pattern"]) for row in self.patterns
                          if row["label"] == "PROVINCE"}

    def __call__(self, doc: Doc, *, jurisdiction: str | None = None, year: int | None = None,
                 hints: dict[str, str] | None = None, layout: Layout | None = None) -> Doc:
        text = doc.text
        st = parse_structure(text)
        f = Findings(structure=st, hints={k: str(v) for k, v in (hints or {}).items() if v not in (None, "")})
        # `process` reads a text whose layout it undid first; a Doc made otherwise is its own source.
        f.layout = layout if layout is not None and layout.text == text else Layout(text, text)
        _set_title(f)
        _set_dates(f, year or self.year)
        override = jurisdiction or self.jurisdiction
        if override:
            f.jurisdiction, f.jurisdiction_source = override, "override"
            f.division = _resolve_chain(place_chain(override) or [override], _hint_context(f.hints), f)
        else:
            _set_jurisdiction(f, text)
        f.level = _level(f.jurisdiction)
        self._set_province(f, text)
        f.quoted = _quoted_mask(text)
        doc._.govkg = f
        return doc

    def _set_province(self, f: Findings, text: str) -> None:
        d = f.division
        if d is not None and gazetteer is not None:
            if d.level == "nation":
                return
            gz = gazetteer()
            prov = d if d.level == "province" else gz.province_of(d)
            city = d if d.level == "city" else (gz.city_of(d) if d.level in ("county", "town") else None)
            f.province = prov.name if prov else None
            f.city = city.name if city and city is not d else None
            return
        if f.jurisdiction == NATION_NAME:
            return
        f.province = self._province(text, f.jurisdiction)

    def _province(self, text: str, jurisdiction: str | None) -> str | None:
        for full, short in self.provinces.items():
            if jurisdiction and (jurisdiction.startswith(full) or jurisdiction.startswith(short)):
                return full
        counts = Counter()
        for full, short in self.provinces.items():
            counts[full] = text.count(short)
        best = [p for p, n in counts.most_common(1) if n]
        return best[0] if best else None


# ---------------------------------------------------------------- title and dates

def _set_title(f: Findings) -> None:
    """The text's title; the metadata's where the text has none or names no place the metadata's does."""
    st, hint = f.structure, clean_title(f.hints.get("title", "")) if f.hints.get("title") else ""
    if st.title and not (hint and st.title in hint and not _names_place(st.title) and _names_place(hint)):
        f.title, f.title_source = st.title, "text"
    elif hint:
        f.title, f.title_source = hint, "metadata"


def _names_place(title: str) -> bool:
    return bool(_NATION.search(title) or place_chain(title))


def _set_dates(f: Findings, override: int | None) -> None:
    """gk:year (reviewed), the plan year, the issue date, with their sources."""
    st, hints = f.structure, f.hints
    named = _hint_year(hints.get("title")) or _hint_year(hints.get("year"))
    published = _hint_date(hints.get("published"))
    session = st.session or is_session_title(f.title)
    if override:
        f.year, f.year_source = override, "override"
    elif st.year is not None and not _from_body(st.year_source):
        f.year, f.year_source = st.year, st.year_source
    elif named or (published and session):
        base = named or int(published[:4])
        f.year, f.year_source = (base - 1 if session else base), "metadata"
    elif st.year is not None:
        f.year, f.year_source = st.year, st.year_source
    f.plan_year = f.year + 1 if f.year else None
    f.year_conflict = st.year_conflict
    if named and f.year and f.year_source not in ("metadata", "override"):
        expected = named - 1 if session else named
        if expected != f.year and not f.year_conflict:
            f.year_conflict = f"metadata names {named}, the text gives {f.year} ({f.year_source})"
    if st.delivered:
        f.issued, f.issued_source = st.delivered, st.delivered_source
    elif st.published:
        f.issued, f.issued_source = st.published, "header line"
    elif published:
        f.issued, f.issued_source = published, "metadata"
    if f.year and f.issued and int(f.issued[:4]) < f.year and not f.year_conflict:
        # Nothing is published before the year it reviews has begun.
        f.year_conflict = f"issued {f.issued}, before the year it reviews ({f.year})"


def _from_body(source: str | None) -> bool:
    """A year inferred from the body (body, body: congress session ...), which the metadata's year overrides."""
    return bool(source) and source.startswith("body")


def _hint_year(value: str | None) -> int | None:
    m = _YEAR.search(value) if value else None
    return int(m.group(1) or m.group(2)) if m else None


def _hint_date(value: str | None) -> str | None:
    m = re.search(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", value or "")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


# ---------------------------------------------------------------- jurisdiction

def _set_jurisdiction(f: Findings, text: str) -> None:
    st, hints = f.structure, f.hints
    context = _hint_context(hints)
    issuers = [n for n in (st.header.get("issuer"), st.issuer) if n]
    sources = [("title", st.title), ("congress line", st.congress_place)] + [("issuer", n) for n in issuers]
    # A speech delivered to a session of the National People's Congress is the nation's report.
    sources.append(("congress session", "全国" if st.addressed_session else None))
    for source, head in sources:
        if head and _found(f, head, context, source):
            return
    if hints.get("title") and _found(f, clean_title(hints["title"]), context, "metadata"):
        return
    if hints.get("place") and _found_hint_place(f, hints["place"], context):
        return
    body = st.sentences[0].start if st.sentences else 0
    text = _without_chrome(text, st.chrome)  # a page's sidebar names other places' reports
    m = _REPRESENTS.search(text, body, body + 2000)
    # 我受中共中央和国务院的委托: whoever else the speaker names, 国务院 speaks for the nation.
    who = "国务院" if m and m.group("organ") == "国务院" else (m.group("who") + m.group("organ") if m else "")
    if who and _found(f, who, context, "body"):
        return
    # 我代表县人民政府: the speaker's organ says the level, where it names no place.
    own = m.group("who") if m and len(m.group("who")) == 1 and m.group("who") in LEVEL_CHARS else None
    if _found_thanked(f, text, body, own or _self_level(text)):
        return
    if _self_level(text) == "国":
        _found(f, "全国", None, "body")
        return
    name = _named_early(text, body, own or _self_level(text)) or _most_named_place(text, own)
    if name:
        f.jurisdiction, f.jurisdiction_source = name, "body"
        f.division = _resolve_chain([name], context, f)
        return
    chain = _opening_subject(text, body)
    if chain and (d := _resolve_chain(chain, context, f)) is not None:
        f.jurisdiction, f.division, f.jurisdiction_source = d.name, d, "body"


def _without_chrome(text: str, chrome: list[tuple[int, int]]) -> str:
    """``text`` with its page chrome blanked out, offsets kept."""
    if not chrome:
        return text
    parts, pos = [], 0
    for s, e in sorted(chrome):
        if s < pos:
            continue
        parts += [text[pos:s], " " * (e - s)]
        pos = e
    return "".join(parts) + text[pos:]


def _found(f: Findings, head: str, context, source: str) -> bool:
    """Set the jurisdiction from the places named in ``head``; False when it names none."""
    if _NATION.search(head):
        f.jurisdiction, f.jurisdiction_source, f.division = NATION_NAME, source, NATION
        return True
    chain = place_chain(head)
    if not chain:
        return False
    f.division = _resolve_chain(chain, context, f)
    f.jurisdiction = f.division.name if f.division is not None else chain[-1]
    f.jurisdiction_source = source
    return True


def _found_hint_place(f: Findings, place: str, context) -> bool:
    """A metadata place, perhaps without its suffix (清苑 for 清苑区), resolved within the hints' city and province."""
    if gazetteer is not None:
        d = gazetteer().resolve(place, within=context)
        if d is not None:
            f.jurisdiction, f.division, f.jurisdiction_source = d.name, d, "metadata"
            return True
    chain = place_chain(place)
    name = chain[-1] if chain else (place if place.endswith(LEVEL_SUFFIXES) and is_place_name(place) else None)
    if name:
        f.jurisdiction, f.jurisdiction_source = name, "metadata"
        return True
    return False


def _hint_context(hints: dict[str, str]):
    """The division the metadata's province and city name, to resolve names within."""
    if gazetteer is None:
        return None
    gz, d = gazetteer(), None
    for key in ("province", "city"):
        if hints.get(key):
            d = gz.resolve(hints[key], within=d) or d
    return d


def _resolve_chain(chain: list[str], context, f: Findings | None = None):
    """The division of the last name of ``chain``, each name resolved within the one before.

    A name several divisions share (鼓楼区: in 南京, 徐州, 福州, 开封) is resolved by the places the
    report's text names around it (`_named_around`).
    """
    if gazetteer is None:
        return None
    gz, d = gazetteer(), context
    for name in chain:
        r = gz.resolve(name, within=d)
        if r is None and f is not None:
            r = _named_around(gz, name, d, _without_chrome(f.structure.text, f.structure.chrome))
        if r is None:
            return None
        d = r
    return d


def _named_around(gz, name: str, within, text: str):
    """The one division called ``name`` whose surroundings the text names most: the city and province
    containing it, the towns and counties inside it, its neighbours under the same parent.

    Counting names only the gazetteer knows, not words picked from reports: a district report names
    its streets, its city and the city's other districts. None when no division is named more than
    the others.
    """
    candidates = gz.lookup(name, within=within)
    if len(candidates) < 2:
        return None
    scores = []
    for d in candidates:
        above = gz.ancestors(d)
        around = {a.name for a in above if a.level != "nation"}
        around |= {a.short for a in above if a.level in ("province", "city") and len(a.short) >= 2}
        parent = gz.get(d.parent) if d.parent else None
        near = [*gz.children(d), *(gz.children(parent) if parent is not None and parent.level != "nation" else [])]
        around |= {n.name for n in near if n.code != d.code and n.name != name and len(n.name) >= 3}
        scores.append((sum(1 for n in around if n in text), d))
    scores.sort(key=lambda s: -s[0])
    if scores[0][0] > 0 and scores[0][0] > scores[1][0]:
        return scores[0][1]
    return None


_SUFFIX_RX = alternation(LEVEL_SUFFIXES).pattern  # longest first
_NUMERAL = "〇零一二三四五六七八九十百"
# One division name: a stem and a level suffix not followed by another suffix character
# (杭州市 is one name, not 杭州 then 市).
_UNIT = rf"[{_CN}]{{1,9}}?(?:{_SUFFIX_RX})(?![{LEVEL_CHARS}])"
# A run of division names, where the words after it say it is a place: its organs, its
# congress, its year, or the end of a title's place part.
_CUED_CHAIN = re.compile(
    rf"(?P<chain>(?:{_UNIT}){{1,5}}?)(?=人民政府|政府|国务院|人民代表大会|第?[{_NUMERAL}\d]+届|\d{{4}}\s*年|"
    rf"[一二][〇零○][〇零○一二三四五六七八九]{{2}}年|关于|国民经济|工作报告|法治|依法|年度|$)"
)
# Characters that cannot be inside a place name: where a run of text before a name stops.
_NOT_IN_NAME = re.compile(r".*(?:中共|[\s在的和与及于为对从向是了月日号委]|年度?)")  # 中共某市委某市人民政府


def place_chain(s: str) -> list[str]:
    """The first run of division names in ``s``, outermost first.

    A run counts where the words after it say it names a place (人民政府, 第十四届人民代表大会,
    2024年, 关于, 工作报告, or the end of ``s``); grammar splits it: a name is a stem and a level
    suffix (省, 市, 县, 区, 自治州 …).  Words run into the first name (日在杭州市) are cut off.

    Examples
    --------
    >>> place_chain("河南省南阳市人民政府关于2023年法治政府建设情况的报告")
    ['河南省', '南阳市']
    >>> place_chain("某某市某某区2020年政府工作报告"), place_chain("日在杭州市第十三届")
    (['某某市', '某某区'], ['杭州市'])
    >>> place_chain("政府工作报告"), place_chain("关于新城市建设的报告")
    ([], [])
    >>> place_chain("二〇二二年某某县法治政府建设年度报告"), place_chain("2022年度某某区依法行政工作报告")
    (['某某县'], ['某某区'])
    >>> place_chain("中共某某市委某某市人民政府关于2022年法治政府建设情况的报告")
    ['某某市']
    """
    for m in _CUED_CHAIN.finditer(s):
        units = [_trim_lead(u) for u in re.findall(_UNIT, m.group("chain"))]
        if units[0]:
            # 中共某市委某市人民政府: the party committee's 委 starts no place; the place is named once.
            chain = [u for u in units if u]
            return [u for i, u in enumerate(chain) if i == 0 or u != chain[i - 1]]
    return []


def _trim_lead(name: str) -> str | None:
    """A name without the words run into it (日在杭州市 → 杭州市): what follows the last function word."""
    m = _NOT_IN_NAME.match(name)
    if not m or _known_place(name):
        return name  # 和平区, 共和县: a division's own name holds such a character
    rest = name[m.end():]
    return rest if len(rest) >= 2 else None


def _known_place(name: str) -> bool:
    if gazetteer is not None:
        return bool(gazetteer().lookup(name))
    return is_place_name(name)


# How a report speaks of its own jurisdiction: 全县, 我县, 本县 (and 全市, 全区, 全省).
# Not 全市第四位, 全省前列: a rank within the level above, as 全国第一 is.
_SELF_LEVEL = re.compile(rf"(?:全|我|本)([{LEVEL_CHARS}])(?![第前首]|排名|领先|率先)")
# Words that make a 县/市/区 name a kind of place rather than a place: 百强县, 文明城市, 京津地区.
_GENERIC_PLACE = re.compile(r"强县|城市$|地区$|城区$|市区$|新区$|园区$|景区$|社区$|辖区$|县区$|市县$")


# How far into the body an untitled report's opening paragraphs reach, where it names itself.
_EARLY = 800


def _named_early(text: str, body: int, level: str | None) -> str | None:
    """The one place of the report's own level (全市 → a 市) its opening names with its suffix.

    Examples
    --------
    >>> _named_early("2024年，市政府推进法治建设，包头市法治政府建设取得成效，全市上下团结奋进。", 0, "市")
    '包头市'
    >>> _named_early("全县经济增长。" + "做了工作。" * 200 + "与新疆和静县签订协议。", 0, "县") is None
    True
    """
    if not level or level == "国":
        return None
    names = set()
    for m in re.finditer(level, text[body:body + _EARLY]):
        for k in (4, 3, 2):
            name = text[max(body, body + m.start() - k):body + m.end()]
            if len(name) == k + 1 and re.fullmatch(f"[{_CN}]+", name) and _known_place(name) \
                    and not _GENERIC_PLACE.search(name):
                names.add(name)
                break
    return names.pop() if len(names) == 1 else None


# The opening sentence of a report whose title names no place: a time phrase, then the place that acts
# (2024年，某市某区坚持…; 一年来，某县人民政府…).
_OPENING = re.compile(rf"\s*(?:(?:19|20)\d{{2}}\s*年度?|[一过今去][^，,。\n]{{0,8}}(?:以来|一年|来))\s*[，,]\s*"
                      rf"(?P<chain>(?:{_UNIT}){{1,4}})")


def _opening_subject(text: str, body: int) -> list[str]:
    """The places, outermost first, that open the report's first paragraph as its subject, after a time phrase.

    Only divisions the gazetteer knows count, and only a run that stands before the predicate (its organ,
    or a word that is no place): the last resort of a report whose title, issuer and self-references say
    nothing.

    Examples
    --------
    >>> _opening_subject("2024年，合肥市蜀山区认真贯彻落实决策部署。", 0)
    ['合肥市', '蜀山区']
    >>> _opening_subject("关于2023年度法治政府建设情况的报告\\n一年来，桐庐县人民政府扎实推进依法行政。", 0)
    ['桐庐县']
    >>> _opening_subject("2024年，在市委的坚强领导下，全区坚持依法行政。", 0)
    []
    """
    starts = [body] + [i + 1 for i in range(body, min(len(text), body + _EARLY)) if text[i] == "\n"]
    m = next((m for m in (_OPENING.match(text, pos) for pos in starts) if m), None)
    if not m:
        return []
    chain = []
    for unit in re.findall(_UNIT, m.group("chain")):
        if not _known_place(unit) or _GENERIC_PLACE.search(unit):
            break
        chain.append(unit)
    return chain


# An untitled report names its own place again and again, mostly by its short form (和谐清苑, 清苑的后发优势):
# at least this many times, and twice as often as any other place of its level it names.
_MIN_OWN_MENTIONS = 5


def _most_named_place(text: str, level: str | None = None) -> str | None:
    """An untitled report: the place of its own level (全县 → a 县) that the text names most often.

    A candidate is a division the text names with its suffix at least once (清苑县); it counts with
    its short form (清苑). A place named a few times (a partner county, 与新疆某某县签订协议) is no
    report's own: without a clear winner there is no jurisdiction.

    Examples
    --------
    >>> _most_named_place("全县上下奋力建设秀美清苑。清苑县地区生产总值增长8%。清苑经济稳中向好，清苑人民安居乐业，清苑发展后劲增强。")
    '清苑县'
    >>> _most_named_place("全县上下与新疆和静县签订协议。全县经济增长。") is None
    True
    """
    level = level or _self_level(text)
    suffixes = [level] if level and level != "国" else ["市", "县", "区"]
    names = set()
    for m in re.finditer("|".join(suffixes), text):
        for k in (4, 3, 2):  # a one-character stem (和县, 上市) is more often a word than a place
            name = text[max(0, m.start() - k):m.end()]
            if len(name) == k + 1 and re.fullmatch(f"[{_CN}]+", name) and _known_place(name) \
                    and not _GENERIC_PLACE.search(name):
                names.add(name)
                break
    counts = Counter({name: text.count(name[:-1] if len(name) > 2 else name) for name in names})
    ranked = counts.most_common(2) + [(None, 0), (None, 0)]
    (best, n), (_, runner_up) = ranked[0], ranked[1]
    return best if best and n >= _MIN_OWN_MENTIONS and n >= 2 * runner_up else None


# The closing thanks of a speech name its jurisdiction: 向关心支持保定发展的各界人士表示衷心感谢,
# 向关心和支持中国现代化建设的…朋友表示诚挚谢意.
_THANKED = re.compile(
    rf"关心(?:[、和与]?(?:支持|帮助|参与|关注))*[、和与]?(?P<name>[{_CN}]{{2,8}}?)的?"
    rf"(?:改革|建设|发展|经济社会|现代化|振兴|高质量|事业)"
)
_THANKS = re.compile(r"感谢|谢意|敬意|问候|祝福")
_SELF_NAMES = re.compile(rf"^(?:我|本|全)[{LEVEL_CHARS}]$|^我国$|^祖国$")
_NATION_NAMES = ("中国", "祖国", "我国")


def _found_thanked(f: Findings, text: str, body: int, level: str | None) -> bool:
    """The place whose 发展 the closing thanks name (关心支持X发展…表示感谢), of the report's own level.

    The last such sentence counts; the name must be a division of the level the text speaks of itself
    as (``level``: 县 for 我代表县人民政府 or 全县) that the gazetteer knows as one place, or the nation.
    """
    for m in reversed(list(_THANKED.finditer(text, body))):
        sentence = text[text.rfind("。", 0, m.start()) + 1:_sentence_end(text, m.end())]
        if not _THANKS.search(sentence):
            continue
        name = m.group("name")
        if name in _NATION_NAMES:
            return _found(f, "全国", None, "body")
        if _SELF_NAMES.match(name):
            return False
        d = _one_division(name, level)
        if d is not None:
            f.jurisdiction, f.division, f.jurisdiction_source = d.name, d, "body"
            return True
        return False
    return False


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in "。\n") if i >= 0]
    return min(ends) if ends else len(text)


def _self_level(text: str) -> str | None:
    """The level the text speaks of itself as: 全县, 我县, 本县 → 县 (the most said); 国 where 我国 outnumbers them all.

    (全国 is no self-reference: every level ranks itself within the nation, 全国第一.)

    Examples
    --------
    >>> _self_level("全县上下……我县……全省第一"), _self_level("我国经济……我国人民……我国外交……全省")
    ('县', '国')
    """
    levels = Counter(m.group(1) for m in _SELF_LEVEL.finditer(text))
    ours = text.count("我国")
    if ours >= 3 and ours > sum(levels.values()):
        return "国"
    ranked = levels.most_common(2) + [(None, 0)]
    return ranked[0][0] if levels and ranked[0][1] > ranked[1][1] else None  # a tie says nothing


def _one_division(name: str, level: str | None):
    """The one division (not a town) ``name`` names, by full or short name, of the report's own ``level``.

    ``level`` is the self-reference's suffix (县 for 全县); a province speaks of itself as 全省 or,
    an autonomous region, 全区.
    """
    if gazetteer is None:
        return None
    found = [d for d in gazetteer().lookup(name) if d.level not in ("town", "nation")]
    if level == "省":
        found = [d for d in found if d.level == "province"]
    elif level:
        found = [d for d in found if d.name.endswith(level) or level == "区" and d.level == "province"]
    return found[0] if len({d.code for d in found}) == 1 else None


def _level(jurisdiction: str | None) -> str | None:
    """The level prefix the report's own organs take (市 for 市政府); None for the nation."""
    if not jurisdiction or jurisdiction == NATION_NAME:
        return None
    # The last character of the level suffix: 州 for 自治州, 区 for 自治区.
    return jurisdiction[-1] if jurisdiction[-1] in LEVEL_CHARS else None


def _quoted_mask(text: str) -> list[bool]:
    """Flag characters inside quotes and 《》, where numbers belong to names."""
    mask = [False] * len(text)
    i = 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        if close:
            j = text.find(close, i + 1, i + 80)
            if j > 0 and "\n" not in text[i:j]:
                mask[i:j + 1] = [True] * (j + 1 - i)
                i = j + 1
                continue
        i += 1
    return mask
