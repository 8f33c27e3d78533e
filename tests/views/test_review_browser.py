"""The review page in a real headless browser (Debian's chromium, driven by Selenium).

The page for seed 004 is made from the recorded cassette, opened from a
file:// URL, and clicked: highlights, fact selection, scrolling, the
provenance footer, and that the page requested nothing. The devset's release
whose results are only in a table is shown with a hand-made record quoting
two of the table's rows: colours per fact, caveats first, fact names, the table
drawn as a table with its quoted rows highlighted, and a click on a result
marking its row. A hand-made record with no facts shows its warning on top.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemas import FACT_LISTS, SummaryRecord
from summarise import cli
from summarise.pipeline.document import read_source
from summarise.runs.review import write_review
from summarise.views.review import MAX_SOURCE_BYTES, render_review_html
from tests.conftest import ROOT
from tests.views import handmade_records
from tests.views.browser import IN_VIEW, assert_nothing_requested_and_no_errors, open_page

SEED = "seeds/004_7991593d504d95ac.txt"
TABLE_DOCUMENT = ROOT / "eval/devset/docs/d07_results_html_table.html"
SHARED_SCREENSHOT = Path("/tmp/review_screenshot.png")
"""The table page with a result selected: colours, names, caveats first and the table at once."""
SEED_SCREENSHOT = Path("/tmp/review_screenshot_seed.png")

pytestmark = pytest.mark.slow


def _record_004(tmp_path: Path, monkeypatch) -> SummaryRecord:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.chdir(ROOT)  # the record's source_file is relative, as on the command line
    out = tmp_path / "out"
    args = ["run", "--replay", "cassettes", SEED, "-o", str(out), "--format", "none"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    return SummaryRecord.model_validate_json(
        (out / "summaries" / f"{Path(SEED).name}.json").read_text(encoding="utf-8")
    )


def _aligned_quotes(record: SummaryRecord) -> list[tuple[str, int, int, str]]:
    """(fact id, start, end, quote) of every aligned quote, facts in page order."""
    found = []
    for section in FACT_LISTS:
        for index, fact in enumerate(getattr(record.summary, section)):
            facts = [(f"{section}-{index}", fact)]
            for number, result in enumerate(getattr(fact, "results", [])):
                facts.append((f"{section}-{index}-results-{number}", result))
            for fact_id, each in facts:
                for evidence in each.evidence:
                    if evidence.alignment != "unaligned" and evidence.start is not None:
                        found.append((fact_id, evidence.start, evidence.end, evidence.quote))
    return found


def test_review_page_in_headless_chromium(tmp_path, monkeypatch, browser):
    from selenium.webdriver.common.by import By

    record = _record_004(tmp_path, monkeypatch)
    page = write_review(record, tmp_path / "review" / "004.html")
    aligned = _aligned_quotes(record)
    assert aligned, "seed 004's recorded summary has aligned quotes"

    open_page(browser, page)
    assert not browser.find_elements(By.ID, "source-unavailable")

    marks = browser.find_elements(By.CSS_SELECTOR, "mark")
    assert len(marks) >= len(aligned)
    _, first_start, _, first_quote = min(aligned, key=lambda q: (q[1], -q[2]))
    first_text = browser.execute_script("return document.querySelector('mark').textContent")
    assert first_text == first_quote or (first_text and first_quote.startswith(first_text))
    assert browser.execute_script(
        "return document.querySelector('mark').getAttribute('data-fact')"
    ) in {fact_id for fact_id, start, _, _ in aligned if start == first_start}

    # The fact whose first quote is furthest down the source: off screen until clicked.
    firsts: dict[str, int] = {}
    for fact_id, start, _, _ in aligned:
        firsts.setdefault(fact_id, start)
    far_fact = max(firsts, key=firsts.get)
    fact = browser.find_element(By.ID, f"fact-{far_fact}")
    fact_marks = browser.find_elements(By.CSS_SELECTOR, f'mark[data-fact="{far_fact}"]')
    assert fact_marks
    target = browser.find_element(By.ID, fact.get_attribute("data-first-quote"))
    assert not browser.execute_script(IN_VIEW, target), "the test needs an off-screen quote"
    scrolled_before = browser.execute_script(
        "return [window.scrollY, document.getElementById('source').scrollTop]"
    )

    fact.find_element(By.CSS_SELECTOR, ".fact-title").click()

    assert "active" in fact.get_attribute("class").split()
    for mark in fact_marks:
        assert "active" in mark.get_attribute("class").split()
    assert browser.execute_script(IN_VIEW, target)
    scrolled_after = browser.execute_script(
        "return [window.scrollY, document.getElementById('source').scrollTop]"
    )
    assert scrolled_after != scrolled_before
    other_active = browser.find_elements(By.CSS_SELECTOR, ".active")
    assert all(element.get_attribute("data-fact") == far_fact for element in other_active), (
        "only the clicked fact and its marks are active"
    )
    browser.save_screenshot(str(tmp_path / "review.png"))
    shutil.copyfile(tmp_path / "review.png", SEED_SCREENSHOT)

    # Clicking a highlight marks its fact (and the facts of the marks around it).
    first_mark = browser.find_element(By.CSS_SELECTOR, "mark")
    first_mark.click()
    mark_fact = first_mark.get_attribute("data-fact")
    assert "active" in browser.find_element(By.ID, f"fact-{mark_fact}").get_attribute("class")
    assert "active" not in fact.get_attribute("class").split()

    footer = browser.find_element(By.ID, "provenance")
    assert "gemma-3-270m" in footer.text
    assert record.provenance.prompt_version in footer.text

    assert_nothing_requested_and_no_errors(browser)


PFS_ROW = (
    "| Median PFS by BICR, months (primary endpoint) | 7.4 | 3.6 | 0.58 (0.46–0.73) | <0.0001 |"
)
ORR_ROW = (
    "| ORR by BICR, % (secondary endpoint; patients with measurable disease, n=262 and n=128) "
    "| 28.2 | 9.4 | – | 0.0003 |"
)


def _handmade_table_record(source: str) -> SummaryRecord:
    """A hand-made summary of the devset's table-only release (no model wrote it)."""

    def quoted(*quotes: str) -> list[dict]:
        return [handmade_records.evidence(quote, source) for quote in quotes]

    return handmade_records.handmade_record(
        {
            "event_types": ["trial_results"],
            "headline": "Pelvocertib plus fulvestrant met its PFS primary endpoint in TIDEMARK-1",
            "summary": "Ashgrove reported topline Phase 3 TIDEMARK-1 results.",
            "caveats": [
                {
                    "kind": "analysis_limitation",
                    "description": "Overall survival is immature; its p-value is descriptive.",
                    "evidence": quoted(
                        "Overall survival (OS), a key secondary endpoint, was immature at the "
                        "time of this analysis and did not reach statistical significance"
                    ),
                }
            ],
            "drugs": [
                {
                    "name": "Pelvocertib",
                    "development_codes": ["ASG-1709"],
                    "modality": "small_molecule",
                    "targets": ["CDK2"],
                    "evidence": quoted(
                        "Pelvocertib (ASG-1709) is an investigational, oral, highly selective "
                        "small-molecule inhibitor of cyclin-dependent kinase 2 (CDK2)"
                    ),
                }
            ],
            "companies": [
                {
                    "name": "Ashgrove Therapeutics",
                    "tickers": [{"exchange": "Nasdaq", "symbol": "ASGV"}],
                    "evidence": quoted("Ashgrove Therapeutics, Inc. (Nasdaq: ASGV)"),
                }
            ],
            "trials": [
                {
                    "drug": "pelvocertib",
                    "identifier": "TIDEMARK-1",
                    "phase": "phase_3",
                    "enrolled": 510,
                    "sites": 198,
                    "evidence": quoted(
                        "The trial randomized 510 patients 2:1 at 198 sites in North America, "
                        "Europe and Asia-Pacific."
                    ),
                    "results": [
                        {
                            "endpoint": "Median PFS",
                            "arm_value": 7.4,
                            "comparator_value": 3.6,
                            "unit": "months",
                            "evidence": quoted(PFS_ROW),
                        },
                        {
                            "endpoint": "ORR",
                            "arm_value": 28.2,
                            "comparator_value": 9.4,
                            "unit": "%",
                            "evidence": quoted(ORR_ROW),
                        },
                    ],
                }
            ],
        },
        source,
    )


