"""pick: a summary built from candidates found in code, with a small model choosing.

A model of a few hundred million parameters cannot write a nested summary, but
it can answer closed questions about one sentence. Code finds the candidates
(drug names, agencies and actions, counts, percentages, amounts: see
``summarise/candidates/``); the model picks among them through schema-constrained
multiple choice; every fact's evidence is the sentence it came from, so
grounding holds by construction and is still checked. Headline and summary are
extractive: sentences of the document, chosen, never written, and never a sentence
quarantined as addressed to AI tools (``summarise.pipeline.quarantine``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any, Literal

from instructor import ResponseSchema
from pydantic import BaseModel, create_model

from schemas import (
    Caveat,
    CaveatKind,
    Company,
    CompanyRole,
    Deal,
    DealType,
    DocumentInfo,
    Drug,
    EffectSize,
    EndpointResult,
    EventType,
    Evidence,
    Modality,
    Money,
    Phase,
    RegulatorAction,
    RegulatoryEvent,
    Reporting,
    Trial,
)
from summarise.core.policy import Strictness
from summarise.llm.call import ValidationExhausted, ask
from summarise.llm.endpoint import Endpoint
from summarise.llm.metering import Meter, metered
from summarise.llm.response import GroundedSummary, validation_context
from summarise.pipeline.claims import company_core, family_of
from summarise.pipeline.lexicon import (
    APPROVAL_FAMILY,
    COMPANY_SUFFIXES,
    LOCAL_COMPANY_SUFFIXES,
)
from summarise.pipeline.merge import merge_facts, name_key
from summarise.pipeline.prompting import pick_messages, question
from summarise.pipeline.quarantine import Quarantine, quarantine
from summarise.pipeline.record import CallOutcome
from summarise.pipeline.sentences import CJK_LETTER_RE
from summarise.strategies import candidates as found
from summarise.strategies.candidates.items import ITEM_HEADING_RE

NOT_STATED = "not stated"
MAX_LEAD_CHOICES = 6
MIN_LEAD_WORDS = 6
"""Shorter lines are mastheads, bylines and headings ("MedPath"), never the news."""
MAX_SUMMARY_SENTENCES = 4
SUMMARY_SHARE = 3
"""The summary holds at most this fraction's inverse of the release: a third of it."""
MAX_HEADLINE_WORDS = 30
AVERAGE_WORD_CHARS = 6
"""Characters per English word with its space, to turn a character budget into words."""
MARKUP_RE = re.compile(r"^#{1,6}\s+|^[*_]+|[*_]+$")
"""Markdown around a title: heading marks and emphasis are not the headline's words."""
EMPHASIS_LINE_RE = re.compile(r"([*_]{1,2}).+\1")
LINK_RE = re.compile(r"\]\(|https?://")
LATIN_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*|[\uac00-\ud7af]+")
LOCAL_SUFFIX_END_RE = re.compile(rf"(?:{LOCAL_COMPANY_SUFFIXES})\s*$")
BRACKETED_LINE_RE = re.compile(r"[(（].*[)）]")
"""A line wholly in brackets: a legal note under a company's name ("(incorporated in ...)")."""
HEADING_CAPITALS = 0.6
"""Share of capitalised words from which an unpunctuated line is a heading."""
MIN_TITLE_WORDS = 3
MAX_MASTHEAD_WORDS = 6
PLACEBO_CONTROLLED = "placebo-controlled"
"""A trial whose results are compared with placebo is placebo-controlled."""


def _choices(*options: str) -> Any:
    """A Literal type over distinct options, in order, for schema-constrained decoding."""
    return Literal[tuple(dict.fromkeys(options))]


@dataclass(frozen=True)
class Choice:
    """A closed question: the options code found, and the answer when it found none."""

    question: str
    options: tuple[str, ...]
    fallback: str | None = None


@cache
def _answer_model(fields: tuple[tuple[str, tuple[str, ...]], ...]) -> type[BaseModel]:
    """One multiple-choice model per set of questions and options, built once: the same
    questions recur across a batch, and building a model class costs milliseconds."""
    return create_model(
        "Answer",
        __base__=ResponseSchema,
        **{name: (_choices(*options), ...) for name, options in fields},
    )


