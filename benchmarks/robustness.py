"""Score the extractor on the gold reports after changing only their layout.

A report published elsewhere differs from the six gold reports in layout before
it differs in wording: full-width or ASCII punctuation, hard-wrapped lines,
indents, blank lines, page footers, CRLF, full-width digits. The meaning is the
same, so the scores should be too. Each variant below rewrites every gold
report's text the same way; the table shows each kind's F1 (recall for
recall-only kinds) per variant, and ``--show`` lists what a variant lost or
gained against the text as published.

    python benchmarks/robustness.py --gold ../shared/gold --corpus ../shared/corpus [--show]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from govkg.evaluation.gold import load_gold
from govkg.evaluation.kinds import KINDS
from govkg.evaluation.score import micro_average, score_graph
from govkg.extractor import default_pipeline, extract

_TO_WIDE = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"})
_TO_NARROW = str.maketrans({v: k for k, v in zip(",():;?!", "，（）：；？！")})
_WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _wrap(text: str, width: float = 36) -> str:
    """Hard-wrap every paragraph at ``width`` full-width characters (digits take half), as a PDF page does."""
    out = []
    for p in text.split("\n"):
        line, used = [], 0.0
        for c in p:
            w = 0.5 if ord(c) < 0x2000 else 1.0
            if used + w > width:
                out.append("".join(line))
                line, used = [], 0.0
            line.append(c)
            used += w
        out.append("".join(line))
    return "\n".join(out)


def _wrap_chars(text: str, width: int = 36) -> str:
    """Hard-wrap every paragraph at ``width`` characters, as a program that counts characters does."""
    out = []
    for p in text.split("\n"):
        out.extend(p[i:i + width] for i in range(0, max(len(p), 1), width))
    return "\n".join(out)


def _footers(text: str, every: int = 1200) -> str:
    """A page footer line (— 3 —) after the paragraph where each page of ``every`` characters ends."""
    out, size, page = [], 0, 1
    for p in text.split("\n"):
        out.append(p)
        size += len(p)
        if size >= every * page:
            page += 1
            out.append(f"— {page - 1} —")
    return "\n".join(out)


def _wrapped_pages(text: str) -> str:
    return _footers(_wrap(text), every=1200)


VARIANTS: dict[str, Callable[[str], str]] = {
    "as published": lambda t: t,
    "full-width punctuation": lambda t: t.translate(_TO_WIDE),
    "ASCII punctuation": lambda t: t.translate(_TO_NARROW),
    "indented paragraphs": lambda t: "\n".join("\u3000\u3000" + p.strip() for p in t.split("\n")),
    "blank line between paragraphs": lambda t: "\n\n".join(_paragraphs(t)),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n"),
    "CR line ends": lambda t: t.replace("\n", "\r"),
    "paragraph separators": lambda t: t.replace("\n", "\u2029"),
    "page footers": _footers,
    "hard-wrapped lines": _wrap,
    "wrapped by characters": _wrap_chars,
    "hard-wrapped with footers": _wrapped_pages,
    "full-width digits": lambda t: t.translate(_WIDE_DIGITS),
    "space after punctuation": lambda t: re.sub(r"([，。；：、,;:])", r"\1 ", t),
    "zero-width spaces after punctuation": lambda t: re.sub(r"([，。；、])", "\\1\u200b", t),
    "outline 一． and 1、": lambda t: re.sub(r"(?m)^(\s*[一二三四五六七八九十]{1,3})、", r"\1．",
                                          re.sub(r"(?m)^(\s*\d{1,2})[.．](?!\d)", r"\1、", t)),
    "outline (1) for 1.": lambda t: re.sub(r"(?m)^(\s*)(\d{1,2})[.．、](?!\d)", r"\1（\2）", t),
    "all of these at once": lambda t: _wrapped_pages(
        "\n".join("\u3000\u3000" + p.strip() for p in re.sub(r"([，；：、])", r"\1 ", t).split("\n"))
    ).translate(_WIDE_DIGITS).replace("\n", "\r\n"),
}


def score_variant(name: str, golds: list, corpus: Path, nlp) -> dict:
    change = VARIANTS[name]
    scores = []
    for gold in golds:
        text = (corpus / gold.document).read_text(encoding="utf-8")
        scores.append(score_graph(extract(change(text), nlp=nlp, source=gold.document), gold))
    return micro_average(scores)


def _figure(score) -> float:
    return score.f1 if score.precision is not None else score.recall


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--variant", action="append", choices=sorted(VARIANTS), help="only these (repeatable)")
    ap.add_argument("--show", action="store_true", help="list what each variant lost and gained")
    args = ap.parse_args(argv)
    golds = [load_gold(p) for p in sorted(args.gold.glob("*.json"))]
    nlp = default_pipeline()
    base = score_variant("as published", golds, args.corpus, nlp)
    print("variant".ljust(30) + "".join(k[:9].rjust(10) for k in KINDS))
    for name in ["as published", *[v for v in VARIANTS if v != "as published" and (not args.variant or v in args.variant)]]:
        scores = base if name == "as published" else score_variant(name, golds, args.corpus, nlp)
        print(name.ljust(30) + "".join(f"{_figure(scores[k]):10.3f}" for k in KINDS))
        if args.show and name != "as published":
            for k in KINDS:
                lost = sorted(set(scores[k].missed) - set(base[k].missed))
                gained = sorted(set(scores[k].spurious) - set(base[k].spurious))
                for item in lost:
                    print(f"    {k} lost: {item}")
                for item in gained:
                    print(f"    {k} spurious: {item}")


if __name__ == "__main__":
    main()
