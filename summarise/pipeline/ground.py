"""ground: check every fact of a summary against the source text, in code.

A fact is grounded when each of its evidence quotes aligns to the source and
every number in its structured fields occurs in that evidence. The check runs
as a Pydantic validator so that instructor sends failures back to the model as
validation errors; once the retry budget is spent, :func:`apply_policy` decides
what survives, and records everything it removes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from schemas import DroppedFact, Fact, GroundingIssue, PressReleaseSummary
from summarise.core.policy import GroundingPolicy
from summarise.pipeline.align import AlignmentStatus, align_quote
from summarise.pipeline.numbers import number_is_stated

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


def check_fact(fact: Fact, path: str, source: str) -> list[Problem]:
    """Align the fact's quotes (filling in offsets) and check its numbers against them."""
    problems: list[Problem] = []
    supporting: list[str] = []
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
        elif _ELLIPSES.search(evidence.quote):
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
    return problems


def check_summary(summary: PressReleaseSummary, source: str) -> list[Problem]:
    problems: list[Problem] = []
    for located in _walk_facts(summary):
        problems.extend(check_fact(located.fact, located.path, source))
    return problems


def describe_for_model(problems: list[Problem]) -> str:
    """The re-ask text: what failed and how to fix it, without blaming the document."""
    lines = [f"- {problem.where}: {problem.message}" for problem in problems[:MAX_ISSUES_IN_REASK]]
    if len(problems) > MAX_ISSUES_IN_REASK:
        lines.append(f"- ... and {len(problems) - MAX_ISSUES_IN_REASK} more")
    return (
        "Grounding failed. Copy quotes character for character from the document, make every "
        "number appear in its fact's quotes, or set the field to null / drop the fact if the "
        "document does not state it:\n" + "\n".join(lines)
    )


def apply_policy(
    summary: PressReleaseSummary, problems: list[Problem], policy: GroundingPolicy
) -> list[DroppedFact]:
    """Enforce the policy on problems that survived the retry budget; return what was removed."""
    if policy is GroundingPolicy.KEEP:
        for problem in problems:
            problem.fact.grounding_issues.append(
                GroundingIssue(field=problem.where, problem=problem.message)
            )
        return []
    dropped: list[DroppedFact] = []
    located = {id(item.fact): item for item in _walk_facts(summary)}
    unaligned: dict[int, set[int]] = {}
    for problem in problems:
        if problem.evidence_index is not None:
            unaligned.setdefault(id(problem.fact), set()).add(problem.evidence_index)
        elif problem.field is not None:
            setattr(problem.fact, problem.field, _empty_like(getattr(problem.fact, problem.field)))
        dropped.append(DroppedFact(path=problem.where, problem=problem.message))
    emptied: list[_Located] = []
    for fact_id, indexes in unaligned.items():
        item = located[fact_id]
        item.fact.evidence = [e for i, e in enumerate(item.fact.evidence) if i not in indexes]
        if not item.fact.evidence:
            emptied.append(item)
    for item in emptied:
        item.siblings[:] = [fact for fact in item.siblings if fact is not item.fact]
        dropped.append(DroppedFact(path=item.path, problem="fact removed: no quote aligned"))
    return dropped


def _empty_like(value: Any) -> Any:
    return [] if isinstance(value, list) else None
