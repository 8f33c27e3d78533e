"""resolve: one event per real-world happening, however many documents of a run report it.

A run gives one summary per document, but the same NMPA approval arrives as the
company's release, two outlets' rewrites and an exchange announcement: four
regulatory events, one happening. Resolution makes the run's regulatory events,
trials and deals one :class:`~schemas.digest.ResolvedEvent` each per real-world
event, keeping every source's document, fact path, quotes and offsets.

Two facts are one event when:

- regulatory events: the same drug (by any of its names: INN, development code
  with or without its hyphen, brand, local name, as the document's drug list
  gives them), the same agency family (a centre or committee counts as its
  agency: CDE as NMPA, CHMP and the European Commission as EMA, as the claim
  checks count them), compatible actions (an approval and an accelerated
  approval; never an accelerated and a conditional one), dates whose spans
  overlap (a month-only or relative date and a full date inside it), and, unless
  both state the same full date, indications sharing their words;
- trials: the same drug, and a shared identifier or, where either states none,
  the same phase, with indications sharing their words;
- deals: compatible types, the same asset where both name one, and the same
  parties (two in common, or all of the shorter list); with no parties, the
  same asset or an amount in common.

Matching reuses the scorer's normalisers (:mod:`summarise.quality.matching`).
A document's own facts are never merged (its summary already merged its
repeats), so each document's facts are assigned one to one to the events found
so far, the assignment maximising what they agree on; a fact must be
compatible with the whole event it joins (every date it has been given, every
action), so a chain of near-misses never links two different events. Documents
are read oldest first, so an event is named by its earliest source. A fact is
compared only with the events sharing a lookup key with it (a drug name's; for a
deal also a party's or an amount), keys that any two compatible facts share, and
each assignment is solved within its group of linked pairs, so a run of thousands
of documents resolves in seconds (``bench/resolve_scale.py``).

Values the sources state differently (two upfront amounts, "occurred" against
"expected") are never averaged or picked: the event leaves the value out and
lists it as a conflict, each value with the documents that state it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

from schemas import (
    CompanyRole,
    Deal,
    DealType,
    Drug,
    Fact,
    Phase,
    PressReleaseSummary,
    RegulatorAction,
    RegulatoryEvent,
    Reporting,
    Trial,
)
from schemas.digest import (
    COMPARED_FIELDS,
    PHASE,
    RESULT_PREFIX,
    STATUS,
    Conflict,
    ConflictingValue,
    EventKind,
    EventSource,
    ResolvedEvent,
)
from summarise.pipeline.claims import family_named
from summarise.pipeline.merge import name_key
from summarise.quality.matching.assign import best_assignment
from summarise.quality.matching.dates import ANY_DAY, DateSpan, date_span, iso_span
from summarise.quality.matching.names import (
    PLAIN_ACTIONS,
    actions_compatible,
    company_name_keys,
    company_named_in,
    company_names_compatible,
    drug_identities,
    drug_name_keys,
    drug_names_compatible,
    names_share_a_part,
)
from summarise.quality.matching.normalise import clean_text, norm_date
from summarise.quality.matching.places import norm_agency
from summarise.views.review.facts import result_values
from summarise.views.values import format_value
from summarise.views.words import words

INDICATION_MIN_OVERLAP = 0.5
"""Share of the shorter indication's words the other must hold: "facial nonsegmental
vitiligo" is "nonsegmental vitiligo in patients 12 years of age and older", not "mild to
moderate atopic dermatitis in patients 12 years of age and older"."""
# fmt: off
INDICATION_FILLER = frozenset({
    "a", "an", "and", "or", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "without", "who", "whose", "that", "as", "than", "patient", "patients", "adult", "adults",
    "adolescent", "adolescents", "child", "children", "paediatric", "pediatric", "people",
    "person", "aged", "age", "ages", "year", "years", "old", "older", "younger", "least",
    "more", "treatment", "treating", "treat", "therapy", "use",
})
# fmt: on
"""Words that say who or how rather than what disease: two indications sharing only
these ("adults 12 years of age and older") are not the same indication."""
MIN_SHARED_PARTIES = 2
"""Parties two deals must share (or all of the shorter list): a company's two licences
with different partners are two deals."""
NOT_PARTIES = frozenset({CompanyRole.COMPETITOR, CompanyRole.ADVISOR, CompanyRole.INVESTOR})
"""Company roles that never make a company the one behind a regulatory event or trial."""
MONEY_FIELDS = COMPARED_FIELDS[EventKind.DEAL]
TRIAL_COUNTS = tuple(name for name in COMPARED_FIELDS[EventKind.TRIAL] if name != PHASE)
EVENT_ID_DIGITS = 10
UNDATED = -(10**6)
NAMELESS = "no drug named"
"""The block key of a regulatory event or trial naming no drug: it may be only another such."""
_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
TEXTS_CACHED = 4096
"""Indications whose words are kept: each is compared with many others in a run."""


