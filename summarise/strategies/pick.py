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

from dataclasses import dataclass
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
    EndpointResult,
    EventType,
    Evidence,
    Modality,
    Money,
    Phase,
    RegulatorAction,
    RegulatoryEvent,
    Trial,
)
from summarise.core.policy import Strictness
from summarise.llm.call import ValidationExhausted, ask
from summarise.llm.endpoint import Endpoint
from summarise.llm.metering import Meter, metered
from summarise.llm.response import GroundedSummary, validation_context
from summarise.pipeline.merge import merge_facts
from summarise.pipeline.prompting import pick_messages, question
from summarise.pipeline.quarantine import Quarantine, quarantine
from summarise.pipeline.record import CallOutcome
from summarise.strategies import candidates as found

NOT_STATED = "not stated"
MAX_LEAD_CHOICES = 6
MIN_LEAD_WORDS = 6
"""Shorter lines are mastheads, bylines and headings ("MedPath"), never the news."""
MAX_SUMMARY_SENTENCES = 4


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


async def _regulatory_events(
    picker: _Picker, mentions: list[found.AgencyMention], drugs: list[found.DrugCandidate]
) -> list[RegulatoryEvent]:
    events = []
    for mention in mentions:
        in_sentence = [d.name for d in drugs if mention.sentence_index in d.sentence_indexes]
        answers = await picker.choose(
            picker.text(mention.sentence_index),
            {
                "action": Choice(question("action", agency=mention.agency), mention.actions),
                "drug": Choice(question("drug"), tuple(in_sentence), NOT_STATED),
            },
        )
        action = _given(answers["action"])
        if action is None:
            continue
        events.append(
            RegulatoryEvent(
                agency=mention.agency,
                jurisdiction=mention.jurisdiction,
                action=RegulatorAction(action),
                drug=_given(answers["drug"]),
                date_as_stated=mention.date_as_stated,
                date_iso=mention.date_iso,
                evidence=picker.evidence(mention.sentence_index),
            )
        )
    return merge_facts(events, lambda event: (event.agency, event.action))


def _as_int(answer: str | None) -> int | None:
    given = _given(answer)
    return None if given is None else int(given)


async def _trial_from(
    picker: _Picker, candidate: found.TrialCandidate, subject: str | None
) -> Trial:
    answers = await picker.choose(
        picker.text(candidate.sentence_index),
        {
            "phase": Choice(question("phase"), candidate.phase_hints, NOT_STATED),
            "enrolled": Choice(
                question("enrolled"),
                tuple(str(n) for n in candidate.counts.get("patients", ())),
                NOT_STATED,
            ),
            "sites": Choice(
                question("sites"),
                tuple(str(n) for n in candidate.counts.get("sites", ())),
                NOT_STATED,
            ),
        },
    )
    phase = _given(answers["phase"])
    return Trial(
        drug=subject,
        phase=Phase(phase) if phase else None,
        design=list(candidate.design),
        enrolled=_as_int(answers["enrolled"]),
        sites=_as_int(answers["sites"]),
        status=candidate.status_hint,
        evidence=picker.evidence(candidate.sentence_index),
    )


def _merge_into(trial: Trial, other: Trial) -> None:
    """Sentences about the same study: fill what is missing, keep every quote."""
    for name in ("phase", "enrolled", "sites", "status", "planned_enrollment"):
        if getattr(trial, name) is None:
            setattr(trial, name, getattr(other, name))
    trial.design += [word for word in other.design if word not in trial.design]
    known = {evidence.quote for evidence in trial.evidence}
    trial.evidence += [e for e in other.evidence if e.quote not in known]


async def _trials(
    picker: _Picker,
    trials: list[found.TrialCandidate],
    results: list[found.ResultCandidate],
    subject: str | None,
) -> list[Trial]:
    """One trial per phase named; sentences that name none belong to the first trial."""
    built: list[Trial] = []
    for candidate in trials:
        trial = await _trial_from(picker, candidate, subject)
        same = next(
            (t for t in built if trial.phase is None or t.phase in (None, trial.phase)), None
        )
        if same is None:
            built.append(trial)
        else:
            _merge_into(same, trial)
    outcomes = [outcome for candidate in results if (outcome := await _result(picker, candidate))]
    if outcomes and not built:
        built.append(Trial(drug=subject, evidence=picker.evidence(results[0].sentence_index)))
    if outcomes:
        built[0].results.extend(merge_facts(outcomes))
    return built


