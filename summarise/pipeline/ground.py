"""ground: check every fact of a summary against the source text, in code.

A fact is grounded when each of its evidence quotes aligns to the source, every
number in its structured fields occurs in that evidence, and the evidence states
its claim (:mod:`summarise.pipeline.claims`: an approval quoted from "has not been
approved" is not). The check runs as a Pydantic validator so that instructor
sends failures back to the model as validation errors; once the retry budget is
spent, :func:`apply_policy` decides what survives, and records everything it
removes or corrects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from schemas import DroppedFact, Fact, GroundingIssue, PressReleaseSummary
from summarise.core.policy import GroundingPolicy
from summarise.pipeline.align import AlignmentStatus, align_quote
from summarise.pipeline.claims import Span, check_claims, passages_of
from summarise.pipeline.numbers import number_is_stated
from summarise.pipeline.sentences import Sentence, split_sentences

MAX_ISSUES_IN_REASK = 12
"""A re-ask listing every problem of a badly wrong answer drowns the model; the
first dozen is enough for it to correct course."""


@dataclass
class Problem:
    """One failed check, with what is needed to act on it."""

    fact: Fact
    path: str
    message: str
    field: str | None = None
    evidence_index: int | None = None
    check: str | None = None
    """The claim check that failed ('action', 'status', 'deal_type', ...); None for a quote
    that does not align or a number it does not state."""
    replacement: Any = None
    """What ``field`` becomes under the drop policy; None empties it."""
    drops_fact: bool = False
    """The fact's claim itself is unsupported: the drop policy removes the whole fact."""
    corrects: bool = False
    """``replacement`` applies under every policy (a status the quotes contradict)."""

    @property
    def where(self) -> str:
        if self.evidence_index is not None:
            return f"{self.path}.evidence[{self.evidence_index}]"
        return f"{self.path}.{self.field}" if self.field else self.path


@dataclass
class _Located:
    fact: Fact
    path: str
    siblings: list[Any]