@dataclass(frozen=True)
class Document:
    """One record of a run: what resolution reads of it."""

    doc_id: str
    summary: PressReleaseSummary

    @cached_property
    def published(self) -> str | None:
        info = self.summary.document
        return info.date_iso or norm_date(info.date_as_stated)


# What makes two facts one event.


@dataclass(frozen=True)
class EventKey:
    """What tells one event from another: a fact's, or an event's merged from its facts."""

    kind: EventKind
    drug_names: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    agency: str | None = None
    actions: frozenset[str] = frozenset()
    when: DateSpan = ANY_DAY
    indications: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    phases: frozenset[str] = frozenset()
    deal_types: frozenset[str] = frozenset()
    populations: tuple[str, ...] = ()
    values: tuple[tuple[str, str], ...] = ()
    """Compared values (status, counts, amounts), for telling near-equals apart."""

    def merged(self, other: EventKey) -> EventKey:
        """The key of an event that ``other``'s fact has joined."""
        values = dict(other.values) | dict(self.values)
        return replace(
            self,
            drug_names=_unique_names(self.drug_names + other.drug_names),
            companies=_unique_companies(self.companies + other.companies),
            actions=self.actions | other.actions,
            when=self.when.within(other.when),
            indications=_unique_texts(self.indications + other.indications),
            identifiers=_unique_names(self.identifiers + other.identifiers),
            phases=self.phases | other.phases,
            deal_types=self.deal_types | other.deal_types,
            populations=_unique_texts(self.populations + other.populations),
            values=tuple(values.items()),
        )