class _Picker:
    """Asks the questions of one document, keeping its answers' cost on one meter."""

    def __init__(self, endpoint: Endpoint, meter: Meter, sentences: list[found.Sentence]) -> None:
        self.endpoint = endpoint
        self.meter = meter
        self.sentences = sentences
        self.unanswered = 0

    async def choose(self, passage: str, asked: dict[str, Choice]) -> dict[str, str | None]:
        """Answer each field; the model is asked only where code found several options.

        One option found by code is taken as is: measured on the seeds, the small
        models moved away from a single right candidate more often than they
        rejected a wrong one. The code's first option is listed first.
        """
        answers: dict[str, str | None] = {}
        open_fields: dict[str, Choice] = {}
        for name, choice in asked.items():
            options = tuple(dict.fromkeys(choice.options))
            if len(options) > 1:
                open_fields[name] = choice
            else:
                answers[name] = options[0] if options else choice.fallback
        if not open_fields:
            return answers
        answer_model = _answer_model(
            tuple(
                (name, (*choice.options, *filter(None, [choice.fallback])))
                for name, choice in open_fields.items()
            )
        )
        texts = {name: choice.question for name, choice in open_fields.items()}
        try:
            answer = await ask(
                self.endpoint, self.meter, answer_model, pick_messages(passage, texts)
            )
        except ValidationExhausted:
            self.unanswered += 1
            return {**answers, **{name: choice.options[0] for name, choice in open_fields.items()}}
        return {**answers, **answer.model_dump()}

    async def choose_one(self, passage: str, choice: Choice) -> str | None:
        return (await self.choose(passage, {"answer": choice}))["answer"]

    def evidence(self, *indexes: int) -> list[Evidence]:
        return [Evidence(quote=self.sentences[index].text) for index in dict.fromkeys(indexes)]

    def text(self, index: int) -> str:
        return self.sentences[index].text


def _given(answer: str | None) -> str | None:
    return None if answer in (None, NOT_STATED) else answer


LEAD_SENTENCES = 4
"""Opening sentences of a story (title, subtitles, lead) that state its news."""
BACKGROUND_AFTER_DAYS = 30
"""An event dated this long before the release is history the release recalls, not its news
(the EC decision three days before the release is news; the CHMP opinion two months
before it is background)."""


def _period_end(iso: str) -> date:
    """The last day a partial ISO date ("2024", "2024-10") can mean: an event is background
    only when it surely precedes the release."""
    parts = [int(part) for part in iso.split("-")]
    if len(parts) == 3:
        return date(*parts)
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _placed(iso: str | None, stated: str | None, released_iso: str | None) -> str | None:
    """An event's ISO date, or its month "this year" counted from the release's date."""
    return iso or found.resolve_relative(stated, released_iso)


def _reporting(event_iso: str | None, released_iso: str | None) -> Reporting:
    if not (event_iso and released_iso and len(released_iso) == len("2025-01-01")):
        return Reporting.NEWS
    gap = _period_end(released_iso) - _period_end(event_iso)
    return Reporting.BACKGROUND if gap.days > BACKGROUND_AFTER_DAYS else Reporting.NEWS


def _dates_agree(one: RegulatoryEvent, other: RegulatoryEvent) -> bool:
    """Same day, or one date a part of the other ("2025-07" and "2025-07-24")."""
    a, b = one.date_iso or "", other.date_iso or ""
    return a.startswith(b) or b.startswith(a)


def _same_event(kept: RegulatoryEvent, event: RegulatoryEvent) -> bool:
    """Same agency family, the same action (or a plain approval and its specific kind),
    compatible dates and drugs: one real-world event stated twice."""
    refined = {kept.action, event.action} - {RegulatorAction.APPROVAL}
    return (
        family_of(kept.agency) == family_of(event.agency)
        and (kept.action == event.action or (len(refined) == 1 and refined <= APPROVAL_FAMILY))
        and _dates_agree(kept, event)
        and (None in (kept.drug, event.drug) or name_key(kept.drug) == name_key(event.drug))
    )