_STYLE_OF = "return getComputedStyle(arguments[0])[arguments[1]]"


def test_colours_names_caveats_and_a_table_in_headless_chromium(tmp_path, browser):
    from selenium.webdriver.common.by import By

    source = read_source(TABLE_DOCUMENT, MAX_SOURCE_BYTES).cleaned
    page = tmp_path / "review" / "d07.html"
    page.parent.mkdir()
    page.write_text(render_review_html(_handmade_table_record(source), source), encoding="utf-8")
    open_page(browser, page)

    facts = browser.find_elements(By.CSS_SELECTOR, "#summary .fact")
    titles = [fact.find_element(By.CSS_SELECTOR, ".fact-title").text for fact in facts]
    assert titles == [
        "Caveat: analysis limitation",
        "Drug: Pelvocertib",
        "Company: Ashgrove Therapeutics",
        "Trial: Phase 3 (TIDEMARK-1)",
        "Result: Median PFS 7.4 months vs 3.6 months",
        "Result: ORR 28.2% vs 9.4%",
    ]
    assert "caveat" in facts[0].get_attribute("class").split()  # caveats come first

    def first_mark(fact_id: str):
        return browser.find_element(By.CSS_SELECTOR, f'mark[data-fact="{fact_id}"]')

    def swatch(fact_id: str):
        return browser.find_element(By.CSS_SELECTOR, f"#fact-{fact_id} .swatch")

    backgrounds = {
        fact_id: browser.execute_script(_STYLE_OF, first_mark(fact_id), "backgroundColor")
        for fact_id in ("drugs-0", "companies-0", "caveats-0")
    }
    assert len(set(backgrounds.values())) == 3, backgrounds  # each fact its own colour
    for fact_id, background in backgrounds.items():  # the card's swatch shows the same colour
        assert browser.execute_script(_STYLE_OF, swatch(fact_id), "backgroundColor") == background

    table = browser.find_element(By.CSS_SELECTOR, "#source table.source-table")
    rows = table.find_elements(By.TAG_NAME, "tr")
    assert len(rows) == 5  # caption, header and three results; the delimiter rows are gone
    assert [th.text for th in rows[1].find_elements(By.TAG_NAME, "th")] == [
        "Endpoint",
        "Pelvocertib + fulvestrant (n=340)",
        "Placebo + fulvestrant (n=170)",
        "Hazard ratio (95% CI)",
        "p-value",
    ]
    assert "|" not in table.text
    pfs_cells = rows[2].find_elements(By.TAG_NAME, "td")
    pfs_lefts = {cell.location["x"] for cell in pfs_cells}
    assert len(pfs_lefts) == 5  # five cells side by side: laid out as a table, not as text
    for cell in pfs_cells:  # the quoted row is highlighted in every cell
        assert cell.find_element(By.CSS_SELECTOR, 'mark[data-fact="trials-0-results-0"]')
    orr_mark = rows[4].find_element(By.CSS_SELECTOR, 'mark[data-fact="trials-0-results-1"]')
    pfs_mark = pfs_cells[0].find_element(By.TAG_NAME, "mark")
    assert browser.execute_script(_STYLE_OF, pfs_mark, "backgroundColor") != (
        browser.execute_script(_STYLE_OF, orr_mark, "backgroundColor")
    )

    result = browser.find_element(By.ID, "fact-trials-0-results-0")
    result.find_element(By.CSS_SELECTOR, ".fact-title").click()
    assert "active" in result.get_attribute("class").split()
    active_marks = browser.find_elements(By.CSS_SELECTOR, "mark.active")
    assert len(active_marks) == 5
    assert all(mark.get_attribute("data-fact") == "trials-0-results-0" for mark in active_marks)
    assert browser.execute_script(IN_VIEW, pfs_mark)
    edge = browser.execute_script(_STYLE_OF, result, "borderLeftColor")
    assert browser.execute_script(_STYLE_OF, pfs_mark, "backgroundColor") == edge
    browser.save_screenshot(str(SHARED_SCREENSHOT))
    assert_nothing_requested_and_no_errors(browser)


def test_a_page_with_no_facts_is_flagged_at_the_top_in_headless_chromium(tmp_path, browser):
    from selenium.webdriver.common.by import By

    source = "Acme Bio will hold its annual meeting in June.\n"
    record = handmade_records.handmade_record(  # hand-made: a summary that found nothing to ground
        {"event_types": ["corporate"], "headline": "Acme Bio annual meeting", "summary": source},
        source,
    )
    page = tmp_path / "empty.html"
    page.write_text(render_review_html(record, source), encoding="utf-8")
    open_page(browser, page)
    banner = browser.find_element(By.ID, "no-facts")
    assert banner.is_displayed()
    assert banner.text.startswith("Warning: no facts")
    assert browser.execute_script(IN_VIEW, banner)
    assert banner.location["y"] < browser.find_element(By.ID, "headline").location["y"]
    assert not browser.find_elements(By.CSS_SELECTOR, ".fact")
    assert_nothing_requested_and_no_errors(browser)
