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
name is its header without "(n=...)"; two arm columns neither of which is a comparator (two
doses) are arms side by side, each row giving one result per arm named by its column, and a
cell "26.3 (13.4–43.1)" under a label's "(95% CI)" is a single-arm estimate with its CI. A
header's "200 mg BID (n=38)" is no value. A row's first cell gives the endpoint, its unit
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
    COMPARATORS,
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
_LABEL_CI_RE = re.compile(r"\s*\(\s*95\s*%\s*CI\s*\)", re.I)
"""A label's "(95% CI)": its cells hold each estimate with its interval."""
_COMPARATOR_RE = re.compile(rf"^(?:{COMPARATORS})\b|\b(?:placebo|vehicle|control|sham)\b", re.I)
"""A column of a comparator arm; other two arm columns (two doses) are arms side by side."""
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
    """A row with a label and a value; a header's "200 mg BID (n=38)" is no value."""
    return (
        len(row) >= 3
        and bool(re.search(r"[A-Za-z]", row[0]))
        and any(_NUMERIC_RE.match(cell) and not _N_RE.search(cell) for cell in row[1:])
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
    names = [_N_RE.sub("", header[index]).strip() for index in arms]
    if len(arms) == 2 and any(_COMPARATOR_RE.search(name) for name in names):
        roles["comparator"] = arms[1]
        roles["comparator_name"] = names[1]
    elif len(arms) == 2:
        roles["arm_name"], roles["second_arm"], roles["second_arm_name"] = (
            names[0],
            arms[1],
            names[1],
        )
    return roles


def _written_out(label: str, abbreviations: Mapping[str, str]) -> str:
    """The label with its first abbreviation written out as the document spells it; one
    joined to another ("CR + CRh", "CR/CRh") stays as written."""
    for m in _ABBR_RE.finditer(label):
        if re.search(r"[+/]\s*$", label[: m.start()]) or re.match(r"\s*[+/]", label[m.end() :]):
            return label
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


def _row_results(
    row: list[str],
    roles: Mapping[str, int | EffectMeasure | str],
    evidence: tuple[int, ...],
    position: int,
    abbreviations: Mapping[str, str],
) -> list[ResultCandidate]:
    """The row's result; one per arm when two arms stand side by side (two doses), each
    named by its column ("CR rate (200 mg)")."""
    label = row[0]
    role = _ROLE_RE.search(label)
    is_primary = None
    if role:
        words = role.group(1).lower()
        is_primary = "primary" in words and "secondary" not in words
        label = label[: role.start()] + label[role.end() :]
    label = _LABEL_CI_RE.sub("", label)
    unit_match = _UNIT_RE.search(label)
    unit = None
    if unit_match:
        unit = unit_name(unit_match.group(1) or unit_match.group(2))
        label = label[: unit_match.start()]
    endpoint = clean_endpoint(_written_out(label.strip(), abbreviations))

    def column(name: str) -> str | None:
        index = roles.get(name)
        return row[index] if isinstance(index, int) and index < len(row) else None

    comparator_cell = column("comparator")
    comparator_value = _cell_value(comparator_cell) if comparator_cell else None
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
    if endpoint is None:
        return []
    name = roles.get("comparator_name")
    arms = [(column("arm"), roles.get("arm_name"))]
    if "second_arm" in roles:
        arms.append((column("second_arm"), roles.get("second_arm_name")))
    results = []
    for arm_cell, arm_name in arms:
        arm = _cell_value(arm_cell) if arm_cell else None
        arm_unit = unit or ("%" if arm_cell and "%" in arm_cell else None)
        estimate = _CELL_EFFECT_RE.match(arm_cell or "") if comparator_cell is None else None
        own = (
            Effect(
                EffectMeasure.OTHER,
                number(estimate.group("sign"), estimate.group("num")),
                float(estimate.group("lo").replace("−", "-")),
                float(estimate.group("hi").replace("−", "-")),
            )
            if estimate and effect is None
            else effect
        )
        if arm is None and own is None:
            continue
        results.append(
            ResultCandidate(
                evidence[0],
                position,
                f"{endpoint} ({arm_name})" if isinstance(arm_name, str) and arm_name else endpoint,
                arm,
                arm_unit,
                comparator_value,
                name if isinstance(name, str) and comparator_value is not None else None,
                None,
                own,
                p_value,
                p_operator,
                is_primary,
                None,
                evidence,
            )
        )
    return results


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
            evidence = (s.index, header[0])
            results += _row_results(row, _columns(header[1]), evidence, 0, abbreviations)
    return results