def _one_per_event(events: list[RegulatoryEvent], subject: str | None) -> list[RegulatoryEvent]:
    """Each real-world event once. Dated statements merge first; then an undated one (a
    headline, a bullet) joins the event it restates, news before background, else stands
    alone. A plain "approval" merged with its specific kind takes that kind; a sentence that
    names no drug is about the document's subject."""
    kept: dict[int, RegulatoryEvent] = {}  # by the position of the statement that began it
    for position, event in sorted(enumerate(events), key=lambda pair: pair[1].date_iso is None):
        same = [(p, k) for p, k in kept.items() if _same_event(k, event)]
        if not same:
            kept[position] = event
            continue
        at, target = min(same, key=lambda pair: pair[1].reporting is Reporting.BACKGROUND)
        first, second = (target, event)
        if target.action is RegulatorAction.APPROVAL and event.action in APPROVAL_FAMILY:
            first, second = event, target
        merged = merge_facts([first, second], lambda _: 0)[0]
        precise = max((first, second), key=lambda e: len(e.date_iso or ""))
        merged.date_iso, merged.date_as_stated = precise.date_iso, precise.date_as_stated
        if family_of(merged.agency) == merged.agency != event.agency:
            merged.agency = event.agency  # "China's NMPA" and "the CDE": the body that acted
        kept[at] = merged
    for event in kept.values():
        event.drug = event.drug or subject
    return [kept[position] for position in sorted(kept)]


async def _regulatory_events(
    picker: _Picker,
    mentions: list[found.AgencyMention],
    drugs: list[found.DrugCandidate],
    released_iso: str | None,
    abbreviations: Mapping[str, str],
) -> list[RegulatoryEvent]:
    """One event per action a clause states; the drug is the one its sentence names (the
    model picks when it names several)."""
    events = []
    diseases = found.disease_abbreviations(abbreviations)
    for mention in mentions:
        in_sentence = [d.name for d in drugs if mention.sentence_index in d.sentence_indexes]
        drug = await picker.choose_one(
            picker.text(mention.sentence_index), Choice(question("drug"), tuple(in_sentence))
        )
        events.append(
            RegulatoryEvent(
                agency=mention.agency,
                jurisdiction=mention.jurisdiction,
                action=RegulatorAction(mention.action),
                drug=drug,
                indication=found.find_indication(
                    picker.text(mention.sentence_index), diseases, keep_whose=True
                ),
                date_as_stated=mention.date_as_stated,
                date_iso=mention.date_iso,
                reporting=_reporting(
                    _placed(mention.date_iso, mention.date_as_stated, released_iso), released_iso
                ),
                evidence=picker.evidence(mention.sentence_index),
            )
        )
    kept = _one_per_event(events, drugs[0].name if drugs else None)
    lead = _lead_region(picker.sentences)
    for event in kept:
        dated = _placed(event.date_iso, event.date_as_stated, released_iso)
        in_lead = any(quote.quote in lead for quote in event.evidence)
        if not in_lead and (not dated or (released_iso and dated > released_iso)):
            event.reporting = Reporting.BACKGROUND
    return kept


def _lead_region(sentences: list[found.Sentence]) -> set[str]:
    """The sentences that carry a release's news: its title and first few lines, through
    its dateline's sentence. An event stated only later, with no date to place it ("holds
    Orphan Drug designation", "a PDUFA date of ..."), is what the release recalls, not its
    news."""
    datelines = [s.index for s in sentences if found.DATELINE_RE.match(s.text)]
    end = max(LEAD_SENTENCES, datelines[0] + 1 if datelines else 0)
    return {s.text for s in sentences[:end]}


def _as_int(answer: str | None) -> int | None:
    given = _given(answer)
    return None if given is None else int(given)


def _count_choice(name: str, candidate: found.TrialCandidate, role: str) -> Choice:
    return Choice(question(name), tuple(str(n) for n in candidate.counts.get(role, ())), NOT_STATED)


async def _trial_from(
    picker: _Picker, candidate: found.TrialCandidate, subject: str | None
) -> Trial:
    """The model is asked only where code found several values for one field."""
    answers = await picker.choose(
        picker.text(candidate.sentence_indexes[0]),
        {
            "phase": Choice(question("phase"), candidate.phase_hints, NOT_STATED),
            "enrolled": _count_choice("enrolled", candidate, "enrolled"),
            "sites": _count_choice("sites", candidate, "sites"),
        },
    )
    phase = _given(answers["phase"])
    planned = candidate.counts.get("planned", ())
    return Trial(
        drug=candidate.drug or subject,
        identifier=candidate.identifier,
        phase=Phase(phase) if phase else None,
        design=list(candidate.design),
        indication=candidate.indication,
        enrolled=_as_int(answers["enrolled"]),
        planned_enrollment=planned[0] if len(planned) == 1 else None,
        sites=_as_int(answers["sites"]),
        status=candidate.status_hint,
        evidence=picker.evidence(*candidate.sentence_indexes),
    )


