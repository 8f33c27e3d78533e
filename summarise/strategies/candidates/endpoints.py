"""endpoints: what a document says of its trials' endpoints, and each trial's results with it.

A result's own sentence may say what it is: the primary endpoint ("ARBOUR met its primary
endpoint: at month 9, ..."), or a secondary, exploratory or post hoc one ("In key secondary
analyses", the next sentence's "this exploratory endpoint"). Other sentences say it of
endpoints they name or of results that follow:

- a declaration: "The primary endpoint is the change from baseline in ...", "The major
  efficacy outcome measures were ORR and DOR", "主要終點為客觀緩解率（ORR）";
- an outcome: "met its primary endpoint (of progression-free survival)", "did not meet its
  primary endpoint", read with the claim checks' lexicon (``pipeline.claims``), so that what
  is offered here is what grounding accepts;
- a list's introduction: "The trial met both co-primary endpoints at week 52:".

``settle`` applies them to one trial's results: the declared endpoints first (a declared
primary endpoint with no value is a result of its own), then outcomes to the endpoints they
name, else to the list they introduce, else to the trial's primary results, else to its
first result after them. ``merge_results`` makes one result of a value stated twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from summarise.pipeline.claims import Passage, clauses, endpoint_outcomes
from summarise.pipeline.merge import name_key
from summarise.pipeline.sentences import CJK_OR_HANGUL_RE, Sentence
from summarise.strategies.candidates.results import (
    PAREN_ABBR_RE,
    ResultCandidate,
    clean_endpoint,
    following_effect,
    is_table_row,
    quotations,
    sentence_results,
    timepoint_in,
)

PRIMARY_WORDS = (
    r"\b(?:co-?)?primary\s+(?:efficacy\s+)?(?:end\s?points?|outcome\s+measures?|objectives?)\b"
    r"|\bmajor\s+efficacy\s+outcome\s+measures?\b|主要(?:终点|終點|疗效指标|療效指標|评价指标"
    r"|評價指標|研究终点|研究終點)|主要評価項目|(?:1차|주요)\s?(?:유효성\s?)?평가\s?(?:지표|변수)"
)
_PRIMARY_RE = re.compile(PRIMARY_WORDS, re.I)
_NOT_PRIMARY_RE = re.compile(
    r"\bsecondary\b|\bexploratory\b|\bpost[- ]hoc\b|\bsubgroup\b|\bsensitivity\s+analys"
    r"|次要|探索性|副次|2차\s?평가",
    re.I,
)
_LABEL_RE = re.compile(r"^\s*(?:[-•*–]\s+|\d+[.)]\s+)?[*_]*(?:key\s+)?$", re.I)
"""What may stand before a label's endpoint words: "- Primary endpoint: ..." declares one."""
_SECONDARY_LABEL_RE = re.compile(
    r"(?<=^)(?:[-•*–]\s+|\d+[.)]\s+)?[*_]*(?:key\s+)?secondary\s+(?:efficacy\s+)?end\s?points?[*_]*"
    r"(?=\s*:)",
    re.I,
)
"""A list item labelling a secondary endpoint: "- Key secondary endpoint: ..."."""
_THIS_ROLE_RE = re.compile(r"\bth(?:is|ese)\s+(?:exploratory|secondary|post[- ]hoc)\b", re.I)
_DECLARED_RE = re.compile(
    r"^\s*(?:of\s+the\s+(?:study|trial)\s+)?(?:is|was|are|were|will\s+be|include[sd]?|:|为|為|是"
    r"|は|는|은)(?!\s*(?:not\s+|also\s+|successfully\s+)*(?:met|achieved|reached|missed"
    r"|statistically)\b)\s*(?:the\s+)?(?P<x>[^;。；]+)",
    re.I,
)
"""A declaration names the endpoint: "The primary endpoint is ORR"; "was not met" is none."""
_NAMED_RE = re.compile(
    r"^\s*(?:of|,\s*demonstrating[^,;]*?\b(?:improvement|reduction|increase)\s+in"
    r"|,(?=\s*the\s))\s+(?:the\s+)?(?P<x>[^;。；]+)",
    re.I,
)
"""An outcome names its endpoint after "of", or in apposition ("its other primary endpoint,
the change in ...")."""
_NAMED_BEFORE_RE = re.compile(r"\b(?:the|its|their)\s+(?P<x>[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\s+$")
"""An endpoint named by its abbreviation before the noun: "the FEV1 co-primary endpoint"."""
_DECLARED_END_RE = re.compile(
    r"\s+(?:at|after|through|over|within)\s+(?:week|month|day|year|\d)|\s+as\s+(?:assessed"
    r"|measured|determined)|,|;|\s+by\s+(?:blinded|independent|investigator)|\s+compared"
    r"|\s+versus|\s+vs\b|\s+(?:was|were|is|are|did|has|had)\b|\s+in\s+(?:patients|the\s+(?:dose"
    r"|overall))|\s+according|\s+per\s+RECIST|[（(](?:n=|N=)|，|。|並|并|；",
    re.I,
)
_LIST_SPLIT_RE = re.compile(r"\s+and\s+|,\s+(?:and\s+)?|及|和|与|與|및|、")
_ABBREVIATION_RE = re.compile(r"[A-Za-z]{0,2}[A-Z][A-Za-z0-9-]*")
_ENDPOINT_NOUNS_RE = re.compile(
    r"rate|survival|response|score|time|duration|change|resolution|reduction|improvement|toxicit"
    r"|dose|level|ratio|remission|progression|event",
    re.I,
)
_GENERIC_WORDS = re.compile(
    r"\b(?:the|a|an|change|changes|from|baseline|in|of|mean|reduction|improvement|increase"
    r"|decrease|relative|absolute)\b",
    re.I,
)
"""Words around a measure's name that do not tell two endpoints apart."""
MIN_KEY = 3