def _unique_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order, one per spelling ("ICP-248" and "ICP248" are one)."""
    kept: dict[str, str] = {}
    for name in names:
        if name:
            kept.setdefault(name_key(name), name)
    return tuple(kept.values())


def _unique_texts(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for text in texts if text))


def _unique_companies(names: Iterable[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for name in names:
        if name and not any(company_names_compatible(name, seen) for seen in kept):
            kept.append(name)
    return tuple(kept)


@lru_cache(maxsize=TEXTS_CACHED)
def _content_words(text: str) -> frozenset[str]:
    found = {word.replace("-", "") for word in _WORD_RE.findall(text.casefold())}
    return frozenset(w for w in found if w not in INDICATION_FILLER and not w.isdigit())


def _overlap(left: Sequence[str], right: Sequence[str]) -> float | None:
    """The best share of words any two of the texts have in common, of the shorter one's;
    None when either side says nothing."""
    best = None
    for a in left:
        for b in right:
            words_a, words_b = _content_words(a), _content_words(b)
            if words_a and words_b:
                share = len(words_a & words_b) / min(len(words_a), len(words_b))
                best = share if best is None else max(best, share)
    return best


def _indications_agree(a: EventKey, b: EventKey) -> bool:
    overlap = _overlap(a.indications, b.indications)
    return overlap is None or overlap >= INDICATION_MIN_OVERLAP


def _names_agree(a: EventKey, b: EventKey) -> bool:
    return any(drug_names_compatible(x, y) for x in a.drug_names for y in b.drug_names)


def _drugs_agree(a: EventKey, b: EventKey) -> bool:
    """The same drug; two facts naming none agree, one naming none does not."""
    if not a.drug_names or not b.drug_names:
        return not a.drug_names and not b.drug_names
    return _names_agree(a, b)


def _same_regulatory(a: EventKey, b: EventKey) -> bool:
    return (
        a.agency == b.agency
        and all(actions_compatible(x, y) for x in a.actions for y in b.actions)
        and _drugs_agree(a, b)
        and a.when.overlaps(b.when)
        and ((a.when.exact and b.when.exact) or _indications_agree(a, b))
    )


def _same_trial(a: EventKey, b: EventKey) -> bool:
    if not _drugs_agree(a, b) or not _indications_agree(a, b):
        return False
    if any(names_share_a_part(x, y) for x in a.identifiers for y in b.identifiers):
        return True
    return not (a.identifiers and b.identifiers) and a.phases == b.phases


def _shared_parties(a: EventKey, b: EventKey) -> int:
    return sum(any(company_names_compatible(x, y) for y in b.companies) for x in a.companies)


def _same_deal(a: EventKey, b: EventKey) -> bool:
    other = {DealType.OTHER.value}
    if a.deal_types - other and b.deal_types - other and a.deal_types != b.deal_types:
        return False
    if a.drug_names and b.drug_names and not _names_agree(a, b):
        return False
    if a.companies and b.companies:
        needed = min(MIN_SHARED_PARTIES, len(a.companies), len(b.companies))
        return _shared_parties(a, b) >= needed
    if a.drug_names and b.drug_names:
        return True
    amounts_a, amounts_b = dict(a.values), dict(b.values)
    return any(
        amounts_a.get(name) is not None and amounts_a.get(name) == amounts_b.get(name)
        for name in MONEY_FIELDS
    )


SAME: dict[EventKind, Callable[[EventKey, EventKey], bool]] = {
    EventKind.REGULATORY: _same_regulatory,
    EventKind.TRIAL: _same_trial,
    EventKind.DEAL: _same_deal,
}
"""May two keys be one event at all?"""


def similarity(a: EventKey, b: EventKey) -> float:
    """How much two compatible keys agree: 1, plus each compared value they share, plus
    the words their indications and populations share (telling a drug's two undated
    approvals, or a trial's cohorts, apart)."""
    values_b = dict(b.values)
    shared = sum(values_b.get(name) == value for name, value in a.values)
    words = [
        _overlap(a.indications, b.indications) or 0.0,
        _overlap(a.populations, b.populations) or 0.0,
    ]
    return 1.0 + shared + sum(words)


def _block_keys(key: EventKey) -> set[str]:
    """Keys two compatible keys always share (see :data:`SAME`): a drug name's; for a deal
    also a party's and each amount. Only events sharing one with a fact are compared with
    it, so resolving thousands of documents stays fast."""
    keys = {f"drug {part}" for name in key.drug_names for part in drug_name_keys(name)}
    if key.kind is EventKind.DEAL:
        keys |= {f"party {part}" for name in key.companies for part in company_name_keys(name)}
        keys |= {f"{name} {value}" for name, value in key.values if name in MONEY_FIELDS}
    elif not key.drug_names:
        keys.add(NAMELESS)
    return keys


@dataclass
class _Blocks:
    """Keys by the block keys they hold, for finding a key's possible matches by lookup."""

    found: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, number: int, key: EventKey) -> None:
        for block in _block_keys(key):
            self.found[block].add(number)

    def candidates(self, key: EventKey) -> set[int]:
        return set().union(*(self.found.get(block, set()) for block in _block_keys(key)))


Edges = dict[tuple[int, int], float]


def _assign(edges: Edges) -> list[tuple[int, int]]:
    """The one-to-one pairs of most agreement among weighted compatible pairs: the
    assignment solved apart for each group of pairs linked by a shared side."""
    group: dict[tuple[str, int], tuple[str, int]] = {}

    def head(node: tuple[str, int]) -> tuple[str, int]:
        while group.setdefault(node, node) != node:
            node = group[node]
        return node

    for i, j in edges:
        group[head(("left", i))] = head(("right", j))
    members: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for i, j in edges:
        members[head(("left", i))].append((i, j))
    pairs = []
    for linked in members.values():
        rows = sorted({i for i, _ in linked})
        columns = sorted({j for _, j in linked})
        weights = [[edges.get((i, j), 0.0) for j in columns] for i in rows]
        pairs += [(rows[r], columns[c]) for r, c in best_assignment(weights)]
    return sorted(pairs)


