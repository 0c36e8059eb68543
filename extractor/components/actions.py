"""govkg_actions: action clauses, a cue verb with its object.

A sentence is cut into clauses at commas and semicolons; a clause is an
action when, after its subject, time phrase and connectives, a cue verb
from the shared ``verbs.jsonl`` (possibly after adverbs from ``adverbs.jsonl``,
or a prepositional phrase: 对年度任务进行全面部署) opens what remains.  Verbs
that issue documents (制定, 印发, 出台) are marked so the graph can say which
policy an action produces.

One action per verb phrase: where the text runs verb phrases together
without a comma (科学制定年度立法计划加强重要领域立法), a further cue verb
that starts a new predicate starts a new action; a verb compound (研究制定,
修订完善) stays one verb.  A verb followed by a noun suffix (办结率, 推进会)
is part of a noun, so a clause of nouns and numbers is no action.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import ActionClause, findings
from ..patterns import alternation, any_of
from ..tokenizer import dictionary_tags, first_word, words
from .base import PatternComponent
from .vocab import shared_vocabulary

__all__ = ["ActionRecognizer", "heading_year"]

_CLAUSE_END = "，,；;：:。！？!?"
_CLAUSE_MARK = re.compile(f"[{re.escape(_CLAUSE_END)}]")
_LEADING = re.compile(
    r"(?:(?:19|20)\d{2}年度?|今年|全年|当年|一年来|近年来|同时|此外|另外|并且|并|还|也|又|其中|"
    r"我们|我市|我县|我区|我省|全市|全县|全区|全省|各地|各级|各部门|在此基础上)+[,，]?"
)
_VERB_WINDOW = 12
# A clause may name its subject by role before the verb (主要负责同志多次主持…).
# …or a quoted name whose building is the action (“移动办事之城”建设取得进展).
_NAMED_SUBJECT = re.compile(r"[“\"「][^”\"」]{1,30}[”\"」]")
_SUBJECT_HEAD = re.compile(r"(?:同志|负责人|领导|部门|单位|机关|干部|人员|政府|法院|检察院|成员|班子|书记|主任|主席|"
                           r"[省市县区乡镇局厅处科院部]长)"
                           r"(?:[\u4e00-\u9fff]{0,4})$")
_MAX_LABEL = 60
# How long a measure's name may run between the verb that opens it and its head (承诺|事项兑现|率).
_MEASURE_NAME = 16
# A cue verb followed by one of these is the head of a noun (办结率, 推进会, 受理量).
_NOUN_SUFFIX = "率量额者会室费"
# A verb that starts a new action with no adverb before it takes an object at least this long
# (加强重要领域立法); shorter, it is a noun compound's middle (自贸试验区提升战略, 民间投资支持力度).
_BARE_OBJECT = 4
# Where a prepositional phrase may reach before its verb (对…进行…, 就…等工作作出…).
_PP_WINDOW = 25
# Tags of jieba's dictionary under which a cue verb is a verb when it stands bare
# inside a clause; nominal uses (建设, 监督: vn) start a new predicate only after an adverb.
_VERB_TAGS = ("v",)
_PP_VERB_TAGS = ("v", "a", "ad", "j")
# What stands before a verb of the same predicate: coordination, disposal and object markers.
_BINDS_NEXT = set("和与及并、把将的在对被让使给为向从由以")
# A 把 phrase is closed by its second verb (把X作为Y, 把X纳入Y); a new predicate may follow.
_BA_CLOSERS = re.compile(r"作为|纳入|列入|融入|贯穿|摆在|放在")
# After these a number is the action's object or a change (压减至1个工作日, 增长5%), not a count to trim.
_NUMBER_LINKS = "至到达为超过近约共计长高低少加了是逾于和、第"


@Language.factory("govkg_actions", default_config={"patterns": None})
def make_action_recognizer(nlp: Language, name: str, patterns: str | None) -> ActionRecognizer:
    return ActionRecognizer(nlp, name, patterns=patterns)


class ActionRecognizer(PatternComponent):
    """Add `ActionClause` findings to ``doc._.govkg``.

    Its own patterns (``actions.jsonl``) are the clause grammar's words; the
    cue verbs and adverbs are the shared vocabulary's (govkg_vocab).
    """

    default_file = "actions.jsonl"
    reads_vocabulary = True
    shared_vocabulary = staticmethod(shared_vocabulary)

    def _compile(self) -> None:
        self.roles = self.vocab.roles()
        self.verbs = alternation(tuple(self.roles))
        self.adverbs = alternation(tuple(self.vocab.words("ADVERB")))
        self.tally = alternation(tuple(self.vocab.words("ADVERB", id="tally")))
        self.prepositions = alternation(tuple(r["pattern"] for r in self.patterns if r["label"] == "PREPOSITION"))
        self.heads = alternation(tuple(r["pattern"] for r in self.patterns if r["label"] == "NOMINAL_HEAD"))
        self.pivots = {r["pattern"] for r in self.patterns if r["label"] == "PIVOT"}
        self.not_actions = {r["pattern"] for r in self.patterns if r["label"] == "NOT_ACTION"}
        self.future = tuple(r["pattern"] for r in self.patterns if r["label"] == "FUTURE")
        self.ongoing = alternation(tuple(r["pattern"] for r in self.patterns if r["label"] == "ONGOING"))
        self.tags = _dictionary_tags()
        self.speech_acts = any_of(self.patterns, "SPEECH_ACT")
        words = {label: tuple(r["pattern"] for r in self.patterns if r["label"] == label)
                 for label in ("MEASURE", "MEASURE_LINK", "MEASURE_VERB")}
        # A measure's name run from the verb to its number: 调解|成功率|达|97%, 承诺|事项兑现率|95.3%.
        self.measure_name = re.compile(f"[\u4e00-\u9fff]{{0,{_MEASURE_NAME}}}(?P<head>{alternation(words['MEASURE']).pattern})"
                                       f"(?:{alternation(words['MEASURE_LINK']).pattern})?")
        self.not_measures = tuple(r["pattern"] for r in self.patterns if r["label"] == "NOT_MEASURE")
        self.measure_verbs = set(words["MEASURE_VERB"]) | self.pivots
        self.spends = {r["pattern"] for r in self.patterns if r["label"] == "SPENDS"}

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        subjects = {m.start: m.end for m in f.mentions if m.label in ("AGENCY", "PLACE")}
        counts = {q.end: q.start for q in f.quantities}
        numbers = {q.start: q.end for q in f.quantities}
        for i, sent in enumerate(f.structure.sentences):
            if sent.heading and sent.heading.problem or _title_line(sent.text) or self.speech_acts.search(sent.text):
                continue
            first = len(f.actions)
            for s, e in _clauses(text, sent.body_start, sent.end):
                phrases = self._verb_phrases(text, s, e, subjects, f.quoted)
                for start, end, verb in self._naming_work(text, phrases, numbers):
                    start = self._past_tally(text, start, end)
                    role = self.roles.get(verb, "act")
                    if role != "amount":  # 新增市场主体12.6万户: what is added is the amount
                        end = _trim_count(text, start, end, counts)
                    if end - start < 3:
                        continue
                    f.actions.append(ActionClause(start, end, text[start:end], verb, i,
                                                  role if role == "produces" else "act"))
                    lead_from = max(s, f.actions[-2].end if len(f.actions) - 1 > first else s)
                    self._set_status(f, sent, f.actions[-1], lead_from, f.actions[first].start)
        return doc

    def _past_tally(self, text: str, start: int, end: int) -> int:
        """The action starts after an adverb that counts or dates it (全年共|审查文件143件, 累计|培训):
        the adverb belongs to the number, the action is the verb and its object."""
        pos = start
        while (m := self.tally.match(text, pos, end)) and (self.adverbs.match(text, m.end(), end)
                                                          or self.verbs.match(text, m.end(), end)):
            pos = m.end()
        return pos

    def _naming_work(self, text: str, phrases: list[tuple[int, int, str, int]],
                     numbers: dict[int, int]) -> list[tuple[int, int, str]]:
        """(start, end, verb) of the verb phrases that name work: those that only state a number go.

        A phrase of a verb and its count alone (废止17件，修改9件) has no object: what was done is
        said before, and the count is that action's result; one that spends (累计投入6.8亿元) names
        its object by the amount.  Run on from the phrase before with
        no mark between (适老化改造4.03万户), the verb ends that phrase's object, which takes it back.
        A verb that opens the name of a measure that its number follows (调解成功率98%,
        罚没金额2318.6万元) names the measure, not work done.
        """
        out: list[tuple[int, int, str]] = []
        for start, end, verb, verb_end in phrases:
            stop = end
            while stop > verb_end and text[stop - 1] in _CLAUSE_END + " ":
                stop -= 1
            pos = verb_end + 1 if text.startswith("了", verb_end) else verb_end
            if numbers.get(pos, -1) >= stop and verb not in self.spends:
                # …余额增加28.6亿元: a verb of change or target after a noun is its predicate, kept out
                if out and out[-1][1] == start and not self._takes_measure(verb):
                    out[-1] = (out[-1][0], end, out[-1][2])
                continue
            if not self._names_measure(text, verb, verb_end, stop, numbers):
                out.append((start, end, verb))
        return out

    def _takes_measure(self, verb: str) -> bool:
        """A verb that changes, keeps or adds an amount (提高, 确保, 新增): its object may be a measure."""
        return verb in self.measure_verbs or self.roles.get(verb) == "amount"

    def _names_measure(self, text: str, verb: str, verb_end: int, stop: int, numbers: dict[int, int]) -> bool:
        """The verb ending at ``verb_end`` opens a measure's name that a number in [verb_end, stop) follows
        (调解|成功率|98%, 投入|强度|2.1%, 承诺|事项兑现率|95.3%).

        A verb that takes a measure as its object keeps it (确保达标率100%, 提高城镇化率2个百分点:
        a target set, a change made), and so does one that adds the amount (新增装机容量1438万千瓦).
        """
        if self._takes_measure(verb):
            return False
        for q in range(verb_end + 1, min(stop, verb_end + _MEASURE_NAME + 8)):
            m = self.measure_name.fullmatch(text, verb_end, q) if q in numbers else None
            if m is not None and not text.endswith(self.not_measures, verb_end, m.end("head")) \
                    and (numbers[q] >= stop or text[numbers[q]] in _CLAUSE_END + "、"):  # 总额4万亿元的…计划: an attribute
                return True
        return False

    # -- status

    def _set_status(self, f, sent, a: ActionClause, lead_from: int, sentence_lead: int) -> None:
        """Completed, Ongoing or Planned, with the year the action belongs to.

        Planned when its own lead (将进一步加强, 拟出台) or the sentence's subject part
        (我们将……) has a future word, when it stands in a plans part (2024年工作安排,
        今年重点工作) or in a targets paragraph (主要预期目标是……); Ongoing when it says
        so (正在, 推进中); else Completed.  Words count whole, never inside another word
        (主要 holds no 要).
        """
        text, year = f.structure.text, f.year
        leads = (text[lead_from:a.start], text[sent.body_start:sentence_lead])
        planned = bool(sent.heading and sent.heading.planned) or _in_targets(text, sent.start) \
            or any(self._future_word(text, lead, start)
                   for lead, start in zip(leads, (lead_from, sent.body_start)))
        if planned:
            a.status, a.period = "Planned", heading_year(sent.heading) or f.plan_year or (year + 1 if year else None)
        elif self.ongoing.search(text, a.start, a.end) or self.ongoing.search(leads[0]):
            a.status, a.period = "Ongoing", year
        else:
            a.status, a.period = "Completed", year

    def _future_word(self, text: str, lead: str, offset: int) -> bool:
        """``lead`` (at ``offset`` in ``text``) holds a future word as a whole word before a verb phrase."""
        if not lead or not any(w in lead for w in self.future):
            return False
        pos = 0
        for word in _words(lead):
            end = pos + len(word)
            if word in self.future and (len(word) > 1 and word not in _MODALS or self._verb_follows(text, offset + end)):
                return True
            pos = end
        return False

    def _verb_follows(self, text: str, pos: int) -> bool:
        """A modal (将, 要, 拟) is one when a verb, an adverb or a time preposition follows (将进一步…, 将于…);
        将 before an object is the disposal marker (将法治建设纳入…)."""
        return bool(self.verbs.match(text, pos) or self.adverbs.match(text, pos) or text[pos:pos + 1] in "在于会")

    def _verb_phrases(self, text: str, s: int, e: int, subjects: dict[int, int],
                      quoted: list[bool]) -> list[tuple[int, int, str, int]]:
        """(start, end, verb, verb's end) of each verb phrase of the clause [s, e), in order."""
        first = self._clause(text, s, e, subjects)
        if first is None:
            # A clause led by its topic or a comparison (全市3588个事项实现“免证可办”,
            # 较去年增长200%建立4大基础库): its first verb phrase starts further in.
            later = self._splits(text, s, e, quoted, opening=True)
            if not later:
                return []
            first = later[0]
        start, verb = first
        out = []
        for cut, next_verb in self._splits(text, verb.end(), e, quoted):
            out.append((start, _strip_end(text, start, cut), verb))
            start, verb = cut, next_verb
        out.append((start, _strip_end(text, start, e), verb))
        return [(a, min(b, a + _MAX_LABEL), v.group(0), v.end()) for a, b, v in out]

    def _clause(self, text: str, s: int, e: int, subjects: dict[int, int]) -> tuple[int, re.Match] | None:
        """Where the clause's action starts (adverbs and a leading prepositional phrase included) and its verb."""
        s = _skip_subject(text, s, e, subjects)
        s = self._skip_modal(text, s, e)
        verb = self._first_verb(text, s, min(e, s + _VERB_WINDOW))
        if verb and self._opens(text, s, verb.start()):
            start = verb.start()
            adv = self.adverbs.search(text, s, start)
            while adv and adv.end() <= start:
                if not text[adv.end():start] or self.adverbs.match(text, adv.end()):
                    start = adv.start()
                    break
                adv = self.adverbs.search(text, adv.end(), start)
            return start, verb
        pos = self._skip_adverbs(text, s, e)
        opener = self._opening_verb(text, pos, e)
        if opener is not None:
            return s, opener
        prep = self.prepositions.match(text, pos, e)
        if not prep or self.verbs.match(text, pos, e):
            return None
        # A prepositional phrase first (对年度任务进行全面部署): the predicate is the first verb
        # after it that is a verb in form, not part of the phrase's noun (就示范市创建、…等工作作出…).
        for m in self.verbs.finditer(text, prep.end() + 1, min(e, pos + _PP_WINDOW)):
            if self._is_predicate(text, m, e, clause_end_ok=True) and not self._after_verb(text, m.start()) \
                    and not self.verbs.match(text, m.end(), e):  # 以科技创新推动…: the noun's verb is not the predicate
                # The phrase is part of the label where the verb alone says little: a light verb
                # (对…进行部署) or one without an object (在网站上公示); else the verb phrase is.
                if self.roles.get(m.group(0)) == "light" or e - m.end() < 3:
                    return s, m
                return m.start(), m
        return None

    def _skip_modal(self, text: str, s: int, e: int) -> int:
        """Step over a modal before the verb phrase (将进一步加强, 要坚持): it marks the status, not the act."""
        for word in sorted(_MODALS, key=len, reverse=True):
            if text.startswith(word, s) and s + len(word) < e and self._verb_follows(text, s + len(word)):
                return s + len(word)
        return s

    def _opening_verb(self, text: str, pos: int, e: int) -> re.Match | None:
        """A verb outside the cue list that opens the clause (扭住“牛鼻子”, 破解要素瓶颈).

        jieba's dictionary must tag the clause's first word a verb, and an object must follow;
        copulas, modals and verbs of result (是, 成为, 取得, 达到) open no action.
        """
        if e - pos < 4 or self.verbs.match(text, pos, e) or self.prepositions.match(text, pos, e):
            return None  # a cue verb is found the usual way; 依托…, 围绕… open a phrase, not an action
        word, flag = _first_word(text[pos:min(e, pos + 8)])
        end = pos + len(word)
        if flag != "v" or len(word) < 2 or word in self.not_actions \
                or e - end < 2 or text[end].isdigit() or _noun_suffix_after(text, end):
            return None
        if any(w in self.not_actions for w in _words(text[end:e])):
            return None  # the clause's predicate comes later (信访事项办结率均为100%): the word is in its subject
        return re.compile(re.escape(word)).match(text, pos)

    def _first_verb(self, text: str, s: int, e: int) -> re.Match | None:
        """The first cue verb in [s, e) that is a verb, not the head of a noun (办结率)."""
        for m in self.verbs.finditer(text, s, e):
            if not _noun_suffix_after(text, m.end()):
                return m
        return None

    def _skip_adverbs(self, text: str, pos: int, end: int) -> int:
        while pos < end:
            m = self.adverbs.match(text, pos, end)
            if not m:
                break
            pos = m.end()
        return pos

    def _after_verb(self, text: str, pos: int) -> bool:
        """A cue verb ends right at ``pos`` (研究|制定, 修订|完善): the two make one compound verb."""
        return any(text[max(0, pos - n):pos] in self.roles for n in (2, 3, 4, 1))

    def _is_predicate(self, text: str, m: re.Match, e: int, *, clause_end_ok: bool = False,
                      after_adverb: bool = False) -> bool:
        """The cue verb at ``m`` heads a predicate of its own: a verb in form, followed by its object.

        After a prepositional phrase (``clause_end_ok``) the verb may also be one jieba tags as an
        adjective or adverb (以立法形式明确…); bare inside a clause it must be tagged a verb.
        """
        word, nxt = m.group(0), m.end()
        tags = _PP_VERB_TAGS if clause_end_ok else _VERB_TAGS
        if len(word) < 2 or (not after_adverb and self.tags.get(word, "") not in tags):
            return False
        if nxt >= e:
            return clause_end_ok
        if _noun_suffix_after(text, nxt) or text[nxt] in "的、和与及等" or self.heads.match(text, nxt, e):
            return False
        # …X的Y after it: the verb is inside an attribute (督察考核反馈意见的整改落实).
        return e - nxt >= 2 and "的" not in text[nxt:e]

    def _splits(self, text: str, pos: int, e: int, quoted: list[bool], *,
                opening: bool = False) -> list[tuple[int, re.Match]]:
        """Where further verb phrases start inside the clause: after 、 or with no punctuation at all.

        With ``opening``, ``pos`` is the clause's start and no verb phrase has begun yet.
        """
        cuts, last = [], pos
        # A pivot verb's object has a predicate of its own (推动X衔接, 引导X参与): no new action there.
        pivot = not opening and text[max(0, pos - 2):pos] in self.pivots
        closed_pivot = False
        # 把/将 X 纳入 Y: a disposal phrase runs to its second verb (将 before a verb or adverb is "will").
        ba = not opening and (text[pos - 1] == "把" or text[pos - 1] == "将" and not (
            self.verbs.match(text, pos, e) or self.adverbs.match(text, pos, e)))
        for m in self.verbs.finditer(text, pos, e):
            if m.start() < last or _inside_name(text, m.start(), quoted, pos):
                continue
            between = text[last:m.start()]
            if "把" in between:
                ba = True
            if ba and _BA_CLOSERS.fullmatch(m.group(0)):
                ba, last = False, m.end()
                continue  # the closing verb of 把X纳入Y belongs to the same predicate
            if ba and _BA_CLOSERS.search(between):
                ba = False
            start = m.start()
            adv = self._adverb_run_before(text, last, start)
            cut = adv if adv is not None else start
            before = text[cut - 1] if cut > 0 else ""
            listed = before == "、" and "等" not in text[m.end():e]
            compound = adv is None and self._after_verb(text, cut)
            shortest = 0 if closed_pivot and adv is not None else 2 if opening else 3
            closed_pivot = False
            if cut - last < shortest or ba or compound or (before in _BINDS_NEXT and not listed):
                last = m.end() if compound else last
                continue
            frame = text[last:cut]
            if _FRAME_WORD.search(frame) or "以" in frame and "为" not in frame[frame.index("以"):]:
                continue  # inside a pivot or prepositional frame (推动X在南阳落地见效, 以X为抓手)
            if not self._is_predicate(text, m, e, after_adverb=adv is not None or listed):
                continue
            if adv is None and e - m.end() < _BARE_OBJECT:
                continue  # a verb bare after a noun, with a short noun after it, is inside a noun phrase (提升战略)
            if adv is None and not listed and "、" in text[m.end():e]:
                continue  # the first item of a list of nouns (会议纪要落实反馈、常态化会商交流…机制)
            if adv is None and not listed and not _whole_word(text, m.start(), m.end(), last, e):
                continue  # inside a longer word (技术改造, 新增长): no verb of its own
            if pivot and adv is None and not listed:
                pivot, closed_pivot, last = False, True, m.end()
                continue
            pivot = m.group(0) in self.pivots
            cuts.append((cut, m))
            last = m.end()
        return cuts

    def _adverb_run_before(self, text: str, lo: int, pos: int) -> int | None:
        """Start of the run of adverbs that ends at ``pos`` (持续|加强, 不断|提高), if any."""
        for n in range(1, min(8, pos - lo) + 1):  # the nearest start wins: tried first, the rest not at all
            a = pos - n
            if self._skip_adverbs(text, a, pos) == pos and (m := self.adverbs.match(text, a, pos)):
                if m.end() - a == 1 and a > lo and text[a - 1:a + 1] in dictionary_tags():
                    return None  # 公共|服务: the one-character adverb is the end of a word (公共), not an adverb
                return a
        return None

    def _opens(self, text: str, s: int, verb: int) -> bool:
        """The verb opens the clause: only adverbs, or a subject ending in a role, stand before it."""
        pos = s
        while pos < verb:
            m = self.adverbs.match(text, pos, verb)
            if not m:
                break
            pos = m.end()
        if pos < verb and self.prepositions.match(text, pos, verb):
            return False  # a prepositional phrase, not a subject (在县政府网站上公示)
        if text.startswith("建设", verb) and _SUBJECT_HEAD.search(text, max(s, verb - 3), verb) \
                and _SUBJECT_HEAD.search(text, max(s, verb - 3), verb).end() == verb:
            return False  # 法治政府建设取得成效, 领导班子建设: the building of the organ, a noun
        return pos == verb or _SUBJECT_HEAD.search(text, s, verb) is not None \
            or _NAMED_SUBJECT.fullmatch(text, pos, verb) is not None


# Words that open a pivot or prepositional frame around a verb (推动X在南阳落地见效)
_FRAME_WORD = re.compile("[在对向从由被让使给]")
# Modal words that must stand before a verb phrase to mark the future.
_MODALS = {"将", "要", "拟", "计划", "准备", "力争", "将要"}
# A targets paragraph: 主要预期目标是：…, 发展目标为…
_TARGETS = re.compile(r"[^。\n]{0,8}目标(?:任务)?(?:是|为|：|:)")
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2})年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


