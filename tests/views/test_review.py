"""The review page and the run index, without a browser: escaping, nesting, flags, files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from schemas import SummaryRecord
from summarise.pipeline.document import read_source
from summarise.runs.ledger import Ledger
from summarise.runs.review import write_review, write_run_review
from summarise.views.brief import NO_FACTS_WARNING
from summarise.views.review import (
    MAX_SOURCE_BYTES,
    IndexEntry,
    index_entry,
    render_index_html,
    render_review_html,
    source_for,
)
from summarise.views.review.palette import PALETTE, colour_class
from summarise.views.review.tables import find_tables
from tests.conftest import ROOT
from tests.views.handmade_records import evidence, handmade_record, unaligned

SOURCE = (
    "Acme Bio announced that the NMPA approved Zapitinib for adults with AML.\n\n"
    "In the phase 3 ZAP-1 trial, 312 patients were enrolled at 40 sites; the ORR was 46.3% "
    "versus 12.1% with placebo (p<0.001).\n\n"
    "Comments: <script>alert(1)</script> and <img src=x onerror=alert(2)> "
    "see https://evil.example/page and http://tracker.example/pixel.gif\n"
)
DEVSET_TABLE_DOCUMENT = ROOT / "eval/devset/docs/d07_results_html_table.html"
VOID_ELEMENTS = {"meta", "link", "br", "input", "img", "hr", "wbr"}


def _evidence(quote: str, source: str = SOURCE, occurrence: int = 0) -> dict[str, Any]:
    return evidence(quote, source, occurrence)


def _record(summary: dict[str, Any], source: str = SOURCE, **provenance: Any) -> SummaryRecord:
    return handmade_record(summary, source, **provenance)


class _Tree(HTMLParser):
    """Checks that elements nest, and collects each quote's text across its marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.marks = 0
        self.quote_text: dict[str, str] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in VOID_ELEMENTS:
            return
        if tag == "mark":
            self.marks += 1
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for tag, attrs in self.stack:
            if tag == "mark" and attrs.get("data-quote"):
                key = attrs["data-quote"] or ""
                self.quote_text[key] = self.quote_text.get(key, "") + data


def _parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree


def _drug(quotes: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"name": "Zapitinib", "evidence": quotes, **extra}