def pair_events(left: Sequence[EventKey], right: Sequence[EventKey]) -> list[tuple[int, int]]:
    """One-to-one pairs of compatible keys, agreeing most; (left, right) index pairs."""
    blocks = _Blocks()
    for number, key in enumerate(right):
        blocks.add(number, key)
    edges = {
        (i, j): similarity(a, right[j])
        for i, a in enumerate(left)
        for j in blocks.candidates(a)
        if a.kind is right[j].kind and SAME[a.kind](a, right[j])
    }
    return _assign(edges)


# A document's facts, as resolution reads them.


@dataclass(frozen=True)
class Mention:
    """One fact of one document, with what it says about the event it reports."""

    document: Document
    path: str
    fact: Fact
    key: EventKey
    drug: str | None
    """The drug's name as the document's drug list has it."""

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def reporting(self) -> Reporting:
        return self.fact.reporting if isinstance(self.fact, RegulatoryEvent) else Reporting.NEWS

    def source(self) -> EventSource:
        info = self.document.summary.document
        return EventSource(
            doc_id=self.doc_id,
            fact=self.path,
            published=self.document.published,
            publisher=info.publisher,
            reporting=self.reporting,
            values=dict(self.key.values),
            evidence=[evidence.model_copy() for evidence in self.fact.evidence],
        )


def _drug(summary: PressReleaseSummary, name: str | None) -> tuple[str | None, list[Drug]]:
    """The drug a fact names, as the document's drug list names it, and that list's
    entries for it (which give its other names)."""
    if not clean_text(name):
        return None, []
    matched = [
        drug
        for drug in summary.drugs
        if any(drug_names_compatible(name, known) for known in drug_identities(drug))
    ]
    return (matched[0].name if matched else name), matched


def _drug_names(name: str | None, drugs: Sequence[Drug]) -> tuple[str, ...]:
    return _unique_names(
        [name or "", *(known for drug in drugs for known in drug_identities(drug))]
    )


def _companies(summary: PressReleaseSummary, fact: Fact, drugs: Sequence[Drug]) -> list[str]:
    """The companies behind a regulatory event or trial: the one issuing the release, the
    drug's originator and those its quotes (or its drug's) name; else the document's only
    company with a part in it."""
    involved = [
        company
        for company in summary.companies
        if not company.roles or set(company.roles) - NOT_PARTIES
    ]
    publisher = summary.document.publisher
    quoted = " ".join(evidence.quote for each in (fact, *drugs) for evidence in each.evidence)
    named = [
        company.name
        for company in involved
        if publisher and company_names_compatible(company.name, publisher)
    ]
    named += [drug.originator for drug in drugs if drug.originator]
    named += [
        company.name
        for company in involved
        if any(company_named_in(name, quoted) for name in (company.name, *company.local_names))
    ]
    if not named and len(involved) == 1:
        named = [involved[0].name]
    return list(_unique_companies(named))


def _agency_family(agency: str) -> str | None:
    """The head of the bodies an agency decides with (CDE -> NMPA); the agency itself,
    normalised, when the lexicon does not know it."""
    return family_named(agency) or norm_agency(agency)


def _regulatory(document: Document, path: str, event: RegulatoryEvent) -> Mention:
    summary = document.summary
    drug, drugs = _drug(summary, event.drug)
    key = EventKey(
        EventKind.REGULATORY,
        drug_names=_drug_names(event.drug, drugs),
        companies=tuple(_companies(summary, event, drugs)),
        agency=_agency_family(event.agency),
        actions=frozenset({event.action.value}),
        when=date_span(event.date_iso, event.date_as_stated, document.published),
        indications=_unique_texts([event.indication or ""]),
        values=((STATUS, words(event.status)),),
    )
    return Mention(document, path, event, key, drug)


def _stated(pairs: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str], ...]:
    return tuple((name, value) for name, value in pairs if value is not None)


def _trial(document: Document, path: str, trial: Trial) -> Mention:
    summary = document.summary
    drug, drugs = _drug(summary, trial.drug)
    values = _stated(
        [
            (PHASE, format_value(trial.phase)),
            *((name, format_value(getattr(trial, name))) for name in TRIAL_COUNTS),
            *(
                (f"{RESULT_PREFIX}{result.endpoint}", result_values(result) or None)
                for result in trial.results
            ),
        ]
    )
    key = EventKey(
        EventKind.TRIAL,
        drug_names=_drug_names(trial.drug, drugs),
        companies=tuple(_companies(summary, trial, drugs)),
        indications=_unique_texts([trial.indication or ""]),
        identifiers=_unique_names([trial.identifier or ""]),
        phases=frozenset({trial.phase.value} if trial.phase else ()),
        populations=_unique_texts([trial.population or ""]),
        values=values,
    )
    return Mention(document, path, trial, key, drug)


