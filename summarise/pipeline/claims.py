"""claims: whether a fact's quotes state its claim, not only hold its words and numbers.

Grounding (:mod:`summarise.pipeline.ground`) proves that every quote is in the document
and holds its fact's numbers. That is not enough: "XYZ has not been approved by the FDA"
holds every word of an FDA approval, and "did not meet its primary endpoint" every word
of an endpoint met. These checks read what a quote says, with the small per-language
lexicon of :mod:`summarise.pipeline.lexicon`:

- a regulatory event's ``action`` needs a word for that action and its agency in one clause
  of a quoted sentence (a centre counts as its agency: CDE as NMPA, CHMP as EMA; with no
  agency named in the clause, the agency's jurisdiction: "approved in the U.S."). Words of a
  Complete Response Letter, a refusal, a negative opinion or an IND in the clause keep
  approval words from stating an approval;
- its ``status`` ``occurred`` needs such a clause where no cue makes the action negated,
  hedged or future ("has not been", "if approved", "plans to", "预计", "予定", "예정"). When
  every clause has one, the check reports what the text does say (not_occurred, expected or
  planned), and the policy corrects the status: a false "occurred" never survives;
- ``primary_endpoint_met`` needs an explicit statement: "met", "statistically significant",
  "达到" for true; "did not meet", "failed to", "未达到" for false;
- a deal's ``deal_type`` needs its kind's words in the deal's quotes;
- a company's deal roles (licensor, licensee, acquirer, target, investor, partner,
  distributor, advisor) need their words in a quoted sentence naming the company, in its
  own quotes (where "the Company" names it too) or in a deal's.

Words are looked for inside the quotes; cues in the whole sentence around them, so that
trimming a quote cannot hide a "not". Each failure is a :class:`Finding` that ground.py
turns into a Problem: re-asked like any grounding failure, then settled by the policy.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from schemas import Company, Deal, Drug, EndpointResult, Fact, RegulatoryEvent
from schemas.enums import (
    CompanyRole,
    DealType,
    DrugRelation,
    EventStatus,
    RegulatorAction,
    Reporting,
)
from summarise.pipeline import lexicon as lx
from summarise.pipeline.sentences import Sentence, blank

K = TypeVar("K")
Span = tuple[int, int]


_FLAGS = re.I | re.ASCII
"""ASCII word boundaries: "FDA批准" names the FDA (see the lexicon's docstring)."""


def _compiled(table: Mapping[str, str]) -> dict[str, re.Pattern[str]]:
    return {key: re.compile(pattern, _FLAGS) for key, pattern in table.items()}


def _by_key(table: Mapping[str, Mapping[K, str]]) -> dict[K, dict[str, re.Pattern[str]]]:
    """``{language: {key: pattern}}`` compiled and turned round to ``{key: {language: ...}}``."""
    turned: dict[K, dict[str, re.Pattern[str]]] = {}
    for language, entries in table.items():
        for key, pattern in entries.items():
            turned.setdefault(key, {})[language] = re.compile(pattern, _FLAGS)
    return turned


_ACTION_RE = _by_key(lx.ACTION_WORDS)
_NEEDS_RE = {action: _compiled(words) for action, words in lx.ACTION_NEEDS.items()}
_CUES_BEFORE_RE = {lang: _compiled(cues) for lang, cues in lx.CUES_BEFORE.items()}
_CUES_AFTER_RE = {lang: _compiled(cues) for lang, cues in lx.CUES_AFTER.items()}
_SCOPE_ENDS_RE = _compiled(lx.SCOPE_ENDS_AFTER)
_MET_RE = _compiled(lx.ENDPOINT_MET)
_MISSED_RE = _compiled(lx.ENDPOINT_MISSED)
_DEAL_RE = _by_key(lx.DEAL_WORDS)
_ROLE_RE = {role: _compiled(words) for role, words in lx.ROLE_WORDS.items()}
_BACKGROUND_RE = _compiled(lx.BACKGROUND_CUES)
_DRUG_CONTEXT_RE = {
    relation: _compiled(words) for relation, words in lx.DRUG_CONTEXT_BEFORE.items()
}
_SELF_RE = _compiled(lx.SELF_REFERENCES)
_AGENCY_RE = [(agency, re.compile(agency.pattern, re.ASCII)) for agency in lx.AGENCIES]
"""Case as written: "US" is a place, "us" a pronoun; "EC" an agency, "ec" nothing."""
_PLACE_RE = {family: re.compile(pattern, re.ASCII) for family, pattern in lx.AGENCY_PLACES.items()}
_CLAUSE_BREAK_RE = re.compile(lx.CLAUSE_BREAK)
_BARRIER_RE = re.compile(lx.CUE_BARRIER)
_LOCAL_SUFFIX_RE = re.compile(lx.LOCAL_COMPANY_SUFFIXES)
_GENERIC_WORD_RE = re.compile(lx.GENERIC_NAME_WORDS, _FLAGS)
_HANGUL_RE = re.compile(r"[\u1100-\u11ff\uac00-\ud7af]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
MIN_NAME_WORD = 3
"""Shorter words of a company's name ("Co", "&") never name it alone."""


SENTENCES_CACHED = 4096
"""Sentences whose languages and clauses are kept: every check reads the same few again."""


@lru_cache(maxsize=SENTENCES_CACHED)
def languages_of(text: str) -> tuple[str, ...]:
    """The lexicons a sentence is read with: English (agencies and codes are written in Latin
    letters everywhere) and those its script shows. Kana make Han text Japanese."""
    languages = ["en"]
    if _HANGUL_RE.search(text):
        languages.append("ko")
    if _KANA_RE.search(text):
        languages.append("ja")
    elif _HAN_RE.search(text):
        languages += ["zh-Hans", "zh-Hant"]
    return tuple(languages)


@lru_cache(maxsize=SENTENCES_CACHED)
def clauses(text: str) -> tuple[Span, ...]:
    """(start, end) of each clause of a sentence: parts joined by "; " or ", while/with/and/
    but ..." often concern another agency or another event."""
    spans, start = [], 0
    for boundary in _CLAUSE_BREAK_RE.finditer(text):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return tuple((a, b) for a, b in spans if a < b)


def agencies_named(text: str) -> list[lx.Agency]:
    """The agencies a text names, the more specific first; a later pattern never reuses an
    earlier one's match ("Taiwan Food and Drug Administration" is the TFDA, not the FDA)."""
    named = []
    for agency, pattern in _AGENCY_RE:
        if pattern.search(text):
            named.append(agency)
            text = blank(pattern, text)
    return named


def family_of(agency: str) -> str:
    """The head of the bodies that decide together (CDE -> NMPA, CHMP -> EMA)."""
    return lx.AGENCY_PARENTS.get(agency, agency)


@lru_cache(maxsize=256)
def family_named(agency: str) -> str | None:
    """The family of an event's agency as written ("U.S. FDA", "ISAF"); None when the
    lexicon does not know it, and the name itself must then be quoted."""
    named = agencies_named(agency)
    return family_of(named[0].name) if named else None


@dataclass(frozen=True)
class Passage:
    """The quoted stretch of one source sentence, as offsets into ``sentence.text``."""

    sentence: Sentence
    start: int
    end: int


def passages_of(spans: Sequence[Span], sentences: Sequence[Sentence]) -> list[Passage]:
    """The sentences each aligned quote (a span of the source) falls in, and the quoted part
    of each: a quote may run over several sentences, or be part of one."""
    starts = [sentence.start for sentence in sentences]
    passages = []
    for start, end in spans:
        index = max(bisect.bisect_right(starts, start) - 1, 0)
        while index < len(sentences) and sentences[index].start < end:
            sentence = sentences[index]
            low, high = max(start, sentence.start), min(end, sentence.end)
            if low < high:
                passages.append(Passage(sentence, low - sentence.start, high - sentence.start))
            index += 1
    return passages


@dataclass(frozen=True)
class _Part:
    """One clause of a quoted sentence, and the part of it inside the quote."""

    passage: Passage
    clause: Span
    quoted: Span
    languages: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.passage.sentence.text

    def clause_text(self) -> str:
        return self.text[self.clause[0] : self.clause[1]]

    def quoted_text(self) -> str:
        return self.text[self.quoted[0] : self.quoted[1]]


def _parts(passages: Sequence[Passage]) -> Iterator[_Part]:
    for passage in passages:
        text = passage.sentence.text
        languages = languages_of(text)
        for start, end in clauses(text):
            low, high = max(start, passage.start), min(end, passage.end)
            if low < high:
                yield _Part(passage, (start, end), (low, high), languages)


@dataclass(frozen=True)
class _Hit:
    """A lexicon word inside a quote."""

    part: _Part
    span: Span


def _hits(passages: Sequence[Passage], words: Mapping[str, re.Pattern[str]]) -> Iterator[_Hit]:
    """Every match of ``words`` (by language) inside the quoted part of each clause. Matched
    on the whole sentence, so that a word's context outside the quote still counts
    ("marketing authorisation" followed by "application")."""
    for part in _parts(passages):
        for language in part.languages:
            pattern = words.get(language)
            for m in pattern.finditer(part.text) if pattern else ():
                if part.quoted[0] <= m.start() and m.end() <= part.quoted[1]:
                    yield _Hit(part, m.span())


@dataclass(frozen=True)
class Statement:
    """What a clause says of an action: that it happened, or only that it will, may or did
    not, with the cue that says so."""

    status: EventStatus
    cue: str | None = None


def _status(hit: _Hit, company_action: bool = False) -> Statement:
    """The outermost cue governing the hit: before it in its clause within reach and with no
    comma between ("does not expect to file" is negated), else the nearest after it."""
    text, (start, end), (hit_start, hit_end) = hit.part.text, hit.part.clause, hit.span
    before: list[tuple[int, int, EventStatus, str]] = []
    after: list[tuple[int, EventStatus, str]] = []
    for language in hit.part.languages:
        reach = lx.CUE_REACH[language]
        for status, pattern in _CUES_BEFORE_RE.get(language, {}).items():
            for m in pattern.finditer(text, start, end):
                if (
                    m.end() <= hit_start
                    and hit_start - m.end() <= reach
                    and not _BARRIER_RE.search(text, m.end(), hit_start)
                ):
                    before.append((m.start(), -len(m.group()), status, m.group()))
        reach = lx.CUE_REACH_AFTER.get(language, 0)
        closer = _SCOPE_ENDS_RE.get(language)
        closed = closer.search(text, hit_end, end) if closer else None
        for status, pattern in _CUES_AFTER_RE.get(language, {}).items():
            m = pattern.search(text, hit_end, min(end, hit_end + reach))
            if (
                m
                and not _BARRIER_RE.search(text, hit_end, m.start())
                and (closed is None or closed.start() > m.start())
            ):
                after.append((m.start(), status, m.group()))
    if before:
        _, _, status, cue = min(before)
    elif after:
        _, status, cue = min(after)
    else:
        return Statement(EventStatus.OCCURRED)
    if status is EventStatus.PLANNED and not company_action:
        status = EventStatus.EXPECTED
    return Statement(status, cue)


def _blocked(action: RegulatorAction, part: _Part) -> bool:
    """Whether the clause says something that keeps the words from stating ``action``."""
    if action in lx.APPROVAL_FAMILY:
        blockers: Sequence[RegulatorAction] = lx.NOT_APPROVAL
    elif action is RegulatorAction.CLINICAL_HOLD:
        blockers = (RegulatorAction.CLINICAL_HOLD_LIFTED,)
    else:
        return False
    clause = part.clause_text()
    return any(
        pattern.search(clause)
        for blocker in blockers
        for language, pattern in _ACTION_RE[blocker].items()
        if language in part.languages
    )


def _needs_met(action: RegulatorAction, part: _Part) -> bool:
    needs = _NEEDS_RE.get(action)
    quoted = part.quoted_text()
    return needs is None or any(
        needs[language].search(quoted) for language in part.languages if language in needs
    )


def _action_hits(action: RegulatorAction, passages: Sequence[Passage]) -> Iterator[_Hit]:
    """The action's words where they state it: what it also needs is quoted beside them,
    and nothing in the clause (a CRL, a refusal) keeps them from stating it."""
    for hit in _hits(passages, _ACTION_RE.get(action, {})):
        if _needs_met(action, hit.part) and not _blocked(action, hit.part):
            yield hit


def occurs(action: RegulatorAction, clause: str) -> bool:
    """Whether a clause states ``action`` as done (the pick strategy's finders offer only
    such actions)."""
    whole = [Passage(Sentence(0, 0, len(clause), clause), 0, len(clause))]
    company_action = action in lx.COMPANY_ACTIONS
    return any(
        _status(hit, company_action).status is EventStatus.OCCURRED
        for hit in _action_hits(action, whole)
    )


def _names_agency(part: _Part, family: str | None, agency: str) -> bool:
    """Whether the quoted part of a clause names the event's agency: a body of its family,
    or its jurisdiction when the whole clause names no agency at all."""
    quoted = part.quoted_text()
    if family is None:
        return agency.casefold() in quoted.casefold()
    if any(family_of(named.name) == family for named in agencies_named(quoted)):
        return True
    place = _PLACE_RE.get(family)
    return (
        place is not None and bool(place.search(quoted)) and not agencies_named(part.clause_text())
    )


def event_statements(event: RegulatoryEvent, passages: Sequence[Passage]) -> list[Statement]:
    """What the quotes say of the event's action by its agency: one statement per word for
    the action in a clause naming the agency; ``other`` needs only the agency named."""
    family = family_named(event.agency)
    if event.action is RegulatorAction.OTHER:
        named = any(_names_agency(part, family, event.agency) for part in _parts(passages))
        return [Statement(EventStatus.OCCURRED)] if named else []
    company_action = event.action in lx.COMPANY_ACTIONS
    return [
        _status(hit, company_action)
        for hit in _action_hits(event.action, passages)
        if _names_agency(hit.part, family, event.agency)
    ]


def endpoint_outcomes(passages: Sequence[Passage]) -> set[bool]:
    """Whether the quotes say an endpoint was met (True), missed (False), or both. Hedged
    words say neither ("is expected to meet"); negated ones say missed ("did not meet")."""
    said = set()
    for hit in _hits(passages, _MET_RE):
        status = _status(hit).status
        if status in (EventStatus.OCCURRED, EventStatus.NOT_OCCURRED):
            said.add(status is EventStatus.OCCURRED)
    if any(_status(hit).status is EventStatus.OCCURRED for hit in _hits(passages, _MISSED_RE)):
        said.add(False)
    return said


def deal_types_stated(passages: Sequence[Passage]) -> set[DealType]:
    """The kinds of deal the quotes name; ``other`` for the words of any deal."""
    return {kind for kind, words in _DEAL_RE.items() if next(_hits(passages, words), None)}


def company_core(name: str) -> str:
    """The name without corporate suffixes: "InnoCare Pharma Limited" -> "InnoCare"."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and lx.COMPANY_SUFFIXES.fullmatch(words[-1].rstrip(".")):
        words.pop()
    return " ".join(words)


def name_forms(company: Company) -> set[str]:
    """How a text may name the company: its names, their cores without suffixes, their
    distinctive words ("Corvanta" of "Corvanta Oncology") and initials ("CMS" of "China
    Medical System")."""
    forms = set()
    for name in (company.name, *company.local_names):
        local = name
        while (shorter := _LOCAL_SUFFIX_RE.sub("", local)) != local:
            local = shorter
        core = company_core(name)
        words = core.split()
        forms |= {name, local, core}
        forms |= {
            word
            for word in words
            if len(word) >= MIN_NAME_WORD
            and not _GENERIC_WORD_RE.fullmatch(word)
            and not lx.COMPANY_SUFFIXES.fullmatch(word.rstrip("."))
        }
        if len(words) > 1 and all(word[:1].isupper() for word in words):
            forms.add("".join(word[0] for word in words))
    return {form for form in forms if form.strip()}


def _name_pattern(forms: set[str]) -> re.Pattern[str]:
    """Latin names as whole words; CJK names anywhere (their words run together)."""
    alternatives = [
        rf"(?<!\w){re.escape(form)}(?!\w)" if form.isascii() else re.escape(form)
        for form in sorted(forms, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives), _FLAGS)


def roles_stated(
    company: Company, own: Sequence[Passage], deals: Sequence[Passage]
) -> set[CompanyRole]:
    """The deal roles whose words share a quoted sentence with the company's name: in its own
    quotes (where "the Company" names it as well) or in a deal's."""
    names = _name_pattern(name_forms(company))

    def naming(passage: Passage, own_quote: bool) -> bool:
        quoted = passage.sentence.text[passage.start : passage.end]
        return bool(names.search(quoted)) or (
            own_quote
            and any(_SELF_RE[lang].search(quoted) for lang in languages_of(passage.sentence.text))
        )

    named = [p for p in own if naming(p, True)] + [p for p in deals if naming(p, False)]
    return {role for role, words in _ROLE_RE.items() if next(_hits(named, words), None)}


@dataclass(frozen=True)
class Finding:
    """A claim its quotes do not state, and what the policy does about it."""

    check: str
    """The check that failed, named in every message, re-ask and drop."""
    field: str
    message: str
    replacement: Any = None
    """What ``field`` becomes under the drop policy; None empties it."""
    drops_fact: bool = False
    """The fact's claim itself is unsupported: the drop policy removes the fact."""
    corrects: bool = False
    """The replacement applies under every policy: the fact stays, saying what its quotes
    say, rather than keeping a false value marked."""


def check_claims(
    fact: Fact, passages: Sequence[Passage], deal_passages: Sequence[Passage]
) -> list[Finding]:
    """The claim checks for one fact, given its quoted passages and those of every deal."""
    if isinstance(fact, RegulatoryEvent):
        return _event_findings(fact, passages)
    if isinstance(fact, EndpointResult):
        return _endpoint_findings(fact, passages)
    if isinstance(fact, Deal):
        return _deal_findings(fact, passages)
    if isinstance(fact, Company):
        others = [p for p in deal_passages if p not in passages]
        return _company_findings(fact, passages, others)
    if isinstance(fact, Drug):
        return _drug_findings(fact, passages)
    return []


def _event_findings(event: RegulatoryEvent, passages: Sequence[Passage]) -> list[Finding]:
    statements = event_statements(event, passages)
    what = f"{event.action.value} by {event.agency}"
    if not statements:
        return [
            Finding(
                "action",
                "action",
                f"no quote states {what}: a quote must name the agency and say what it did "
                "in one clause",
                drops_fact=True,
            )
        ]
    if event.reporting is Reporting.NEWS and all(
        next(_hits([passage], _BACKGROUND_RE), None) for passage in passages
    ):
        return [
            Finding(
                "reporting",
                "reporting",
                f"the quotes give {what} as history (previously, earlier...), not as the "
                "document's news: set reporting to background",
                replacement=Reporting.BACKGROUND,
                corrects=True,
            )
        ]
    if event.status is EventStatus.OCCURRED and all(
        s.status is not EventStatus.OCCURRED for s in statements
    ):
        said = statements[0]
        return [
            Finding(
                "status",
                "status",
                f"the quotes state {what} only as {said.status.value} ({said.cue!r}), not as "
                f"done: set status to {said.status.value} or quote where it happened",
                replacement=said.status,
                corrects=True,
            )
        ]
    return []


def _endpoint_findings(result: EndpointResult, passages: Sequence[Passage]) -> list[Finding]:
    claimed = result.primary_endpoint_met
    if claimed is None:
        return []
    said = endpoint_outcomes(passages)
    if claimed in said:
        return []
    wanted = "met" if claimed else "missed"
    found = f" (they say it was {'met' if True in said else 'missed'})" if said else ""
    return [
        Finding(
            "primary_endpoint_met",
            "primary_endpoint_met",
            f"no quote says the endpoint was {wanted}{found}: quote the sentence that says "
            "so, or set it to null",
        )
    ]


def _deal_findings(deal: Deal, passages: Sequence[Passage]) -> list[Finding]:
    stated = deal_types_stated(passages)
    if deal.deal_type in stated or (deal.deal_type is DealType.OTHER and stated):
        return []
    if not stated:
        return [
            Finding(
                "deal_type",
                "deal_type",
                f"no quote names a deal ({deal.deal_type.value} or any other)",
                drops_fact=True,
            )
        ]
    named = ", ".join(sorted(kind.value for kind in stated))
    return [
        Finding(
            "deal_type",
            "deal_type",
            f"no quote names a {deal.deal_type.value} deal (they name: {named})",
            replacement=DealType.OTHER,
        )
    ]


def _company_findings(
    company: Company, own: Sequence[Passage], deals: Sequence[Passage]
) -> list[Finding]:
    checked = [role for role in company.roles if role in _ROLE_RE]
    if not checked:
        return []
    stated = roles_stated(company, own, deals)
    missing = [role for role in checked if role not in stated]
    if not missing:
        return []
    return [
        Finding(
            "roles",
            "roles",
            f"no quoted sentence names {company.name} with words for "
            f"{', '.join(role.value for role in missing)}",
            replacement=[role for role in company.roles if role not in missing],
        )
    ]


def _drug_findings(drug: Drug, passages: Sequence[Passage]) -> list[Finding]:
    """A drug offered as the subject whose every quoted mention is a comparator's or a
    competitor's ("compared with X", "competitors such as X") is not the subject."""
    if drug.relation is not DrugRelation.SUBJECT:
        return []
    names = [name for name in (drug.name, drug.inn, *drug.brand_names) if name]
    contexts: set[DrugRelation] = set()
    for passage in passages:
        text = passage.sentence.text
        quoted = text[passage.start : passage.end]
        for name in names:
            at = quoted.find(name)
            if at < 0:
                continue
            before = text[max(0, passage.start + at - lx.DRUG_CONTEXT_REACH) : passage.start + at]
            found = [
                relation
                for relation, words in _DRUG_CONTEXT_RE.items()
                if any(pattern.search(before) for pattern in words.values())
            ]
            if not found:
                return []  # named plainly somewhere: it may well be the subject
            contexts.update(found)
    if not contexts:
        return []
    relation = min(contexts, key=list(DrugRelation).index)
    return [
        Finding(
            "relation",
            "relation",
            f"every quote names {drug.name} as {relation.value.replace('_', ' ')} "
            f"(compared with, versus, competitors such as...), not as the news's subject",
            replacement=relation,
            corrects=True,
        )
    ]
