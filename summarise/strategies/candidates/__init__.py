"""candidates: facts that code can find, for a small model to choose among.

A 135M-270M parameter model cannot write a nested JSON summary, but it can pick one option
from a short closed list. So code does the finding - sentences, drugs, agencies, companies,
trials, results, deals, caveats - with patterns and small lexicons, and ties each candidate to
sentence indexes, so that every option offered to the model carries its own evidence.

Finders prefer precision to recall: a tiny model takes whatever it is offered, so a wrong
option does more harm than a missing one. Lexicons are regex alternations; those of agencies,
regulatory actions, deals and company suffixes live in ``pipeline/lexicon``, shared with
grounding's claim checks, and sentences are split by ``pipeline/sentences``.

One module per concept: ``drugs``, ``regulatory`` (agencies, actions, dates), ``companies``,
``trials``, ``results`` (results in prose), ``tables`` (results in table rows), ``endpoints``
(what the text says of endpoints, and each trial's results with it), ``indications``,
``abbreviations``, ``deals`` and ``caveats``; this package re-exports what the rest of the code
uses.
"""

from summarise.pipeline.sentences import Sentence, split_sentences, title_line
from summarise.strategies.candidates.abbreviations import defined_abbreviations
from summarise.strategies.candidates.caveats import CaveatCandidate, find_caveats
from summarise.strategies.candidates.companies import CompanyCandidate, find_companies
from summarise.strategies.candidates.deals import Amount, DealCandidate, find_deals
from summarise.strategies.candidates.drugs import (
    ORIGINATOR_RE,
    SELF_DEVELOPED_RE,
    DrugCandidate,
    find_drugs,
)
from summarise.strategies.candidates.endpoints import (
    EndpointStatement,
    find_endpoint_statements,
    find_results,
    merge_results,
    settle,
)
from summarise.strategies.candidates.indications import disease_abbreviations, find_indication
from summarise.strategies.candidates.items import split_items
from summarise.strategies.candidates.regulatory import (
    DATELINE_RE,
    DISCLAIMER_RE,
    AgencyMention,
    document_date,
    find_agency_mentions,
    find_date,
    resolve_relative,
)
from summarise.strategies.candidates.results import ResultCandidate, is_bullet
from summarise.strategies.candidates.tables import find_table_results
from summarise.strategies.candidates.trials import TrialCandidate, find_trials, trial_for

__all__ = [
    "DATELINE_RE",
    "DISCLAIMER_RE",
    "ORIGINATOR_RE",
    "SELF_DEVELOPED_RE",
    "AgencyMention",
    "Amount",
    "CaveatCandidate",
    "CompanyCandidate",
    "DealCandidate",
    "DrugCandidate",
    "EndpointStatement",
    "ResultCandidate",
    "Sentence",
    "TrialCandidate",
    "defined_abbreviations",
    "disease_abbreviations",
    "document_date",
    "find_agency_mentions",
    "find_caveats",
    "find_companies",
    "find_date",
    "find_deals",
    "find_drugs",
    "find_endpoint_statements",
    "find_indication",
    "find_results",
    "find_table_results",
    "find_trials",
    "is_bullet",
    "merge_results",
    "resolve_relative",
    "settle",
    "split_items",
    "split_sentences",
    "title_line",
    "trial_for",
]
