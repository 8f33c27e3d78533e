"""pick: a summary built from candidates found in code, with a small model choosing.

A model of a few hundred million parameters cannot write a nested summary, but
it can answer closed questions about one sentence. Code finds the candidates
(drug names, agencies and actions, counts, percentages, amounts: see
``candidates.py``); the model picks among them through schema-constrained
multiple choice; every fact's evidence is the sentence it came from, so
grounding holds by construction and is still checked. Headline and summary are
extractive: sentences of the document, chosen, never written.
"""

from __future__ import annotations

from typing import Any, Literal

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
from summarise import candidates as found
from summarise.call import CallOutcome, Meter, ValidationExhausted, ask, metered
from summarise.ground import GroundedSummary, Strictness
from summarise.prompting import pick_messages, question
from summarise.provider import Endpoint

NOT_STATED = "not stated"
NONE = "none"
MAX_LEAD_CHOICES = 6
MAX_SUMMARY_SENTENCES = 4
MAX_COMPANIES_ASKED = 4


def _choices(*options: str) -> Any:
    """A Literal type over distinct options, in order, for schema-constrained decoding."""
    return Literal[tuple(dict.fromkeys(options))]


def _number_option(value: float) -> str:
    return f"{value:g}"


class _Picker:
    """Asks the questions of one document, keeping its answers' cost on one meter."""

    def __init__(self, endpoint: Endpoint, meter: Meter, sentences: list[found.Sentence]) -> None:
        self.endpoint = endpoint
        self.meter = meter
        self.sentences = sentences
        self.unanswered = 0

    def choose(self, passage: str, asked: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
        """Ask each field's question; a field with one option is answered without a call."""
        settled = {name: options[0] for name, (_, options) in asked.items() if len(options) == 1}
        open_fields = {name: spec for name, spec in asked.items() if len(spec[1]) > 1}
        if not open_fields:
            return settled
        fields: dict[str, Any] = {
            name: (_choices(*options), ...) for name, (_, options) in open_fields.items()
        }
        answer_model: type[BaseModel] = create_model("Answer", **fields)
        texts = {name: text for name, (text, _) in open_fields.items()}
        try:
            answer = ask(self.endpoint, self.meter, answer_model, pick_messages(passage, texts))
        except ValidationExhausted:
            self.unanswered += 1
            return settled
        return {**settled, **answer.model_dump()}

    def evidence(self, index: int) -> list[Evidence]:
        return [Evidence(quote=self.sentences[index].text)]

    def text(self, index: int) -> str:
        return self.sentences[index].text


def _regulatory_events(
    picker: _Picker, mentions: list[found.AgencyMention], drugs: list[found.DrugCandidate]
) -> list[RegulatoryEvent]:
    events = []
    for mention in mentions:
        in_sentence = [d.name for d in drugs if mention.sentence_index in d.sentence_indexes]
        answers = picker.choose(
            picker.text(mention.sentence_index),
            {
                "action": (
                    question("action", agency=mention.agency),
                    (*mention.actions, NONE),
                ),
                "drug": (question("drug"), tuple(in_sentence) or (NOT_STATED,)),
            },
        )
        action = answers.get("action", NONE)
        if action == NONE:
            continue
        drug = answers.get("drug")
        events.append(
            RegulatoryEvent(
                agency=mention.agency,
                jurisdiction=mention.jurisdiction,
                action=RegulatorAction(action),
                drug=None if drug in (None, NOT_STATED) else drug,
                date_as_stated=mention.date_as_stated,
                date_iso=mention.date_iso,
                evidence=picker.evidence(mention.sentence_index),
            )
        )
    return events


def _count_options(values: tuple[int, ...]) -> tuple[str, ...]:
    return (*(str(value) for value in values), NOT_STATED)


def _as_int(answer: str | None) -> int | None:
    return None if answer in (None, NOT_STATED) else int(answer)


def _trials(
    picker: _Picker,
    trials: list[found.TrialCandidate],
    results: list[found.ResultCandidate],
    subject: str | None,
) -> list[Trial]:
    built: list[Trial] = []
    for candidate in trials:
        phases = candidate.phase_hints or tuple(phase.value for phase in Phase)
        answers = picker.choose(
            picker.text(candidate.sentence_index),
            {
                "phase": (question("phase"), (*phases, NOT_STATED)),
                "enrolled": (
                    question("enrolled"),
                    _count_options(candidate.counts.get("patients", ())),
                ),
                "sites": (question("sites"), _count_options(candidate.counts.get("sites", ()))),
            },
        )
        phase = answers.get("phase")
        built.append(
            Trial(
                drug=subject,
                phase=None if phase in (None, NOT_STATED) else Phase(phase),
                design=list(candidate.design),
                enrolled=_as_int(answers.get("enrolled")),
                sites=_as_int(answers.get("sites")),
                status=candidate.status_hint,
                evidence=picker.evidence(candidate.sentence_index),
            )
        )
    outcomes = [result for result in map(lambda r: _result(picker, r), results) if result]
    if outcomes and not built:
        first = results[0].sentence_index
        built.append(Trial(drug=subject, evidence=picker.evidence(first)))
    if outcomes:
        built[0].results.extend(outcomes)
    return built


def _result(picker: _Picker, candidate: found.ResultCandidate) -> EndpointResult | None:
    percentages = tuple(_number_option(value) for value in candidate.percentages)
    if not percentages:
        return None
    asked = {
        "endpoint": (question("endpoint"), candidate.endpoint_hints or ("response",)),
        "arm_value": (question("arm_value"), percentages),
    }
    if candidate.comparator:
        asked["comparator_value"] = (question("comparator_value"), (*percentages, NONE))
    answers = picker.choose(picker.text(candidate.sentence_index), asked)
    if "arm_value" not in answers:
        return None
    comparator = answers.get("comparator_value", NONE)
    return EndpointResult(
        endpoint=answers.get("endpoint", "response"),
        timepoint=candidate.timepoint,
        arm_value=float(answers["arm_value"]),
        comparator_value=None if comparator == NONE else float(comparator),
        comparator=candidate.comparator if comparator != NONE else None,
        unit="%",
        evidence=picker.evidence(candidate.sentence_index),
    )


def _drugs(picker: _Picker, drugs: list[found.DrugCandidate]) -> list[Drug]:
    built = []
    for candidate in drugs:
        first = candidate.sentence_indexes[0]
        modality = candidate.modality_hint
        if modality is None:
            answers = picker.choose(
                picker.text(first),
                {
                    "modality": (
                        question("modality", drug=candidate.name),
                        (*(m.value for m in Modality), NOT_STATED),
                    )
                },
            )
            modality = answers.get("modality")
        built.append(
            Drug(
                name=candidate.name,
                brand_names=list(candidate.brand_names),
                development_codes=list(candidate.development_codes),
                modality=None if modality in (None, NOT_STATED) else Modality(modality),
                targets=list(candidate.targets),
                route_or_formulation=candidate.route_or_formulation,
                evidence=picker.evidence(first),
            )
        )
    return built


def _companies(picker: _Picker, companies: list[found.CompanyCandidate]) -> list[Company]:
    built = []
    for rank, candidate in enumerate(companies):
        first = candidate.sentence_indexes[0]
        roles = list(candidate.role_hints)
        if rank < MAX_COMPANIES_ASKED:
            options = (*roles, *(role.value for role in CompanyRole))
            answers = picker.choose(
                picker.text(first),
                {"role": (question("role", company=candidate.name), options)},
            )
            if "role" in answers and answers["role"] not in roles:
                roles.append(answers["role"])
        tickers = [
            {"exchange": exchange, "symbol": symbol} for exchange, symbol in candidate.tickers
        ]
        evidence_index = first
        if tickers:
            evidence_index = next(
                (
                    i
                    for i in candidate.sentence_indexes
                    if candidate.tickers[0][1] in picker.text(i)
                ),
                first,
            )
        built.append(
            Company(
                name=candidate.name,
                roles=[CompanyRole(role) for role in roles],
                tickers=tickers,
                evidence=picker.evidence(evidence_index),
            )
        )
    return built


def _deals(picker: _Picker, deals: list[found.DealCandidate]) -> list[Deal]:
    built = []
    for candidate in deals:
        total = None
        if len(candidate.amounts) == 1:
            amount, currency, _ = candidate.amounts[0]
            total = Money(amount=amount, currency=currency)
        built.append(
            Deal(
                deal_type=DealType(candidate.deal_type_hint or DealType.OTHER),
                parties=list(candidate.company_names),
                total_value=total,
                territory=list(candidate.territory),
                evidence=picker.evidence(candidate.sentence_index),
            )
        )
    return built


def _caveats(picker: _Picker, caveats: list[found.CaveatCandidate]) -> list[Caveat]:
    return [
        Caveat(
            kind=CaveatKind(caveat.kind),
            description=caveat.description,
            evidence=picker.evidence(caveat.sentence_index),
        )
        for caveat in caveats
    ]


def _lead(picker: _Picker, title: str | None) -> int | None:
    """The sentence stating the main news: the title when there is one, else the model's pick."""
    body = [s for s in picker.sentences if s.text != title][:MAX_LEAD_CHOICES]
    if not body:
        return None
    numbered = "\n".join(f"{n}. {s.text}" for n, s in enumerate(body, start=1))
    answers = picker.choose(
        numbered,
        {"lead": (question("lead"), tuple(str(n) for n in range(1, len(body) + 1)))},
    )
    return body[int(answers.get("lead", "1")) - 1].index


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


def summarise_by_picking(endpoint: Endpoint, source: str) -> CallOutcome:
    """Build a grounded summary of ``source`` from candidates and multiple-choice answers."""
    sentences = found.split_sentences(source)
    drugs = found.find_drugs(source, sentences)
    companies = found.find_companies(source, sentences)
    title = found.title_line(source)
    subject = drugs[0].name if drugs else None
    with metered(endpoint) as meter:
        picker = _Picker(endpoint, meter, sentences)
        facts: dict[str, list[Any]] = {
            "drugs": _drugs(picker, drugs),
            "companies": _companies(picker, companies),
            "regulatory_events": _regulatory_events(
                picker, found.find_agency_mentions(sentences), drugs
            ),
            "trials": _trials(
                picker, found.find_trials(sentences), found.find_results(sentences), subject
            ),
            "deals": _deals(picker, found.find_deals(sentences, companies)),
            "caveats": _caveats(picker, found.find_caveats(source, sentences)),
        }
        lead = _lead(picker, title)
    used = sorted({e_index for e_index in _evidence_sentences(picker, facts)} - {lead})
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
        context={"source": source, "strictness": Strictness.LENIENT},
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