@dataclass(frozen=True)
class EndpointStatement:
    sentence_index: int
    position: int
    endpoints: tuple[str, ...]
    """The endpoints it names."""
    met: bool | None
    timepoint: str | None
    declared: bool
    """It says which the primary endpoints are: those without a value become results."""
    introduces_list: bool
    primary: bool = True
    """False for a list item's label "Key secondary endpoint: ...", which declares one."""


def _role(sentence: Sentence, following: Sentence | None) -> bool | None:
    """Whether a sentence says its results are the primary endpoint (True), or a secondary,
    exploratory or post hoc one (False)."""
    primary = bool(_PRIMARY_RE.search(sentence.text))
    other = bool(_NOT_PRIMARY_RE.search(sentence.text)) or (
        following is not None and bool(_THIS_ROLE_RE.search(following.text))
    )
    if primary != other:
        return primary
    return None


def _met(sentence: Sentence) -> bool | None:
    """Whether the clause naming the primary endpoint says it was met or missed."""
    said: set[bool] = set()
    for start, end in clauses(sentence.text):
        if _PRIMARY_RE.search(sentence.text[start:end]):
            said |= endpoint_outcomes([Passage(sentence, start, end)])
    return said.pop() if len(said) == 1 else None


def find_results(
    sentences: list[Sentence], abbreviations: Mapping[str, str] | None = None
) -> list[ResultCandidate]:
    """Results stated in prose, not in quotations, with what their own sentence says of their
    role (tables are ``tables.find_table_results``'). ``abbreviations`` (the document's) give
    CJK endpoints in English."""
    results = []
    after = {s.index: s for s in sentences}  # any run of a document's sentences, e.g. one story
    quoted = quotations(sentences)
    for sentence in sentences:
        if sentence.index in quoted:
            continue
        found = sentence_results(sentence, abbreviations or {})
        if not found:
            _add_following(results, sentence)
            continue
        following = after.get(sentence.index + 1)
        role = _role(sentence, following)
        met = _met(sentence) if role else None
        evidence = [sentence.index]
        if role is False and following and _THIS_ROLE_RE.search(following.text):
            evidence.append(following.index)
        results += [
            replace(r, is_primary=role, primary_endpoint_met=met, sentence_indexes=tuple(evidence))
            for r in found
        ]
    return results


def _add_following(results: list[ResultCandidate], sentence: Sentence) -> None:
    """The effect and p-value a sentence states of the result just before it, given to that
    result when it has none of its own."""
    if not results or results[-1].sentence_index != sentence.index - 1:
        return
    effect, p_value, operator = following_effect(sentence.text)
    last = results[-1]
    if (effect is None or last.effect is not None) and (
        p_value is None or last.p_value is not None
    ):
        return
    results[-1] = replace(
        last,
        effect=last.effect or effect,
        p_value=last.p_value if last.p_value is not None else p_value,
        p_operator=last.p_operator if last.p_value is not None else operator,
        sentence_indexes=(*last.sentence_indexes, sentence.index),
    )


def _declared(text: str) -> list[str]:
    """The endpoints a declaration lists: "ORR and DOR", "DLT及MTD"; one when the parts are
    not all endpoints ("Parts II and III combined score")."""
    cut = _DECLARED_END_RE.search(text)
    text = text[: cut.start()] if cut else text
    parts = [p.strip(" .") for p in _LIST_SPLIT_RE.split(text) if p.strip(" .")]
    if CJK_OR_HANGUL_RE.search(text):
        parts = [(PAREN_ABBR_RE.findall(p) or [p])[-1] for p in parts]
    elif len(parts) > 1 and not all(
        _ABBREVIATION_RE.fullmatch(p)
        or (_ENDPOINT_NOUNS_RE.search(p) and not re.match(r"(?:I{1,3}|IV|\d)\b", p))
        for p in parts
    ):
        parts = [text.strip(" .")]
    return [endpoint for part in parts if (endpoint := clean_endpoint(part))]