async def _trials(
    picker: _Picker,
    drugs: list[found.DrugCandidate],
    subject: str | None,
    abbreviations: Mapping[str, str],
) -> list[Trial]:
    """One trial per trial the finders tell apart in the picker's sentences (a story's);
    each result goes to the trial it is stated about, with what the text says of its
    endpoint."""
    sentences = picker.sentences
    aliases: dict[str, str] = {}
    for drug in drugs:
        for alias in (drug.name, *drug.brand_names, *drug.development_codes):
            aliases.setdefault(alias, drug.name)
    candidates = found.find_trials(sentences, aliases, abbreviations)
    built = [await _trial_from(picker, candidate, subject) for candidate in candidates]
    rows = found.find_table_results(sentences, abbreviations)
    in_rows = {row.sentence_index for row in rows}
    prose = found.find_results(sentences, abbreviations)
    results = [r for r in prose if r.sentence_index not in in_rows] + rows
    statements = found.find_endpoint_statements(sentences)
    if (results or statements) and not built:
        first = min([r.sentence_index for r in results] + [s.sentence_index for s in statements])
        built.append(Trial(drug=subject, evidence=picker.evidence(first)))

    def owner(sentence_index: int, position: int) -> int:
        return found.trial_for(candidates, sentence_index, position) or 0

    result_owners = [owner(r.sentence_index, r.position) for r in results]
    statement_owners = [owner(s.sentence_index, s.position) for s in statements]
    bullets = {s.index for s in sentences if found.is_bullet(s.text)}
    for index, trial in enumerate(built):
        mine = found.merge_results(
            [r for r, o in zip(results, result_owners, strict=True) if o == index]
        )
        said = [s for s, o in zip(statements, statement_owners, strict=True) if o == index]
        trial.results = [_result(picker, r) for r in found.settle(mine, said, bullets)]
        if PLACEBO_CONTROLLED not in trial.design and any(
            (r.comparator or "").lower().startswith("placebo") for r in trial.results
        ):
            trial.design.append(PLACEBO_CONTROLLED)
    return built


def _result(picker: _Picker, candidate: found.ResultCandidate) -> EndpointResult:
    """A result as code read it: the small models picked arm values out of a list of
    percentages worse than code reads them from the words around each value."""
    effect = candidate.effect
    return EndpointResult(
        endpoint=candidate.endpoint,
        is_primary=candidate.is_primary,
        timepoint=candidate.timepoint,
        arm_value=candidate.arm_value,
        comparator_value=candidate.comparator_value,
        comparator=candidate.comparator,
        unit=candidate.unit,
        effect_size=EffectSize(
            measure=effect.measure,
            value=effect.value,
            ci_lower=effect.ci_lower,
            ci_upper=effect.ci_upper,
        )
        if effect
        else None,
        p_value=candidate.p_value,
        p_value_operator=candidate.p_operator,
        primary_endpoint_met=candidate.primary_endpoint_met,
        evidence=picker.evidence(*candidate.sentence_indexes),
    )


def _originator(
    picker: _Picker, drug: found.DrugCandidate, companies: list[found.CompanyCandidate]
) -> str | None:
    """The company named right after "discovered by" in one of the drug's sentences; the
    issuer (the company named first, in the header) where the text says the drug is its own."""
    for index in drug.sentence_indexes:
        text = picker.text(index)
        for cue in found.ORIGINATOR_RE.finditer(text):
            after = text[cue.end() :]
            named = [c.name for c in companies if after.startswith((c.name, company_core(c.name)))]
            if named:
                return named[0]
        if found.SELF_DEVELOPED_RE.search(text) and companies:
            return min(companies, key=lambda c: c.sentence_indexes[0]).name
    return None


def _drugs(
    picker: _Picker, drugs: list[found.DrugCandidate], companies: list[found.CompanyCandidate]
) -> list[Drug]:
    """Drugs as code read them. The modality is the text's own word or the INN's stem, never
    the model's guess: asked, the small models named a class for drugs the text gives none."""
    return [
        Drug(
            name=candidate.name,
            inn=candidate.inn,
            local_names=list(candidate.local_names),
            brand_names=list(candidate.brand_names),
            development_codes=list(candidate.development_codes),
            modality=Modality(candidate.modality_hint) if candidate.modality_hint else None,
            targets=list(candidate.targets),
            route_or_formulation=candidate.route_or_formulation,
            originator=_originator(picker, candidate, companies),
            evidence=picker.evidence(candidate.sentence_indexes[0]),
        )
        for candidate in drugs
    ]


