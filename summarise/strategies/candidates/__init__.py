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
``trials`` (trials and results), ``deals`` and ``caveats``; this package re-exports what the
rest of the code uses.
"""

from summarise.pipeline.sentences import Sentence, split_sentences, title_line
from summarise.strategies.candidates.caveats import CaveatCandidate, find_caveats
from summarise.strategies.candidates.companies import CompanyCandidate, find_companies
from summarise.strategies.candidates.deals import Amount, DealCandidate, find_deals
from summarise.strategies.candidates.drugs import DrugCandidate, find_drugs
from summarise.strategies.candidates.regulatory import (
    AgencyMention,
    find_agency_mentions,
    find_date,
)
from summarise.strategies.candidates.trials import (
    ResultCandidate,
    TrialCandidate,
    find_results,
    find_trials,
)

__all__ = [
    "AgencyMention",
    "Amount",
    "CaveatCandidate",
    "CompanyCandidate",
    "DealCandidate",
    "DrugCandidate",
    "ResultCandidate",
    "Sentence",
    "TrialCandidate",
    "find_agency_mentions",
    "find_caveats",
    "find_companies",
    "find_date",
    "find_deals",
    "find_drugs",
    "find_results",
    "find_trials",
    "split_sentences",
    "title_line",
]