def _walk_facts(model: BaseModel, path: str = "") -> Iterator[_Located]:
    """Every Fact in the tree, parents before children, with the list holding it."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if isinstance(item, Fact):
                item_path = f"{path}{name}[{index}]"
                yield _Located(item, item_path, value)
                yield from _walk_facts(item, item_path + ".")


def facts_with_paths(model: BaseModel) -> Iterator[tuple[str, Fact]]:
    """Every fact of a summary with its path (``trials[0].results[1]``), nested ones
    (a trial's results) right after their parent."""
    for located in _walk_facts(model):
        yield located.path, located.fact


def facts_of(model: BaseModel) -> Iterator[Fact]:
    """Every fact of a summary, nested ones (a trial's results) included."""
    for _, fact in facts_with_paths(model):
        yield fact


def _numbers_of(value: Any, path: str) -> Iterator[tuple[str, float]]:
    """Numbers held by a field, looking inside small nested models but not other facts."""
    if isinstance(value, bool) or value is None or isinstance(value, Fact):
        return
    if isinstance(value, int | float):
        yield path, float(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _numbers_of(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers_of(item, f"{path}[{index}]")


_SKIPPED_FIELDS = {"evidence", "grounding_issues"}


def fact_numbers(fact: Fact) -> Iterator[tuple[str, str, float]]:
    """(field, path within the fact, number) for every number in the fact's own fields:
    not its evidence, and not the facts nested in it, which are checked on their own."""
    for name in type(fact).model_fields:
        if name not in _SKIPPED_FIELDS:
            for path, number in _numbers_of(getattr(fact, name), name):
                yield name, path, number


_ELLIPSES = re.compile(r"\.\.\.|…")
"""An elided quote's span covers the skipped middle; its numbers must be in the quote itself."""


def _ground_quotes(fact: Fact, path: str, source: str) -> tuple[list[Problem], list[Span]]:
    """Align the fact's quotes (filling in offsets) and check its numbers against them;
    return the problems and the aligned spans, which the claim checks read."""
    problems: list[Problem] = []
    supporting: list[str] = []
    spans: list[Span] = []
    for index, evidence in enumerate(fact.evidence):
        alignment = align_quote(evidence.quote, source)
        evidence.alignment = alignment.status.value
        evidence.start, evidence.end = alignment.start, alignment.end
        if alignment.status is AlignmentStatus.UNALIGNED:
            problems.append(
                Problem(
                    fact,
                    path,
                    f"quote not found in the document: {evidence.quote[:120]!r}",
                    evidence_index=index,
                )
            )
            continue
        spans.append((alignment.start, alignment.end))
        if _ELLIPSES.search(evidence.quote):
            supporting.append(evidence.quote)
        else:
            supporting.append(source[alignment.start : alignment.end])
    stated_in = "\n".join(supporting)
    for name, _, number in fact_numbers(fact):
        if not number_is_stated(number, stated_in):
            problems.append(
                Problem(
                    fact,
                    path,
                    f"{number:g} does not occur in this fact's evidence quotes",
                    field=name,
                )
            )
    return problems, spans


@lru_cache(maxsize=8)
def _sentences(source: str) -> list[Sentence]:
    """Split once per text: a document's answers are validated several times (re-asks,
    the policy, chunks merged), always against the same text."""
    return split_sentences(source)


def check_summary(summary: PressReleaseSummary, source: str) -> list[Problem]:
    """Every problem of the summary: quotes that do not align, numbers they do not state,
    and claims (actions, statuses, endpoint outcomes, deal types, roles) they do not state.
    Claims are read only in aligned quotes; a fact with none is removed for that alone."""
    problems: list[Problem] = []
    located = list(_walk_facts(summary))
    spans: dict[int, list[Span]] = {}
    for item in located:
        found, spans[id(item.fact)] = _ground_quotes(item.fact, item.path, source)
        problems.extend(found)
    sentences = _sentences(source)
    passages = {id(item.fact): passages_of(spans[id(item.fact)], sentences) for item in located}
    deal_passages = [p for deal in summary.deals for p in passages[id(deal)]]
    for item in located:
        if not passages[id(item.fact)]:
            continue
        for finding in check_claims(item.fact, passages[id(item.fact)], deal_passages):
            problems.append(
                Problem(
                    item.fact,
                    item.path,
                    f"claim check '{finding.check}': {finding.message}",
                    field=finding.field,
                    check=finding.check,
                    replacement=finding.replacement,
                    drops_fact=finding.drops_fact,
                    corrects=finding.corrects,
                )
            )
    return problems


EVENT_CHECKS = ("action", "status")
"""The claim checks of a regulatory event: its action, and whether it happened."""


def unsupported_claims(summary: PressReleaseSummary, source: str) -> list[Problem]:
    """The claims a summary's quotes do not state, for measurement; the summary is left as
    it is (a copy is checked). The regulatory events whose action or status their quotes
    do not state, the count to report over a run, are
    ``{p.path for p in unsupported_claims(summary, text) if p.check in EVENT_CHECKS}``.
    Run it on records written with ``--grounding-policy keep`` (or from another tool):
    the drop policy has already removed or corrected what it would count."""
    return [p for p in check_summary(summary.model_copy(deep=True), source) if p.check]


def describe_for_model(problems: list[Problem]) -> str:
    """The re-ask text: what failed and how to fix it, without blaming the document."""
    lines = [f"- {problem.where}: {problem.message}" for problem in problems[:MAX_ISSUES_IN_REASK]]
    if len(problems) > MAX_ISSUES_IN_REASK:
        lines.append(f"- ... and {len(problems) - MAX_ISSUES_IN_REASK} more")
    return (
        "Grounding failed. Copy quotes character for character from the document, make every "
        "number appear in its fact's quotes, make the quotes state the claim (the agency and "
        "its action in one clause, said as done when the status is occurred; the deal's kind; "
        "the company's role; whether the endpoint was met), or set the field to null / drop "
        "the fact if the document does not state it:\n" + "\n".join(lines)
    )


def apply_policy(
    summary: PressReleaseSummary, problems: list[Problem], policy: GroundingPolicy
) -> list[DroppedFact]:
    """Enforce the policy on problems that survived the retry budget; return what was removed
    or corrected. A correction (a status the quotes contradict) applies under every policy;
    under ``keep`` everything else is only marked on its fact."""
    dropped: list[DroppedFact] = []
    located = {id(item.fact): item for item in _walk_facts(summary)}
    unaligned: dict[int, set[int]] = {}
    removed: list[_Located] = []
    for problem in problems:
        if problem.corrects and problem.field is not None:
            setattr(problem.fact, problem.field, problem.replacement)
            dropped.append(DroppedFact(path=problem.where, problem=_changed(problem)))
        elif policy is GroundingPolicy.KEEP:
            problem.fact.grounding_issues.append(
                GroundingIssue(field=problem.where, problem=problem.message)
            )
        elif problem.drops_fact:
            removed.append(located[id(problem.fact)])
            removal = f"fact removed: {problem.message}"
            dropped.append(DroppedFact(path=problem.path, problem=removal))
        elif problem.evidence_index is not None:
            unaligned.setdefault(id(problem.fact), set()).add(problem.evidence_index)
            dropped.append(DroppedFact(path=problem.where, problem=problem.message))
        elif problem.field is not None:
            current = getattr(problem.fact, problem.field)
            value = _empty_like(current) if problem.replacement is None else problem.replacement
            setattr(problem.fact, problem.field, value)
            dropped.append(DroppedFact(path=problem.where, problem=_changed(problem)))
    for fact_id, indexes in unaligned.items():
        item = located[fact_id]
        item.fact.evidence = [e for i, e in enumerate(item.fact.evidence) if i not in indexes]
        if not item.fact.evidence:
            removed.append(item)
            dropped.append(DroppedFact(path=item.path, problem="fact removed: no quote aligned"))
    for item in removed:
        item.siblings[:] = [fact for fact in item.siblings if fact is not item.fact]
    return dropped


def _changed(problem: Problem) -> str:
    """The problem's message, with what the field became when it was not simply emptied."""
    if problem.replacement is None:
        return problem.message
    value = problem.replacement
    shown = (", ".join(map(str, value)) or "none") if isinstance(value, list) else str(value)
    return f"{problem.message} -> {problem.field} now {shown}"


def _empty_like(value: Any) -> Any:
    return [] if isinstance(value, list) else None
