"""A synthetic corpus for benchmarks: the six sample reports, varied.

Each generated report is one of ``tests/data/corpus/*.txt`` with

- its jurisdiction replaced by another real one of the same level (a city for
  a city's report, a county for a county's, a district of a municipality for a
  district's), consistently within the report and its title: the full name
  (南阳市), the short name (南阳), the parent city and the province;
- its years shifted by one offset, so the report year becomes a year from
  2015 to 2025 and every other single year (``2022年``, ``2024-03-06``,
  ``2019年1月21日``) moves with it; year ranges (``2015—2020年``) stay;
- every other Arabic number scaled by its own random factor (0.5 to 2),
  keeping its decimals; a percentage stays below 100, and 100% stays 100%.
  Numbers that are names or structure stay as they are: inside “…” or 《…》,
  outline markers (``1.``), ordinals (``第3``), days and months.

It is deterministic for a seed, and writes the reports as UTF-8 files in a
tree ``OUT/<province>/<city>[/<county>]/<year>-<n>.txt`` with a
``manifest.json`` that says what each file was made from.

Usage::

    .venv/bin/python benchmarks/corpus.py --reports 1000 --out /tmp/corpus --seed 0
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Place", "Template", "GeneratedReport", "TEMPLATES", "generate", "vary"]

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
YEARS = range(2015, 2026)
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Place:
    """A jurisdiction: its full name, the city it belongs to (if any) and its province."""

    name: str
    parent: str | None
    province: str

    @property
    def level(self) -> str:
        return self.name[-1]


@dataclass(frozen=True)
class Template:
    """A sample report and what it is about."""

    file: str
    home: Place
    year: int  # the report year as govkg reads it


@dataclass(frozen=True)
class GeneratedReport:
    """One generated file: where it is and what it was made from."""

    path: str  # relative to the corpus folder
    template: str
    jurisdiction: str
    province: str
    year: int
    year_offset: int
    chars: int


TEMPLATES = (
    Template("nanyang-2023.txt", Place("南阳市", None, "河南省"), 2023),
    Template("wuhan-2022.txt", Place("武汉市", None, "湖北省"), 2022),
    Template("baotou-2024.txt", Place("包头市", None, "内蒙古自治区"), 2024),
    Template("hangzhou-2019.txt", Place("杭州市", None, "浙江省"), 2018),  # a 2019 work report on 2018
    Template("minhang-2018.txt", Place("闵行区", "上海市", "上海市"), 2018),
    Template("taoyuan-2017.txt", Place("桃源县", "常德市", "湖南省"), 2017),
)

# Real names, each known to jieba's dictionary (govkg's gazetteer) with its level suffix,
# so the benchmark measures speed rather than the gazetteer's gaps.  No one-character
# counties (澧县, 攸县, 新县...): govkg does not read them as the jurisdiction, and such
# reports of one year all get the same IRI (report/unknown/<year>/...).
_CITIES = {
    "河南省": "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 濮阳 许昌 漯河 三门峡 商丘 信阳 驻马店 南阳",
    "湖北省": "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州",
    "湖南省": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底",
    "河北省": "石家庄 唐山 秦皇岛 邯郸 邢台 张家口 承德 沧州 廊坊 衡水",
    "山东省": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "江苏省": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
    "浙江省": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
    "安徽省": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "江西省": "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
    "广东省": "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮",
    "四川省": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中",
    "内蒙古自治区": "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布",
    "山西省": "太原 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
    "陕西省": "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛",
    "福建省": "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德",
    "广西壮族自治区": "南宁 柳州 桂林 梧州 北海 钦州 贵港 玉林 百色 河池",
}
_COUNTIES = {  # (province, city): counties
    ("湖南省", "常德市"): "桃源 临澧 石门 安乡",
    ("湖南省", "株洲市"): "茶陵 炎陵",
    ("湖南省", "衡阳市"): "衡东 衡山 衡南 祁东",
    ("湖南省", "岳阳市"): "平江 湘阴",
    ("湖南省", "益阳市"): "桃江 安化",
    ("湖南省", "永州市"): "宁远 东安",
    ("河南省", "南阳市"): "西峡 内乡 镇平 淅川 桐柏 方城 唐河 新野",
    ("河南省", "开封市"): "兰考",
    ("河南省", "信阳市"): "固始 光山 商城 罗山 潢川 淮滨",
    ("浙江省", "湖州市"): "安吉 德清 长兴",
    ("浙江省", "杭州市"): "桐庐 淳安",
    ("浙江省", "宁波市"): "象山 宁海",
    ("浙江省", "嘉兴市"): "嘉善 海盐",
    ("浙江省", "台州市"): "天台 仙居 三门",
    ("浙江省", "金华市"): "浦江 武义 磐安",
    ("浙江省", "衢州市"): "开化 常山 龙游",
    ("浙江省", "丽水市"): "云和 庆元 遂昌 松阳 青田 缙云",
    ("江苏省", "徐州市"): "睢宁",
    ("江苏省", "宿迁市"): "沭阳 泗阳 泗洪",
    ("江苏省", "淮安市"): "涟水 盱眙 金湖",
    ("江苏省", "盐城市"): "射阳 建湖 滨海 阜宁 响水",
    ("江苏省", "连云港市"): "东海 灌云 灌南",
    ("江苏省", "南通市"): "如东",
    ("湖北省", "宜昌市"): "秭归 兴山 远安",
    ("湖北省", "襄阳市"): "保康 南漳 谷城",
    ("湖北省", "十堰市"): "郧西 竹山 竹溪",
    ("湖北省", "黄冈市"): "英山 罗田 蕲春 红安",
    ("四川省", "成都市"): "大邑 蒲江",
    ("四川省", "绵阳市"): "三台 梓潼 平武",
    ("四川省", "广元市"): "苍溪 剑阁",
}
_DISTRICTS = {  # municipality: districts
    "上海市": "闵行 黄浦 长宁 静安 普陀 虹口 宝山 嘉定 金山 松江 青浦 奉贤",
    "北京市": "东城 西城 朝阳 丰台 石景山 海淀 门头沟 房山 通州 顺义 昌平 大兴 密云 延庆",
    "天津市": "和平 河东 河西 南开 河北 西青 津南 武清 宝坻 宁河 静海 蓟州",
    "重庆市": "万州 涪陵 江北 沙坪坝 九龙坡 南岸 北碚 渝北 巴南 长寿 江津 合川 永川",
}

CITIES = tuple(Place(c + "市", None, p) for p, names in _CITIES.items() for c in names.split())
COUNTIES = tuple(Place(c + "县", city, p) for (p, city), names in _COUNTIES.items() for c in names.split())
DISTRICTS = tuple(Place(d + "区", m, m) for m, names in _DISTRICTS.items() for d in names.split())
_PLACES = {"市": CITIES, "县": COUNTIES, "区": DISTRICTS}


def short_name(name: str) -> str:
    """南阳市 → 南阳, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西, 澧县 → 澧县 (one character stays whole)."""
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市", "县", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# -- varying one report

_PROTECTED = re.compile(r"“[^”\n]*”|《[^》\n]*》")
_TOKEN = re.compile(
    r"(?P<range>(?:19|20)\d\d\s*[—–\-~至]\s*(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d)(?P<iso_rest>-\d{1,2}-\d{1,2})"
    r"|(?P<year>(?:19|20)\d\d)(?P<year_rest>\s*年(?:\d{1,2}月(?:\d{1,2}日)?)?)"
    r"|(?P<num>\d+(?:\.\d+)?)"
)


def _names(home: Place, new: Place) -> dict[str, str]:
    pairs = [(home.name, new.name), (home.province, new.province)]
    if home.parent:
        pairs.append((home.parent, new.parent or new.province))
    out: dict[str, str] = {}
    for old, repl in pairs:
        out[old] = repl
        out.setdefault(short_name(old), short_name(repl))
    return out


def replace_names(text: str, mapping: dict[str, str]) -> str:
    """Replace every key of ``mapping`` in one pass, longest first (南阳市 before 南阳)."""
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _scale(number: str, after: str, rng: random.Random) -> str:
    decimals = len(number.partition(".")[2])
    value = float(number)
    percent = after.startswith(("%", "%"))
    if percent and value == 100:
        return number
    factor = math.exp(rng.uniform(math.log(0.5), math.log(2.0)))
    if percent and 50 <= value < 100:  # a rate near 100%: scale its distance from 100
        scaled = max(100 - (100 - value) * factor, 50)
    else:
        scaled = value * factor
    if percent and value < 100:
        scaled = min(scaled, 99.9 if decimals else 99)
    if decimals:
        return f"{scaled:.{decimals}f}"
    return str(max(1, round(scaled)) if value >= 1 else round(scaled))


def vary(text: str, home: Place, new: Place, year_offset: int, rng: random.Random) -> str:
    """One variant of a report: another jurisdiction, shifted years, scaled numbers."""
    protected = [m.span() for m in _PROTECTED.finditer(text)]

    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in protected)

    def token(m: re.Match) -> str:
        if m.group("range"):
            return m.group(0)
        if m.group("iso"):
            return f"{int(m.group('iso')) + year_offset}{m.group('iso_rest')}"
        if m.group("year"):
            return f"{int(m.group('year')) + year_offset}{m.group('year_rest')}"
        start, end = m.span()
        before, after = text[max(0, start - 1):start], text[end:end + 1]
        keep = (inside(start) or before in ("第", "+") or after in ("+", "月", "日")
                or (after in (".", "、", "．") and not text[text.rfind("\n", 0, start) + 1:start].strip()))
        return m.group(0) if keep else _scale(m.group(0), text[end:end + 1], rng)

    return replace_names(_TOKEN.sub(token, text), _names(home, new))


# -- a corpus


def generate(n: int, out: str | Path, *, seed: int = 0, samples: str | Path = SAMPLES) -> list[GeneratedReport]:
    """Write ``n`` varied reports under ``out`` (which must be empty or absent) and its manifest.

    The templates take turns; each report gets a jurisdiction and year no other
    report made from the same template has, so report IRIs do not collide.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out}: not empty")
    texts = {t.file: (Path(samples) / t.file).read_text(encoding="utf-8-sig") for t in TEMPLATES}
    capacity = {t.file: len(_PLACES[t.home.level]) * len(YEARS) for t in TEMPLATES}
    per_template = math.ceil(n / len(TEMPLATES))
    short = [f for f, c in capacity.items() if c < per_template]
    if short:
        raise ValueError(f"{n} reports need {per_template} variants per template; {', '.join(short)} "
                         f"allow only {min(capacity[f] for f in short)}")
    rng = random.Random(seed)
    used: set[tuple[str, str, int]] = set()
    reports = []
    for i in range(n):
        template = TEMPLATES[i % len(TEMPLATES)]
        while True:
            place = rng.choice(_PLACES[template.home.level])
            year = rng.choice(YEARS)
            if (template.file, place.name, year) not in used:
                break
        used.add((template.file, place.name, year))
        offset = year - template.year
        text = vary(texts[template.file], template.home, place, offset, random.Random(f"{seed}:{i}"))
        folder = Path(place.province, *([place.parent] if place.parent and place.parent != place.province else []),
                      place.name)
        rel = folder / f"{year}-{i:05d}.txt"
        (out / folder).mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
        reports.append(GeneratedReport(str(rel), template.file, place.name, place.province, year, offset, len(text)))
    (out / MANIFEST).write_text(json.dumps({"seed": seed, "reports": [asdict(r) for r in reports]},
                                           ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return reports


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus of varied sample reports.")
    parser.add_argument("--reports", type=int, default=100, help="how many reports (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="an empty or new folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="remove OUT first if it holds a generated corpus")
    args = parser.parse_args(argv)
    if args.force and (args.out / MANIFEST).is_file():
        shutil.rmtree(args.out)
    reports = generate(args.reports, args.out, seed=args.seed)
    chars = sum(r.chars for r in reports)
    print(f"{args.out}: {len(reports)} reports, {chars:,} characters")


if __name__ == "__main__":
    main()