def _companies(picker: _Picker, companies: list[found.CompanyCandidate]) -> list[Company]:
    """Companies as code found them: a model is not asked for roles, which it gave at random;
    each one's evidence holds the sentences stating its tickers and roles."""
    return [
        Company(
            name=candidate.name,
            local_names=list(candidate.local_names),
            roles=[CompanyRole(role) for role in candidate.role_hints],
            tickers=[
                {"exchange": exchange, "symbol": symbol} for exchange, symbol in candidate.tickers
            ],
            evidence=picker.evidence(*candidate.evidence_indexes),
        )
        for candidate in companies
    ]


def _money(amount: found.Amount | None) -> Money | None:
    return None if amount is None else Money(amount=amount.value, currency=amount.currency)


def _deals(picker: _Picker, deals: list[found.DealCandidate]) -> list[Deal]:
    """Deals as code read them, each quoting the sentences naming it and stating its terms;
    nothing is asked of a model, which picked totals among amounts no better than chance."""
    return [
        Deal(
            deal_type=DealType(candidate.deal_type),
            parties=list(candidate.parties),
            licensor=candidate.licensor,
            licensee=candidate.licensee,
            asset=candidate.asset,
            upfront=_money(candidate.upfront),
            milestones=_money(candidate.milestones),
            total_value=_money(candidate.total_value),
            royalties=candidate.royalties,
            territory=list(candidate.territory),
            price_per_share=_money(candidate.price_per_share),
            contingent_value_right=candidate.contingent_value_right,
            evidence=picker.evidence(*candidate.sentence_indexes),
        )
        for candidate in deals
    ]


def _caveats(picker: _Picker, caveats: list[found.CaveatCandidate]) -> list[Caveat]:
    return [
        Caveat(
            kind=CaveatKind(caveat.kind),
            description=caveat.description,
            evidence=picker.evidence(caveat.sentence_index),
        )
        for caveat in caveats
    ]


def _repeats_title(sentence: found.Sentence, title: str | None) -> bool:
    """The sentence holds the title, or is a piece of it ("Acme Co., Ltd." cut at "Ltd.")."""
    return title is not None and (title in sentence.text or sentence.text in title)


def _quarantined(sentence: found.Sentence, fenced: Quarantine) -> bool:
    return fenced.overlaps(sentence.start, sentence.end)


def _words(text: str) -> float:
    """A length in words that CJK text can be measured by too: a Han or kana character
    counts as half a word, as a Chinese word is about two characters."""
    return len(LATIN_WORD_RE.findall(text)) + len(CJK_LETTER_RE.findall(text)) / 2


def _masthead(line: str) -> bool:
    """A first line that names the publisher or the date, not the news: "October 6, 2025",
    "RUIHENG BIOTECHNOLOGY HOLDINGS LIMITED", a one-word brand."""
    words = line.split()
    stated, _ = found.find_date(line)
    return (
        _words(line) < MIN_TITLE_WORDS
        or found.DISCLAIMER_RE.search(line) is not None
        or BRACKETED_LINE_RE.fullmatch(line.strip()) is not None
        or (stated is not None and len(stated) >= len(line.strip()) - 2)
        or (
            len(words) <= MAX_MASTHEAD_WORDS
            and COMPANY_SUFFIXES.fullmatch(words[-1].rstrip(".").capitalize()) is not None
        )
        or (_words(line) <= MAX_MASTHEAD_WORDS and LOCAL_SUFFIX_END_RE.search(line) is not None)
    )


def _title(source: str, fenced: Quarantine) -> str | None:
    """The title line, unless it is a masthead or text addressed to AI tools: then there is
    no title, and the headline comes from the lead."""
    title = found.title_line(source)
    if title is None or _masthead(title):
        return None
    start = source.find(title)
    return None if fenced.overlaps(start, start + len(title)) else title