async def _result(picker: _Picker, candidate: found.ResultCandidate) -> EndpointResult | None:
    """Arm value first, comparator second when there is one: the order releases use.

    The small models picked the arm value out of a list of percentages worse than
    this order does, so they are asked only which endpoint the sentence measures.
    """
    if not candidate.percentages:
        return None
    answers = await picker.choose(
        picker.text(candidate.sentence_index),
        {"endpoint": Choice(question("endpoint"), candidate.endpoint_hints, NOT_STATED)},
    )
    comparator = None
    if candidate.comparator and len(candidate.percentages) > 1:
        comparator = candidate.percentages[1]
    return EndpointResult(
        endpoint=_given(answers["endpoint"]) or "not stated",
        timepoint=candidate.timepoint,
        arm_value=candidate.percentages[0],
        comparator_value=comparator,
        comparator=candidate.comparator if comparator is not None else None,
        unit="%",
        evidence=picker.evidence(candidate.sentence_index),
    )


async def _drugs(picker: _Picker, drugs: list[found.DrugCandidate]) -> list[Drug]:
    built = []
    for candidate in drugs:
        first = candidate.sentence_indexes[0]
        modality = candidate.modality_hint
        if modality is None:
            options = tuple(m.value for m in Modality)
            ask_modality = Choice(question("modality", drug=candidate.name), options, NOT_STATED)
            modality = _given(await picker.choose_one(picker.text(first), ask_modality))
        built.append(
            Drug(
                name=candidate.name,
                brand_names=list(candidate.brand_names),
                development_codes=list(candidate.development_codes),
                modality=Modality(modality) if modality else None,
                targets=list(candidate.targets),
                route_or_formulation=candidate.route_or_formulation,
                evidence=picker.evidence(first),
            )
        )
    return built


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
    return title is not None and title in sentence.text


def _quarantined(sentence: found.Sentence, fenced: Quarantine) -> bool:
    return fenced.overlaps(sentence.start, sentence.end)


def _title(source: str, fenced: Quarantine) -> str | None:
    """The title line, unless it is text addressed to AI tools: then there is no title."""
    title = found.title_line(source)
    if title is None:
        return None
    start = source.find(title)
    return None if fenced.overlaps(start, start + len(title)) else title


async def _lead(picker: _Picker, title: str | None, fenced: Quarantine) -> int | None:
    """The body sentence that states the main news, the model's pick among the first few;
    the title, when there is one, is the headline and is not repeated. Quarantined
    sentences are never offered: they address AI tools and state no news."""
    body = [
        s
        for s in picker.sentences
        if not _repeats_title(s, title)
        and not _quarantined(s, fenced)
        and len(s.text.split()) >= MIN_LEAD_WORDS
    ][:MAX_LEAD_CHOICES]
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


async def summarise_by_picking(endpoint: Endpoint, source: str) -> CallOutcome:
    """Build a grounded summary of ``source`` from candidates and multiple-choice answers."""
    sentences = found.split_sentences(source)
    drugs = found.find_drugs(source, sentences)
    companies = found.find_companies(source, sentences)
    fenced = quarantine(source)
    title = _title(source, fenced)
    subject = drugs[0].name if drugs else None
    with metered() as meter:
        picker = _Picker(endpoint, meter, sentences)
        facts: dict[str, list[Any]] = {
            "drugs": await _drugs(picker, drugs),
            "companies": _companies(picker, companies),
            "regulatory_events": await _regulatory_events(
                picker, found.find_agency_mentions(sentences), drugs
            ),
            "trials": await _trials(
                picker, found.find_trials(sentences), found.find_results(sentences), subject
            ),
            "deals": _deals(picker, found.find_deals(source, sentences, companies, drugs)),
            "caveats": _caveats(picker, found.find_caveats(source, sentences)),
        }
        lead = await _lead(picker, title, fenced)
    used = sorted(
        index
        for index in _evidence_sentences(picker, facts) - {lead}
        if not _repeats_title(picker.sentences[index], title)
        and not _quarantined(picker.sentences[index], fenced)
    )
    chosen = ([lead] if lead is not None else []) + used[: MAX_SUMMARY_SENTENCES - 1]
    headline = title or (picker.text(lead) if lead is not None else "")
    summary = GroundedSummary.model_validate(
        {
            "document": DocumentInfo(title=title, language=_language(source)).model_dump(),
            "event_types": _event_types(facts),
            "headline": headline,
            "summary": " ".join(picker.text(index) for index in chosen),
            **{key: [fact.model_dump() for fact in value] for key, value in facts.items()},
        },
        context=validation_context(source, Strictness.LENIENT),
    )
    return meter.outcome(summary, validation_passed=picker.unanswered == 0)


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