def _deal(document: Document, path: str, deal: Deal) -> Mention:
    drug, drugs = _drug(document.summary, deal.asset)
    parties = [*deal.parties, deal.licensor or "", deal.licensee or ""]
    key = EventKey(
        EventKind.DEAL,
        drug_names=_drug_names(deal.asset, drugs),
        companies=_unique_companies(parties),
        deal_types=frozenset({deal.deal_type.value}),
        values=_stated((name, format_value(getattr(deal, name))) for name in MONEY_FIELDS),
    )
    return Mention(document, path, deal, key, drug)


READERS: dict[str, Callable[[Document, str, Any], Mention]] = {
    "regulatory_events": _regulatory,
    "trials": _trial,
    "deals": _deal,
}
"""The summary lists whose facts resolve into events, and how each fact is read."""


def mentions_of(document: Document) -> list[Mention]:
    """Every regulatory event, trial and deal of a document, in its summary's order."""
    return [
        read(document, f"{name}[{index}]", fact)
        for name, read in READERS.items()
        for index, fact in enumerate(getattr(document.summary, name))
    ]


def facts_to_resolve(summary: PressReleaseSummary) -> int:
    """How many of a summary's facts resolve into events."""
    return sum(len(getattr(summary, name)) for name in READERS)


# Events: facts joined, and what their sources agree on.


@dataclass
class _Event:
    key: EventKey
    mentions: list[Mention] = field(default_factory=list)
    doc_ids: set[str] = field(default_factory=set)

    def add(self, mention: Mention) -> None:
        self.key = self.key.merged(mention.key) if self.mentions else mention.key
        self.mentions.append(mention)
        self.doc_ids.add(mention.doc_id)


def _order(mention: Mention) -> tuple[bool, str, str, str]:
    published = mention.document.published
    return (published is None, published or "", mention.doc_id, mention.path)


def _most_common(texts: Iterable[str | None]) -> str | None:
    """The value most sources give (case aside); the earliest source's on a tie."""
    stated = [text for text in texts if text]
    if not stated:
        return None
    counts = Counter(text.casefold() for text in stated)
    return max(stated, key=lambda text: counts[text.casefold()])


def _agreement(mentions: Sequence[Mention]) -> tuple[dict[str, str], list[Conflict]]:
    """Each compared value the sources agree on, and each they do not, side by side."""
    stated: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for mention in mentions:
        for name, value in mention.key.values:
            stated[name][value].append(mention.doc_id)
    agreed = {name: next(iter(found)) for name, found in stated.items() if len(found) == 1}
    conflicts = [
        Conflict(
            field=name,
            values=[ConflictingValue(value=value, doc_ids=ids) for value, ids in found.items()],
        )
        for name, found in stated.items()
        if len(found) > 1
    ]
    return agreed, conflicts


def _event_id(kind: EventKind, first: Mention) -> str:
    digest = hashlib.sha256(f"{first.doc_id}#{first.path}".encode()).hexdigest()
    return f"{kind.value[0]}-{digest[:EVENT_ID_DIGITS]}"


def _most_specific(actions: Iterable[str]) -> RegulatorAction | None:
    """The action of an event one source calls an approval and another an accelerated
    approval: the accelerated approval."""
    plain = {action.value for action in PLAIN_ACTIONS.values()}
    found = sorted(actions, key=lambda action: action in plain)
    return RegulatorAction(found[0]) if found else None


def _date_precision(event: RegulatoryEvent) -> int:
    """Larger for a narrower date: a day over a month over a year over none."""
    span = iso_span(event.date_iso or norm_date(event.date_as_stated))
    return -(span.last - span.first).days if span.first and span.last else UNDATED


def _regulatory_fields(events: Sequence[RegulatoryEvent], key: EventKey) -> dict[str, Any]:
    dated = max(events, key=_date_precision)
    agencies: dict[str | None, str] = {}
    for event in events:
        agencies.setdefault(norm_agency(event.agency), event.agency)
    return {
        "agency": key.agency,
        "agencies": list(agencies.values()),
        "action": _most_specific(key.actions),
        "indication": _most_common(event.indication for event in events),
        "date": dated.date_iso or norm_date(dated.date_as_stated),
        "date_as_stated": dated.date_as_stated or _most_common(e.date_as_stated for e in events),
    }