# The same clause openings recur within a report and across a build's reports (a sixth of the calls here).
_first_word = lru_cache(maxsize=16384)(first_word)


def _words(text: str) -> list[str]:
    """jieba's words of ``text`` (as rjieba cuts them), only to tell whole words from characters inside words."""
    return words(text)


def _noun_suffix_after(text: str, pos: int) -> bool:
    """A noun suffix stands alone at ``pos`` (办结|率, 推进|会), not as the start of a word (开辟|量子)."""
    if pos >= len(text) or text[pos] not in _NOUN_SUFFIX:
        return False
    return len(_words(text[pos:pos + 4])[0]) == 1


# A line that names a document (…建设情况的报告, …工作要点) without a full stop is a title line.
_TITLE_LINE = re.compile(r"[^。；;！？!?\n]{2,40}(?:报告|工作要点|总结|纲要|意见|通知|方案|规划)\s*")


def _title_line(sentence: str) -> bool:
    """A title line, or a title's continuation line: no action is read from it."""
    return _TITLE_LINE.fullmatch(sentence.strip()) is not None


def _whole_word(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """[start, end) is one of jieba's words when the span [lo, hi) around it is segmented."""
    bounds, pos = set(), lo
    for word in _words(text[lo:hi]):
        bounds.add(pos)
        pos += len(word)
    bounds.add(pos)
    return start in bounds and end in bounds


def _in_targets(text: str, pos: int) -> bool:
    """The sentence at ``pos`` stands in a paragraph that opens by naming targets."""
    line = text.rfind("\n", 0, pos) + 1
    return _TARGETS.match(text, line) is not None


def heading_year(h) -> int | None:
    """The year a heading or one of its parents names (2024年工作安排)."""
    while h is not None:
        year = _named_year(h.text)
        if year is not None:
            return year
        h = h.parent
    return None


@lru_cache(maxsize=4096)
def _named_year(text: str) -> int | None:
    """The year a heading's text names; kept, as every action under the heading asks again."""
    m = _HEADING_YEAR.search(text)
    return int("".join(_CN_DIGIT.get(c, c) for c in m.group(1))) if m else None  # 二〇二五 → 2025


def _dictionary_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags by word (v: verb, vn: verbal noun …)."""
    return dictionary_tags()


def _inside_name(text: str, pos: int, quoted: list[bool], lo: int) -> bool:
    """``pos`` stands inside quotes, 《》 or brackets, where words are part of a name."""
    if pos < len(quoted) and quoted[pos]:
        return True
    return text.count("(", lo, pos) + text.count("（", lo, pos) > text.count(")", lo, pos) + text.count("）", lo, pos)


def _strip_end(text: str, start: int, end: int) -> int:
    """Leave out trailing enumeration commas and a closing aside in brackets (…服务专区(办不成事反映窗口))."""
    while end > start and text[end - 1] in "、 ":
        end -= 1
    if end > start and text[end - 1] in ")）":
        opening = max(text.rfind("(", start, end), text.rfind("（", start, end))
        if opening - start >= 4:
            end = opening
    return end


def _trim_count(text: str, start: int, end: int, counts: dict[int, int]) -> int:
    """Leave out a count that closes the action (提供法律咨询7000余人次): it is its result, not its object.

    A number reached by a verb or a preposition (压减至1个工作日, 增长5%) stays.
    A parenthesis just before the count goes with it (举办法治讲座(培训、报告会)3530余场).
    """
    stop = end
    while stop > start and text[stop - 1] in "。，,；;：:！？!? ":
        stop -= 1
    q = counts.get(stop)
    if q is None or q - start < 4 or text[q - 1] in _NUMBER_LINKS or not "\u4e00" <= text[q - 1] <= "\u9fff" \
            and text[q - 1] not in ")）”》":
        return end
    if text[q - 1] in ")）":
        opening = max(text.rfind("(", start, q), text.rfind("（", start, q))
        if opening - start >= 4:
            q = opening
    return q


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _CLAUSE_MARK.finditer(text, start, end):  # not char by char: a fifth of the component's time
        i = m.start()
        if i > s:
            out.append((s, i))
        s = i + 1
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _skip_subject(text: str, s: int, e: int, subjects: dict[int, int]) -> int:
    """Step over a leading time phrase, connectives and named subjects (市委、市政府…)."""
    while s < e:
        m = _LEADING.match(text, s, e)
        if m and m.end() > s:
            s = m.end()
            continue
        if s in subjects:
            s = subjects[s]
            while s < e and text[s] in "、和及与暨":
                s += 1
            continue
        break
    return s