def _statement(sentence: Sentence, m: re.Match[str], primary: bool = True) -> EndpointStatement:
    after = sentence.text[m.end() :]
    declared = _DECLARED_RE.match(after)
    labelled = _LABEL_RE.match(sentence.text[: m.start()]) is not None
    named = declared or _NAMED_RE.match(after)
    before = _NAMED_BEFORE_RE.search(sentence.text[: m.start()])
    time = timepoint_in(after)
    endpoints = tuple(_declared(named.group("x"))) if named else ()
    return EndpointStatement(
        sentence.index,
        m.start(),
        endpoints or ((before.group("x"),) if before else ()),
        _met(sentence) if primary else None,
        time[0] if time else None,
        declared is not None and (labelled or not re.match(r"\s*:", after)),
        sentence.text.rstrip().endswith((":", "：")),
        primary,
    )


def find_endpoint_statements(sentences: list[Sentence]) -> list[EndpointStatement]:
    """What sentences say of primary endpoints: which they are, whether met, from when; and
    the secondary endpoints list items label."""
    statements = []
    for sentence in sentences:
        if is_table_row(sentence.text):
            continue
        primary = [_statement(sentence, m) for m in _PRIMARY_RE.finditer(sentence.text)]
        secondary = _SECONDARY_LABEL_RE.match(sentence.text)
        statements += primary or ([_statement(sentence, secondary, False)] if secondary else [])
    return statements


def _key(endpoint: str) -> str:
    return name_key(_GENERIC_WORDS.sub(" ", endpoint))


def endpoints_match(a: str, b: str) -> bool:
    """The same endpoint: one name inside the other, with or without the words around a
    measure ("change from baseline in monthly migraine days" is "reduction in monthly
    migraine days"), or an abbreviation a word of the other ("ORR" in "confirmed ORR"), also
    one written in brackets ("change in forced expiratory volume (FEV1)" is "pre-dose FEV1")."""
    for left, right in ((name_key(a), name_key(b)), (_key(a), _key(b))):
        if min(len(left), len(right)) >= MIN_KEY and (left in right or right in left):
            return True
    short, long = sorted((a, b), key=len)
    if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", long):
        return True
    return any(
        re.search(rf"(?<![\w-]){re.escape(x)}(?![\w-])", other)
        for name, other in ((a, b), (b, a))
        for x in PAREN_ABBR_RE.findall(name)
    )


def _bullet_run(first: int, bullets: set[int]) -> set[int]:
    run = set()
    while first in bullets:
        run.add(first)
        first += 1
    return run


def settle(
    results: list[ResultCandidate], statements: list[EndpointStatement], bullets: set[int]
) -> list[ResultCandidate]:
    """One trial's results with what its statements say: primary or not, met or missed,
    their timepoint. ``bullets`` are the indexes of list-item sentences, which a statement
    ending in ":" introduces."""
    settled = list(results)

    def apply(index: int, statement: EndpointStatement) -> None:
        result = settled[index]
        met = result.primary_endpoint_met if statement.met is None else statement.met
        evidence = dict.fromkeys([*result.sentence_indexes, statement.sentence_index])
        settled[index] = replace(
            result,
            is_primary=statement.primary,
            primary_endpoint_met=met,
            timepoint=result.timepoint or statement.timepoint,
            sentence_indexes=tuple(evidence),
        )

    ordered = sorted(statements, key=lambda s: not s.declared)
    for statement in ordered:
        if statement.endpoints:
            for endpoint in statement.endpoints:
                hits = [i for i, r in enumerate(settled) if endpoints_match(endpoint, r.endpoint)]
                for i in hits:
                    apply(i, statement)
                if not hits and statement.declared:
                    settled.append(
                        ResultCandidate(
                            statement.sentence_index,
                            statement.position,
                            endpoint,
                            None,
                            None,
                            timepoint=statement.timepoint,
                            is_primary=statement.primary,
                            primary_endpoint_met=statement.met,
                            sentence_indexes=(statement.sentence_index,),
                        )
                    )
        elif statement.introduces_list:
            run = _bullet_run(statement.sentence_index + 1, bullets)
            for i in [i for i, r in enumerate(settled) if r.sentence_index in run]:
                apply(i, statement)
        elif statement.met is not None:
            primary = [i for i, r in enumerate(settled) if r.is_primary]
            later = [
                i
                for i, r in enumerate(settled)
                if r.sentence_index > statement.sentence_index and r.is_primary is not False
            ]
            for i in primary or later[:1]:
                apply(i, statement)
    return settled


def merge_results(results: list[ResultCandidate]) -> list[ResultCandidate]:
    """One result per value stated twice (a headline bullet and the body): same values and
    unit, the same endpoint; the longer endpoint and both quotes are kept."""
    kept: list[ResultCandidate] = []
    for result in results:
        values = (result.arm_value, result.comparator_value, result.unit)
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if (k.arm_value, k.comparator_value, k.unit) == values
                and k.arm_value is not None
                and endpoints_match(k.endpoint, result.endpoint)
            ),
            None,
        )
        if same is None:
            kept.append(result)
            continue
        first = kept[same]
        longer = max((first, result), key=lambda r: len(r.endpoint))
        kept[same] = replace(
            longer,
            sentence_indexes=tuple(
                dict.fromkeys([*first.sentence_indexes, *result.sentence_indexes])
            ),
            timepoint=first.timepoint or result.timepoint,
            is_primary=first.is_primary if first.is_primary is not None else result.is_primary,
        )
    return kept