def _trial_fields(trials: Sequence[Trial], key: EventKey, agreed: dict[str, str]) -> dict[str, Any]:
    return {
        "identifier": _most_common(trial.identifier for trial in trials),
        "phase": Phase(next(iter(key.phases))) if PHASE in agreed else None,
        "indication": _most_common(trial.indication for trial in trials),
    }


def _deal_fields(key: EventKey) -> dict[str, Any]:
    """A deal one source calls a licence and another gives no type is a licence."""
    types = sorted(key.deal_types, key=lambda kind: kind == DealType.OTHER.value)
    return {"deal_type": DealType(types[0])}


def _resolved(event: _Event) -> ResolvedEvent:
    mentions = sorted(event.mentions, key=_order)
    facts = [mention.fact for mention in mentions]
    key = event.key
    values, conflicts = _agreement(mentions)
    if key.kind is EventKind.REGULATORY:
        fields = _regulatory_fields([f for f in facts if isinstance(f, RegulatoryEvent)], key)
    elif key.kind is EventKind.TRIAL:
        fields = _trial_fields([f for f in facts if isinstance(f, Trial)], key, values)
    else:
        fields = _deal_fields(key)
    published = [mention.document.published for mention in mentions]
    return ResolvedEvent(
        event_id=_event_id(key.kind, mentions[0]),
        kind=key.kind,
        reporting=(
            Reporting.NEWS
            if any(mention.reporting is Reporting.NEWS for mention in mentions)
            else Reporting.BACKGROUND
        ),
        drug=_most_common(mention.drug for mention in mentions),
        drug_names=list(key.drug_names),
        companies=list(key.companies),
        first_reported=min((day for day in published if day), default=None),
        values=values,
        conflicts=conflicts,
        sources=[mention.source() for mention in mentions],
        **fields,
    )


def _join(mentions: Sequence[Mention], events: list[_Event], blocks: _Blocks) -> None:
    """A document's facts of one kind, each to the event it agrees with most (one to one,
    never an event the document is already in), or to a new event."""
    edges = {
        (i, j): similarity(mention.key, events[j].key)
        for i, mention in enumerate(mentions)
        for j in blocks.candidates(mention.key)
        if mention.doc_id not in events[j].doc_ids
        and SAME[mention.key.kind](mention.key, events[j].key)
    }
    joined = dict(_assign(edges))
    for index, mention in enumerate(mentions):
        if index not in joined:
            joined[index] = len(events)
            events.append(_Event(mention.key))
        event = events[joined[index]]
        event.add(mention)
        blocks.add(joined[index], event.key)


def resolve(documents: Iterable[Document]) -> list[ResolvedEvent]:
    """The run's events, each once with every source: regulatory events, trials, deals."""
    events: dict[EventKind, list[_Event]] = defaultdict(list)
    blocks: dict[EventKind, _Blocks] = defaultdict(_Blocks)
    ordered = sorted(documents, key=lambda d: (d.published is None, d.published or "", d.doc_id))
    for document in ordered:
        found = mentions_of(document)
        for kind in EventKind:
            _join([m for m in found if m.key.kind is kind], events[kind], blocks[kind])
    return [_resolved(event) for kind in EventKind for event in events[kind]]


def key_of(event: ResolvedEvent) -> EventKey:
    """The key of an event already resolved (a previous digest's), to pair it with one of
    this digest's: the same rules as for facts, on what the event kept."""
    indications = _unique_texts([event.indication or ""])
    return EventKey(
        event.kind,
        drug_names=tuple(event.drug_names),
        companies=tuple(event.companies),
        agency=event.agency,
        actions=frozenset({event.action.value} if event.action else ()),
        when=date_span(event.date, event.date_as_stated, event.first_reported),
        indications=indications,
        identifiers=_unique_names([event.identifier or ""]),
        phases=frozenset({event.phase.value} if event.phase else ()),
        deal_types=frozenset({event.deal_type.value} if event.deal_type else ()),
        values=tuple(event.values.items()),
    )