def test_source_and_summary_text_are_escaped():
    hostile = "<script>alert(3)</script>"
    record = _record(
        {
            "headline": f"Approved {hostile}",
            "drugs": [_drug([_evidence("<script>alert(1)</script>")], mechanism=hostile)],
        }
    )
    page = render_review_html(record, SOURCE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "alert(1)</script>" not in page and "alert(3)</script>" not in page
    assert "<img" not in page
    tree = _parse(page)
    assert tree.tags.count("script") == 1  # the page's own script, nothing from the document
    assert not tree.errors and not tree.stack


def test_overlapping_spans_nest_validly_and_keep_each_quote_whole():
    crossing_a = "the NMPA approved Zapitinib for adults"
    crossing_b = "Zapitinib for adults with AML."
    inner = "approved"
    record = _record(
        {
            "drugs": [_drug([_evidence(crossing_a), _evidence(inner)])],
            "regulatory_events": [
                {"agency": "NMPA", "action": "approval", "evidence": [_evidence(crossing_b)]},
                {"agency": "NMPA", "action": "approval", "evidence": [_evidence(crossing_b)]},
            ],
            "trials": [
                {
                    "evidence": [_evidence("In the phase 3 ZAP-1 trial, 312 patients")],
                    "enrolled": 312,
                    "results": [
                        {
                            "endpoint": "ORR",
                            "arm_value": 46.3,
                            "evidence": [_evidence("the ORR was 46.3% versus 12.1%")],
                        }
                    ],
                }
            ],
        }
    )
    page = render_review_html(record, SOURCE)
    tree = _parse(page)
    assert not tree.errors, tree.errors
    assert not tree.stack
    assert tree.marks >= 6
    expected = {
        "q-0": crossing_a,
        "q-1": inner,
        "q-2": crossing_b,
        "q-3": crossing_b,
        "q-4": "In the phase 3 ZAP-1 trial, 312 patients",
        "q-5": "the ORR was 46.3% versus 12.1%",
    }
    assert tree.quote_text == expected
    assert len(re.findall(r'id="q-2"', page)) == 1  # a split quote's id stays unique
    assert 'id="fact-trials-0-results-0"' in page
    assert re.search(r'<mark id="q-5" class="q c4" data-fact="trials-0-results-0"', page)


def test_unaligned_and_issue_carrying_facts_are_flagged():
    record = _record(
        {
            "drugs": [
                _drug([_evidence("Zapitinib"), unaligned("Zapitinib cures everything")]),
                _drug(
                    [_evidence("AML")],
                    name="Other",
                    grounding_issues=[
                        {"field": "drugs[1].targets", "problem": "number 9 not in quotes"}
                    ],
                ),
                _drug([_evidence("Acme Bio")], name="Fine"),
            ]
        }
    )
    page = render_review_html(record, SOURCE)
    facts = {
        match["id"]: match["classes"]
        for match in re.finditer(r'<li class="(?P<classes>[^"]*)" id="fact-(?P<id>[^"]+)"', page)
    }
    assert "ungrounded" in facts["drugs-0"].split()
    assert "ungrounded" in facts["drugs-1"].split()
    assert "ungrounded" not in facts["drugs-2"].split()
    assert page.count('<span class="badge bad">ungrounded</span>') == 2
    assert "not found in source" in page
    assert "number 9 not in quotes" in page


def test_dropped_items_caveats_and_provenance_are_shown():
    record = _record(
        {
            "caveats": [
                {
                    "kind": "missing_data",
                    "description": "Results table not included",
                    "evidence": [_evidence("ORR was 46.3%")],
                }
            ]
        },
        dropped=[{"path": "trials[0].sites", "problem": "number 41 not in the fact's quotes"}],
    )
    page = render_review_html(record, SOURCE)
    assert "Removed by grounding (1)" in page
    assert "trials[0].sites" in page and "number 41 not in the fact&#x27;s quotes" in page
    assert re.search(r'class="fact c0 caveat"[^>]*id="fact-caveats-0"', page)
    assert '<span class="badge warn">caveat</span>' in page
    footer = page[page.index('<footer id="provenance">') :]
    for expected in ("gemma-3-270m", "abc123", "1.1.0", "15 (10 prompt, 5 completion)", "2026-01"):
        assert expected in footer


def test_no_url_outside_the_escaped_source_text():
    record = _record({"drugs": [_drug([_evidence("Zapitinib")])]})
    page = render_review_html(record, SOURCE)
    assert "https://evil.example/page" in page  # shown, as text, in the source pane
    outside = re.sub(r'<div class="source-text"[^>]*>.*?</div>', "", page, flags=re.S)
    assert "http://" not in outside and "https://" not in outside
    assert not re.search(r"\s(?:src|href)=\"(?!#|data:)", page)  # no link out of the page
    assert "default-src 'none'" in page.replace("&#x27;", "'")


def test_source_unavailable_or_changed(tmp_path):
    record = _record({"drugs": [_drug([_evidence("Zapitinib")])]})
    page = render_review_html(record, None, source_note="gone.txt: file not found")
    assert 'id="source-unavailable"' in page and "gone.txt: file not found" in page
    assert "<mark" not in page and "Zapitinib" in page
    changed = render_review_html(record, SOURCE.replace("Acme", "Acne"))
    assert 'id="source-mismatch"' in changed


def test_source_for_checks_the_cleaned_sha256(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("release.txt").write_text(SOURCE, encoding="utf-8")
    record = _record({"drugs": [_drug([_evidence("Zapitinib")])]}, source_file="release.txt")
    assert source_for(record) == SOURCE
    page = write_review(record, tmp_path / "out" / "release.html").read_text(encoding="utf-8")
    assert '<mark id="q-0"' in page
    Path("release.txt").write_text(SOURCE + "\nA new paragraph.\n", encoding="utf-8")
    assert source_for(record) is None
    assert "has changed since it was summarised" in write_review(
        record, tmp_path / "out" / "release.html"
    ).read_text(encoding="utf-8")
    Path("release.txt").unlink()
    assert source_for(record) is None
    assert (
        source_for(
            record.model_copy(
                update={"provenance": record.provenance.model_copy(update={"source_file": None})}
            )
        )
        is None
    )


def test_index_lists_failed_documents_with_their_error():
    page = render_index_html(
        [
            IndexEntry("a.txt", "a.txt.html", "done", ["regulatory"], ["Zapitinib"]),
            IndexEntry("b.txt", None, "failed", error="b.txt: empty file (0 bytes) <b>"),
            IndexEntry("c.txt", "javascript:alert(1)", "done"),
        ]
    )
    assert '<a href="a.txt.html">a.txt</a>' in page  # no headline: the id is the label
    assert re.search(
        r'<tr class="failed"><td class="doc">b.txt</td>.*<td class="status">failed<', page
    )
    assert "b.txt: empty file (0 bytes) &lt;b&gt;" in page
    assert 'href="javascript:' not in page  # a scheme becomes a harmless relative path
    assert "done 2 · failed 1" in page


def test_write_run_review_for_a_run_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("release.txt").write_text(SOURCE, encoding="utf-8")
    run = tmp_path / "out"
    run.mkdir()
    record = _record({"drugs": [_drug([_evidence("Zapitinib")])]}, source_file="release.txt")
    (run / "summaries").mkdir()
    (run / "summaries" / "release.txt.json").write_text(record.model_dump_json(), encoding="utf-8")
    (run / "summaries" / "broken.txt.json").write_text("{not json", encoding="utf-8")
    index = write_run_review(run).index
    assert index == run / "review" / "index.html"
    page = run / "review" / "release.txt.html"
    assert '<mark id="q-0"' in page.read_text(encoding="utf-8")
    listing = index.read_text(encoding="utf-8")
    assert (
        '<a href="release.txt.html">Acme&#x27;s Zapitinib approved</a>'
        '<span class="doc-id">release.txt</span>'
    ) in listing
    assert re.search(
        r'<tr class="failed"><td class="doc">broken.txt</td>.*unreadable summary: invalid JSON',
        listing,
    )
    assert not list((run / "review").glob(".*.tmp"))


def test_write_run_review_for_a_batch_folder_reads_the_ledger(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("docs").mkdir()
    Path("docs/good.txt").write_text(SOURCE, encoding="utf-8")
    run = tmp_path / "run"
    record = _record({"drugs": [_drug([_evidence("Zapitinib")])]}, source_file="docs/good.txt")
    summary = run / "summaries" / "docs" / "good.txt.json"
    summary.parent.mkdir(parents=True)
    summary.write_text(record.model_dump_json(), encoding="utf-8")
    with Ledger(run) as ledger:
        ledger.start_run("gemma-3-270m", "abc123", "1.1.0")
        ledger.mark_running("docs/good.txt", "docs/good.txt", None, "key")
        ledger.mark_done(
            "docs/good.txt",
            output_path="summaries/docs/good.txt.json",
            attempts=1,
            tokens_in=10,
            tokens_out=5,
            cost_usd=None,
            duration_ms=1.0,
        )
        ledger.mark_failed(
            "docs/bad.txt", "docs/bad.txt", error_kind="input", error="docs/bad.txt: empty file"
        )
        ledger.finish_run("finished")
    index = write_run_review(run).index
    listing = index.read_text(encoding="utf-8")
    assert '<a href="docs/good.txt.html">Acme&#x27;s Zapitinib approved</a>' in listing
    assert '<span class="doc-id">docs/good.txt</span>' in listing
    assert "Zapitinib" in listing
    assert re.search(
        r'<tr class="failed"><td class="doc">docs/bad.txt</td>.*docs/bad.txt: empty file', listing
    )
    page = (run / "review" / "docs" / "good.txt.html").read_text(encoding="utf-8")
    assert '<mark id="q-0"' in page


@pytest.mark.parametrize("language", ["en", "zh-Hans", 'x" onload="alert(1)'])
def test_document_language_only_reaches_lang_when_it_is_a_language_tag(language):
    record = _record({"document": {"language": language}})
    page = render_review_html(record, SOURCE)
    assert 'onload="' not in page


def _cards(page: str) -> dict[str, list[str]]:
    """Each fact card's classes by fact id, in page order."""
    return {
        match["id"]: match["classes"].split()
        for match in re.finditer(r'<li class="(?P<classes>[^"]*)" id="fact-(?P<id>[^"]+)"', page)
    }


def _mark_colours(page: str) -> dict[str, set[str]]:
    """The colour classes of each fact's highlights."""
    colours: dict[str, set[str]] = {}
    for match in re.finditer(
        r'<mark [^>]*class="q (?P<colour>c\d+)[^"]*" data-fact="(?P<id>[^"]+)"', page
    ):
        colours.setdefault(match["id"], set()).add(match["colour"])
    return colours


def test_each_fact_has_its_own_colour_on_its_card_and_its_highlights():
    record = _record(
        {
            "drugs": [_drug([_evidence("Zapitinib for adults with AML")])],
            "companies": [{"name": "Acme Bio", "evidence": [_evidence("Acme Bio announced")]}],
            "trials": [
                {
                    "evidence": [_evidence("In the phase 3 ZAP-1 trial")],
                    "results": [{"endpoint": "ORR", "evidence": [_evidence("the ORR was 46.3%")]}],
                }
            ],
        }
    )
    page = render_review_html(record, SOURCE)
    cards = _cards(page)
    colours = {
        fact: [c for c in classes if re.fullmatch(r"c\d+", c)] for fact, classes in cards.items()
    }
    assert colours == {
        "drugs-0": ["c0"],
        "companies-0": ["c1"],
        "trials-0": ["c2"],
        "trials-0-results-0": ["c3"],
    }
    assert _mark_colours(page) == {fact: set(colour) for fact, colour in colours.items()}
    for index, colour in enumerate(PALETTE):  # each colour class sets the edge and tint it names
        assert f".c{index}{{--edge:{colour.edge};--tint:{colour.tint}}}" in page
    assert len({colour.tint for colour in PALETTE}) == len(PALETTE)
    assert colour_class(len(PALETTE)) == "c0"  # colours cycle by the fact's place on the page
    assert page.count('<span class="swatch" aria-hidden="true"></span>') == 4


def test_caveats_are_listed_first():
    record = _record(
        {
            "drugs": [_drug([_evidence("Zapitinib")])],
            "caveats": [
                {
                    "kind": "missing_data",
                    "description": "No safety data",
                    "evidence": [_evidence("ORR was 46.3%")],
                }
            ],
        }
    )
    page = render_review_html(record, SOURCE)
    assert list(_cards(page)) == ["caveats-0", "drugs-0"]
    assert page.index('id="section-caveats"') < page.index('id="section-drugs"')
    assert "c0" in _cards(page)["caveats-0"]  # the first colour goes to the first card


def test_facts_are_named_by_what_they_are():
    record = _record(
        {
            "drugs": [_drug([_evidence("Zapitinib")])],
            "companies": [{"name": "Acme Bio", "evidence": [_evidence("Acme Bio")]}],
            "regulatory_events": [
                {"agency": "NMPA", "action": "approval", "evidence": [_evidence("NMPA approved")]}
            ],
            "trials": [
                {
                    "identifier": "NCT01234567",
                    "phase": "phase_3",
                    "drug": "Zapitinib",
                    "evidence": [_evidence("In the phase 3 ZAP-1 trial")],
                    "results": [
                        {
                            "endpoint": "ORR",
                            "arm_value": 46.3,
                            "comparator_value": 12.1,
                            "unit": "%",
                            "evidence": [_evidence("the ORR was 46.3% versus 12.1%")],
                        }
                    ],
                },
                {"phase": "phase_2", "drug": "Zapitinib", "evidence": [_evidence("ZAP-1")]},
            ],
            "deals": [{"deal_type": "co_development", "evidence": [_evidence("Acme Bio")]}],
            "caveats": [
                {"kind": "missing_data", "description": "x", "evidence": [_evidence("placebo")]}
            ],
        }
    )
    page = render_review_html(record, SOURCE)
    titles = re.findall(r'<span class="fact-title">([^<]*)</span>', page)
    assert titles == [
        "Caveat: missing data",
        "Drug: Zapitinib",
        "Company: Acme Bio",
        "Regulatory event: approval (NMPA)",
        "Trial: Phase 3 (NCT01234567)",
        "Result: ORR 46.3% vs 12.1%",
        "Trial: Phase 2 (Zapitinib)",
        "Deal: co-development",
    ]
    assert 'title="Regulatory event: approval (NMPA)"' in page  # a highlight names its fact
    assert '<code class="path muted">regulatory_events[0]</code>' in page  # the path, small


TABLE_SOURCE = (
    "Acme Bio reported the ZAP-1 results in Table 1.\n\n"
    "| Endpoint | Zapitinib | Placebo |\n"
    "|---|---|---|\n"
    "| ORR | 46.3% | 12.1% |\n"
    "| Median PFS, months | 7.4 | 3.6 |\n"
    "\nThe <b>safety</b> profile was consistent.\n"
)


def test_a_table_in_the_source_is_shown_as_a_table_with_its_highlights():
    row = "| ORR | 46.3% | 12.1% |"
    record = _record(
        {
            "trials": [
                {
                    "evidence": [_evidence("ZAP-1 results", TABLE_SOURCE)],
                    "results": [
                        {"endpoint": "ORR", "evidence": [_evidence(row, TABLE_SOURCE)]},
                        {
                            "endpoint": "Median PFS",
                            "evidence": [_evidence("Median PFS, months | 7.4", TABLE_SOURCE)],
                        },
                    ],
                }
            ]
        },
        source=TABLE_SOURCE,
    )
    page = render_review_html(record, TABLE_SOURCE)
    pane = page[page.index('<div class="source-text"') : page.index("</section>")]
    assert "|" not in pane and "---" not in pane  # cell bars and delimiter rows are structure
    assert "<tr><th>Endpoint</th><th>Zapitinib</th><th>Placebo</th></tr>" in pane
    orr = 'class="q c1{cont}" data-fact="trials-0-results-0" data-quote="q-1" title="Result: ORR"'
    assert (
        f'<tr><td><mark id="q-1" {orr.format(cont="")}>ORR</mark></td>'
        f"<td><mark {orr.format(cont=' cont')}>46.3%</mark></td>"
        f"<td><mark {orr.format(cont=' cont')}>12.1%</mark></td></tr>"
    ) in pane  # the quoted row: every cell highlighted, the first mark carrying the quote's id
    pfs = r'<td><mark id="q-2" [^>]*>Median PFS, months</mark></td><td><mark [^>]*>7.4</mark></td>'
    assert re.search(pfs + "<td>3.6</td>", pane)  # a quote ending mid-row marks only its cells
    assert "The &lt;b&gt;safety&lt;/b&gt; profile was consistent." in pane  # text after it, escaped
    tree = _parse(page)
    assert not tree.errors and not tree.stack
    assert tree.quote_text["q-1"] == "ORR46.3%12.1%"


def test_a_table_from_an_html_document_keeps_its_caption_and_header_rows():
    """The devset's results-only-in-a-table release; the record quoting one of its rows is
    hand-made."""
    source = read_source(DEVSET_TABLE_DOCUMENT, MAX_SOURCE_BYTES).cleaned
    row = (
        "| Median PFS by BICR, months (primary endpoint) | 7.4 | 3.6 | 0.58 (0.46–0.73) | <0.0001 |"
    )
    record = _record(
        {"trials": [{"identifier": "TIDEMARK-1", "evidence": [_evidence(row, source)]}]},
        source=source,
    )
    pane = render_review_html(record, source).split('<div class="source-text"', 1)[1]
    assert pane.count('<table class="source-table">') == 1
    assert '<tr><th colspan="5">Table 1. TIDEMARK-1 efficacy results' in pane
    assert "<th>Hazard ratio (95% CI)</th>" in pane
    marked = re.findall(r'<td><mark [^>]*data-fact="trials-0"[^>]*>([^<]*)</mark></td>', pane)
    assert marked == [
        "Median PFS by BICR, months (primary endpoint)",
        "7.4",
        "3.6",
        "0.58 (0.46–0.73)",
        "&lt;0.0001",
    ]


def test_tab_separated_rows_are_a_table_and_prose_with_a_bar_is_not():
    source = "Endpoint\tZapitinib\tPlacebo\nORR\t46.3%\t12.1%\n\nA | B is not a table.\n"
    tables = find_tables(source)
    assert len(tables) == 1
    assert [[source[c.start : c.end] for c in row.cells] for row in tables[0].rows] == [
        ["Endpoint", "Zapitinib", "Placebo"],
        ["ORR", "46.3%", "12.1%"],
    ]
    assert find_tables("| just one row |\n\nand text\n") == []
    page = render_review_html(_record({}, source=source), source)
    assert "<tr><td>ORR</td><td>46.3%</td><td>12.1%</td></tr>" in page
    assert "A | B is not a table." in page


def test_a_summary_with_no_facts_is_flagged_at_the_top():
    page = render_review_html(_record({}), SOURCE)
    banner = re.search(r'<p class="banner" id="no-facts"[^>]*>([^<]*)</p>', page)
    assert banner and NO_FACTS_WARNING in banner[1]
    assert page.index('id="no-facts"') < page.index("<main>") < page.index('id="headline"')
    with_a_fact = render_review_html(_record({"drugs": [_drug([_evidence("Zapitinib")])]}), SOURCE)
    assert 'id="no-facts"' not in with_a_fact


def test_the_index_lists_documents_by_headline_companies_events_and_date():
    record = _record(
        {
            "document": {
                "language": "en",
                "date_as_stated": "2 January 2025",
                "date_iso": "2025-01-02",
            },
            "event_types": ["regulatory", "deal"],
            "companies": [{"name": "Acme Bio", "evidence": [_evidence("Acme Bio")]}],
            "drugs": [_drug([_evidence("Zapitinib")])],
            "regulatory_events": [
                {"agency": "NMPA", "action": "approval", "evidence": [_evidence("NMPA approved")]}
            ],
            "deals": [{"deal_type": "licensing", "evidence": [_evidence("Acme Bio")]}],
        }
    )
    empty = _record({"headline": "Nothing to see"})
    page = render_index_html(
        [
            index_entry("docs/a1b2c3.txt", "docs/a1b2c3.txt.html", "done", record),
            index_entry("docs/empty.txt", "docs/empty.txt.html", "done", empty),
        ]
    )
    row = re.search(r'<tr class="done">(.*?)</tr>', page)
    assert row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[1])
    assert cells == [
        '<a href="docs/a1b2c3.txt.html">Acme&#x27;s Zapitinib approved</a>'
        '<span class="doc-id">docs/a1b2c3.txt</span>',
        "2025-01-02",
        "Acme Bio",
        'regulatory, deal<span class="events">approval (NMPA), licensing deal</span>',
        "Zapitinib",
        "done",
    ]
    assert "<th>Error</th>" not in page  # nothing failed: no column of blanks
    assert re.search(r'<tr class="done no-facts">.*Nothing to see.*no facts</span>', page)
    assert "done 2 · 1 with no facts" in page


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


PAGE_TEXT = "#1d2330"
"""The page's text colour (``body{color:...}``), the colour highlighted text keeps."""


@pytest.mark.parametrize("colour", PALETTE, ids=lambda colour: colour.edge)
def test_every_highlight_colour_keeps_text_readable(colour):
    assert f"color:{PAGE_TEXT}" in render_review_html(_record({}), SOURCE)
    assert _contrast(PAGE_TEXT, colour.tint) >= 7  # WCAG AAA for text on a highlight
    assert _contrast("#ffffff", colour.edge) >= 4.5  # a selected highlight: white on the edge