async def _lead(picker: _Picker, title: str | None, fenced: Quarantine) -> int | None:
    """The body sentence that states the main news, the model's pick among the first few,
    a dateline's sentence first (wire releases open their news there); the title, when
    there is one, is the headline and is not repeated. Quarantined sentences are never
    offered: they address AI tools and state no news."""
    body = [
        s
        for s in picker.sentences
        if not _repeats_title(s, title)
        and not _quarantined(s, fenced)
        and _words(s.text) >= MIN_LEAD_WORDS
        and _prose(s)
        and not _masthead(s.text)
    ]
    body = sorted(body, key=lambda s: found.DATELINE_RE.match(s.text) is None)[:MAX_LEAD_CHOICES]
    if not body:
        return None
    numbered = "\n".join(f"{n}. {s.text}" for n, s in enumerate(body, start=1))
    options = tuple(str(n) for n in range(1, len(body) + 1))
    answer = await picker.choose_one(numbered, Choice(question("lead"), options))
    return body[int(answer or "1") - 1].index


def _event_types(summary: dict[str, list[Any]]) -> list[EventType]:
    kinds = {
        "regulatory_events": EventType.REGULATORY,
        "trials": EventType.CLINICAL_TRIAL,
        "deals": EventType.DEAL,
    }
    types = [kind for key, kind in kinds.items() if summary[key]]
    if any(trial.results for trial in summary["trials"]):
        types.append(EventType.TRIAL_RESULTS)
    return types


async def _item_facts(
    picker: _Picker, source: str, fenced: Quarantine, released_iso: str | None
) -> dict[str, list[Any]]:
    """The facts of one story, found in its picker's sentences only."""
    item = picker.sentences
    drugs = found.find_drugs(source, item)
    companies = found.find_companies(source, item)
    subject = drugs[0].name if drugs else None
    abbreviations = found.defined_abbreviations(item)
    return {
        "drugs": _drugs(picker, drugs, companies),
        "companies": _companies(picker, companies),
        "regulatory_events": await _regulatory_events(
            picker, found.find_agency_mentions(item), drugs, released_iso, abbreviations
        ),
        "trials": await _trials(picker, drugs, subject, abbreviations),
        "deals": _deals(picker, found.find_deals(source, item, companies, drugs)),
        "caveats": _caveats(picker, found.find_caveats(source, item, fenced)),
    }


def _story(sentences: list[found.Sentence]) -> list[found.Sentence]:
    """A story's sentences numbered from 0, offsets in the whole text kept: every finder
    reads a story as it reads a whole document."""
    return [replace(s, index=n) for n, s in enumerate(sentences)]


