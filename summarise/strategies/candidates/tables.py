"""tables: endpoint results in the rows of a table, read with its header row.

The loader writes an HTML table's rows as lines with "|" between cells (Markdown tables
come so already; tab-separated lines count as rows too), and each row line is a sentence,
so a row is quoted whole and aligns (alignment reads cell separators as spaces). A PDF's
text layer joins cells with single spaces: there a header is known by the column names it
ends with ("Drug X (n=120)", "Hazard ratio (95% CI)", "p-value"), and a row by its label
followed by as many value cells as the header has columns. The
header row says which column is which: the first holds the endpoint, a column headed
"Hazard ratio (95% CI)" (odds ratio, difference) the effect with its interval, "p-value"
the p-value, the first other column the treatment arm and the next the comparator, whose
name is its header without "(n=...)". A row's first cell gives the endpoint, its unit
(", months", ", %") and its role ("(primary endpoint)", "(key secondary endpoint)"); the
endpoint's abbreviation is written out as the document spells it ("PFS" is
"progression-free survival (PFS)"). A table with no header row gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from schemas.enums import EffectMeasure
from summarise.pipeline.sentences import Sentence
from summarise.strategies.candidates.results import (
    EFFECT_MEASURES,
    OPERATORS,
    Effect,
    ResultCandidate,
    clean_endpoint,
    is_table_row,
    number,
    unit_name,
)

_SEPARATOR_RE = re.compile(r":?-{3,}:?")
_NUMERIC_RE = re.compile(r"^[<>≤≥=]?\s*[-−]?\d")
_P_HEADER_RE = re.compile(r"\bp\b|p-?\s*value", re.I)
_EFFECT_HEADERS = tuple((re.compile(p, re.I), measure) for p, measure in EFFECT_MEASURES)
_ROLE_RE = re.compile(r"\s*\(([^()]*\b(?:primary|secondary|exploratory)\b[^()]*)\)", re.I)
_UNIT_RE = re.compile(
    r",\s*(%|months?|weeks?|days?|years?|points?|minutes?)\s*$|\s*\((%|months?)\)\s*$", re.I
)
_N_RE = re.compile(r"\s*\(\s*[nN]\s*=\s*\d+\s*\)")
_CELL_NUMBER_RE = re.compile(r"(?P<sign>[-−])?(?P<num>\d+(?:\.\d+)?)")
_CELL_EFFECT_RE = re.compile(
    r"^\s*(?P<sign>[-−])?(?P<num>\d+(?:\.\d+)?)\s*[(\[]\s*(?P<lo>[-−]?\d+(?:\.\d+)?)\s*(?:–|—|-|to|,)\s*"
    r"(?P<hi>[-−]?\d+(?:\.\d+)?)\s*[)\]]"
)
_CELL_P_RE = re.compile(r"^\s*(?P<op><=|>=|<|>|≤|≥|=)?\s*(?P<v>\d?\.\d+|\d(?:\.\d+)?)\s*$")
_ABBR_RE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]\b")
_CI_HEADER_RE = re.compile(r"\(\s*95\s*%\s*CI\s*\)", re.I)
_SPACED_HEADER_RE = re.compile(
    r"(?:hazard|odds|risk)\s+ratio(?:\s*\(\s*95\s*%\s*CI\s*\))?|(?:mean\s+)?difference"
    r"(?:\s*\(\s*95\s*%\s*CI\s*\))?|\bHR\b(?:\s*\(\s*95\s*%\s*CI\s*\))?|\bp-?\s*value\b",
    re.I,
)
_SPACED_CELL = r"(?:[<>≤≥]?\s*[-−]?\d+(?:\.\d+)?%?(?:\s*\([^()]*\))?|[–—]|NR|NE|NA)"
_SPACED_CELL_RE = re.compile(_SPACED_CELL)
_SPACED_ROW_RE = re.compile(
    rf"^(?P<label>.*?[A-Za-z%)\]])\s+(?P<cells>{_SPACED_CELL}(?:\s+{_SPACED_CELL})+)\s*$"
)


def cells(text: str) -> list[str]:
    separator = "|" if text.count("|") >= 2 else "\t"
    parts = [part.strip() for part in text.strip().split(separator)]
    if parts and not parts[0]:
        parts = parts[1:]
    if parts and not parts[-1]:
        parts = parts[:-1]
    return parts


def _is_data(row: list[str]) -> bool:
    return (
        len(row) >= 3
        and bool(re.search(r"[A-Za-z]", row[0]))
        and any(_NUMERIC_RE.match(cell) for cell in row[1:])
    )


def _is_header(row: list[str]) -> bool:
    return (
        len(row) >= 3
        and all(row)
        and not _is_data(row)
        and not all(_SEPARATOR_RE.fullmatch(cell) for cell in row)
    )


def _columns(header: list[str]) -> dict[str, int | EffectMeasure | str]:
    """Which column is the arm, the comparator, the effect (and its measure), the p-value."""
    roles: dict[str, int | EffectMeasure | str] = {}
    arms = []
    for index, cell in enumerate(header[1:], start=1):
        if _P_HEADER_RE.search(cell):
            roles["p"] = index
            continue
        measure = next((m for pattern, m in _EFFECT_HEADERS if pattern.search(cell)), None)
        if measure is not None:
            roles["effect"], roles["measure"] = index, measure
            continue
        arms.append(index)
    if arms:
        roles["arm"] = arms[0]
    if len(arms) == 2:
        roles["comparator"] = arms[1]
        roles["comparator_name"] = _N_RE.sub("", header[arms[1]]).strip()
    return roles


def _written_out(label: str, abbreviations: Mapping[str, str]) -> str:
    """The label with its first abbreviation written out as the document spells it."""
    for m in _ABBR_RE.finditer(label):
        words = abbreviations.get(m.group())
        if words and not re.search(re.escape(words), label, re.I):
            if m.start() and re.match(r"[A-Z][a-z]", words):
                words = words[0].lower() + words[1:]  # "Median PFS": "Median progression-free ..."
            return f"{label[: m.start()]}{words} ({m.group()}){label[m.end() :]}"
        if words:
            return label
    return label


def _cell_value(cell: str) -> float | None:
    m = _CELL_NUMBER_RE.match(cell.strip())
    return number(m.group("sign"), m.group("num")) if m else None


def _row_result(
    row: list[str],
    roles: Mapping[str, int | EffectMeasure | str],
    evidence: tuple[int, ...],
    position: int,
    abbreviations: Mapping[str, str],
) -> ResultCandidate | None:
    label = row[0]
    role = _ROLE_RE.search(label)
    is_primary = None
    if role:
        words = role.group(1).lower()
        is_primary = "primary" in words and "secondary" not in words
        label = label[: role.start()] + label[role.end() :]
    unit_match = _UNIT_RE.search(label)
    unit = None
    if unit_match:
        unit = unit_name(unit_match.group(1) or unit_match.group(2))
        label = label[: unit_match.start()]
    endpoint = clean_endpoint(_written_out(label.strip(), abbreviations))

    def column(name: str) -> str | None:
        index = roles.get(name)
        return row[index] if isinstance(index, int) and index < len(row) else None

    arm_cell, comparator_cell = column("arm"), column("comparator")
    arm = _cell_value(arm_cell) if arm_cell else None
    comparator_value = _cell_value(comparator_cell) if comparator_cell else None
    if unit is None and arm_cell and "%" in arm_cell:
        unit = "%"
    effect = None
    effect_cell = column("effect")
    measure = roles.get("measure")
    if effect_cell and isinstance(measure, EffectMeasure):
        m = _CELL_EFFECT_RE.match(effect_cell)
        if m:
            effect = Effect(
                measure,
                number(m.group("sign"), m.group("num")),
                float(m.group("lo").replace("−", "-")),
                float(m.group("hi").replace("−", "-")),
            )
    p_value = p_operator = None
    p_cell = column("p")
    p_match = _CELL_P_RE.match(p_cell) if p_cell else None
    if p_match:
        p_value = float(p_match.group("v"))
        op = p_match.group("op") or "="
        p_operator = OPERATORS.get(op, op)
    if endpoint is None or (arm is None and effect is None):
        return None
    name = roles.get("comparator_name")
    return ResultCandidate(
        evidence[0],
        position,
        endpoint,
        arm,
        unit,
        comparator_value,
        name if isinstance(name, str) and comparator_value is not None else None,
        None,
        effect,
        p_value,
        p_operator,
        is_primary,
        None,
        evidence,
    )


def spaced_header(text: str) -> list[str] | None:
    """A header row whose cells a PDF's text layer joined with spaces, cut where its column
    names end: each arm's "(n=340)", an effect's "Hazard ratio (95% CI)", "p-value"."""
    if _CELL_NUMBER_RE.search(_N_RE.sub("", _CI_HEADER_RE.sub("", text))):
        return None
    arms = list(_N_RE.finditer(text))
    ends = sorted(
        [(m.start(), m.end()) for m in arms]
        + [(m.start(), m.end()) for m in _SPACED_HEADER_RE.finditer(text)]
    )
    if not arms or len(ends) < 2:
        return None
    columns, start = [], 0
    for begin, end in ends:
        columns.append(text[start if (begin, end) in {m.span() for m in arms} else begin : end])
        start = end
    return ["", *(column.strip() for column in columns)]


def spaced_row(text: str, width: int) -> list[str] | None:
    """A data row of ``width`` cells after its label, cells joined with spaces."""
    m = _SPACED_ROW_RE.match(text)
    if m is None:
        return None
    values = [cell.group().strip() for cell in _SPACED_CELL_RE.finditer(m.group("cells"))]
    return [m.group("label"), *values] if len(values) == width else None


def find_table_results(
    sentences: list[Sentence], abbreviations: Mapping[str, str]
) -> list[ResultCandidate]:
    """One result per data row of a table with a header row: cells between "|" or tabs, or
    (a PDF's text layer) joined with spaces under a header that names its columns. A line
    that is no row of the table ends it."""
    results = []
    header: tuple[int, list[str], bool] | None = None  # (sentence, cells, joined with spaces)
    for s in sentences:
        row: list[str] | None = None
        if is_table_row(s.text):
            row = cells(s.text)
            if _is_header(row):
                header, row = (s.index, row, False), None
            elif header is None or header[2]:
                header, row = None, None
        elif header is not None and header[2]:
            row = spaced_row(s.text, len(header[1]) - 1)
        if row is None and not is_table_row(s.text):
            found = spaced_header(s.text)
            header = (s.index, found, True) if found else None
            continue
        if row is not None and header is not None and _is_data(row) and len(row) == len(header[1]):
            result = _row_result(row, _columns(header[1]), (s.index, header[0]), 0, abbreviations)
            if result is not None:
                results.append(result)
    return results