def _combined(items: list[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """The stories' facts in one summary; a drug or company in several stories is one fact."""
    facts = {key: [fact for item in items for fact in item[key]] for key in items[0]}
    for key in ("drugs", "companies"):
        facts[key] = merge_facts(facts[key])
    return facts


def _clip(text: str, words: float) -> str:
    """``text`` cut to about ``words`` words, at a clause break in its second half if there
    is one, marked as cut; CJK text, which has no spaces, is cut by characters."""
    if _words(text) <= words:
        return text
    if " " not in text.strip():
        return text[: int(words * 2)].rstrip("，、；：") + "…"
    cut = " ".join(text.split()[: int(words)])
    clause = max(cut.rfind(mark) for mark in (",", ";", " –", " —", ":"))
    return (cut[:clause] if clause > len(cut) // 2 else cut).rstrip(" ,;:–—") + "…"


def _headline(title: str | None, lead: str | None) -> tuple[str, bool]:
    """One sentence of at most ``MAX_HEADLINE_WORDS`` words: the title, else the lead, else
    the first clauses of either that fit, marked as cut; and whether it is the lead's, which
    the summary then does not repeat."""
    title, lead = (
        found.DATELINE_RE.sub("", MARKUP_RE.sub("", text)).strip() if text else None
        for text in (title, lead)
    )
    for text in filter(None, (title, lead)):
        if _words(text) <= MAX_HEADLINE_WORDS:
            return text, text is lead
    return _clip(title or lead or "", MAX_HEADLINE_WORDS), not title


def _heading(text: str) -> bool:
    """A section heading set as a line of its own: no sentence end, most words capitalised
    ("WILLOW-NP Phase 3 Results", "Key Terms of the Agreement")."""
    words = LATIN_WORD_RE.findall(text)
    capitalised = sum(word[0].isupper() or word[0].isdigit() for word in words)
    return (
        bool(words)
        and len(CJK_LETTER_RE.findall(text)) < len("".join(words))
        and not text.rstrip(")\"'”’").endswith((".", "!", "?", "。"))
        and capitalised >= HEADING_CAPITALS * len(words)
    )


def _prose(sentence: found.Sentence) -> bool:
    """Whether a sentence reads as prose: not a heading ("## 2. X licenses Y", "Key Terms"),
    not a line
    set entirely in emphasis, which in Markdown is a masthead, dateline or byline, nor a
    line of links ("[View in browser](...)"), nor a disclaimer."""
    return not (
        _heading(sentence.text)
        or ITEM_HEADING_RE.match(sentence.text)
        or EMPHASIS_LINE_RE.fullmatch(sentence.text)
        or LINK_RE.search(sentence.text)
        or found.DISCLAIMER_RE.search(sentence.text)
    )


def _summary(picker: _Picker, lead: int | None, used: list[int], budget: int) -> str:
    """The lead, then the facts' sentences in document order, each once and past any
    dateline, within ``budget`` characters: a summary, never a copy of the release. A lead
    longer than the budget is cut at a clause."""
    texts: list[str] = []
    candidates = ([lead] if lead is not None else []) + used
    for index in dict.fromkeys(i for i in candidates if _prose(picker.sentences[i])):
        text = found.DATELINE_RE.sub("", picker.text(index))
        room = budget - sum(len(t) + 1 for t in texts)
        if len(texts) >= MAX_SUMMARY_SENTENCES:
            break
        if len(text) <= room:
            texts.append(text)
        elif not texts:
            texts.append(_clip(text, room / AVERAGE_WORD_CHARS))
    return " ".join(texts)


async def summarise_by_picking(endpoint: Endpoint, source: str) -> CallOutcome:
    """Build a grounded summary of ``source`` from candidates and multiple-choice answers;
    a digest of several stories is read story by story (``candidates.items``)."""
    sentences = found.split_sentences(source)
    fenced = quarantine(source)
    title = _title(source, fenced)
    released_as_stated, released_iso = found.document_date(sentences)
    with metered() as meter:
        picker = _Picker(endpoint, meter, sentences)
        stories = [
            _Picker(endpoint, meter, _story(item)) for item in found.split_items(source, sentences)
        ]
        facts = _combined(
            [await _item_facts(story, source, fenced, released_iso) for story in stories]
        )
        lead = await _lead(picker, title, fenced)
    used = sorted(
        index
        for index in _evidence_sentences(picker, facts) - {lead}
        if not _repeats_title(picker.sentences[index], title)
        and not _quarantined(picker.sentences[index], fenced)
    )
    budget = len(source) // SUMMARY_SHARE
    headline, from_lead = _headline(title, picker.text(lead) if lead is not None else None)
    summary = GroundedSummary.model_validate(
        {
            "document": DocumentInfo(
                title=title,
                date_as_stated=released_as_stated,
                date_iso=released_iso,
                language=_language(source),
            ).model_dump(),
            "event_types": _event_types(facts),
            "headline": headline,
            "summary": _summary(picker, None if from_lead else lead, used, budget),
            **{key: [fact.model_dump() for fact in value] for key, value in facts.items()},
        },
        context=validation_context(source, Strictness.LENIENT),
    )
    unanswered = picker.unanswered + sum(story.unanswered for story in stories)
    return meter.outcome(summary, validation_passed=unanswered == 0)


def _evidence_sentences(picker: _Picker, facts: dict[str, list[Any]]) -> set[int]:
    """Indexes of sentences used as evidence by events, trials and deals, the news itself."""
    quotes = {
        evidence.quote
        for key in ("regulatory_events", "trials", "deals")
        for fact in facts[key]
        for evidence in fact.evidence
    }
    return {sentence.index for sentence in picker.sentences if sentence.text in quotes}


def _language(text: str) -> str:
    cjk = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    return "zh" if cjk > len(text) * 0.2 else "en"


class PickStrategy:
    """Candidates found in code, a small model choosing: many small questions in turn,
    each depending on the last, so no provider Batch API can carry it."""

    name = "pick"
    batch = None

    async def summarise(self, endpoint: Endpoint, cleaned: str) -> CallOutcome:
        return await summarise_by_picking(endpoint, cleaned)
