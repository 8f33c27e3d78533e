"""The review page in a real headless browser (Debian's chromium, driven by Selenium).

The page for seed 004 is made from the recorded cassette, opened from a
file:// URL, and clicked: highlights, fact selection, scrolling, the
provenance footer, and that the page requested nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemas import FACT_LISTS, SummaryRecord
from summarise import cli
from summarise.runs.review import write_review
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SEED = "seeds/004_7991593d504d95ac.txt"
SHARED_SCREENSHOT = Path("/tmp/review_screenshot.png")

pytestmark = pytest.mark.slow


@pytest.fixture
def browser(tmp_path):
    if not CHROMIUM.is_file() or not CHROMEDRIVER.is_file():
        pytest.skip("chromium or chromedriver missing: apt-get install -y chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,800",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


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


_IN_VIEW = """
const box = arguments[0].getBoundingClientRect();
return box.bottom > 0 && box.top < window.innerHeight && box.right > 0
    && box.left < window.innerWidth;
"""


def test_review_page_in_headless_chromium(tmp_path, monkeypatch, browser):
    from selenium.webdriver.common.by import By

    record = _record_004(tmp_path, monkeypatch)
    page = write_review(record, tmp_path / "review" / "004.html")
    aligned = _aligned_quotes(record)
    assert aligned, "seed 004's recorded summary has aligned quotes"

    browser.get("about:blank")
    browser.get_log("performance")  # drain what the start page loaded before ours
    browser.get(page.resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
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
    assert not browser.execute_script(_IN_VIEW, target), "the test needs an off-screen quote"
    scrolled_before = browser.execute_script(
        "return [window.scrollY, document.getElementById('source').scrollTop]"
    )

    fact.find_element(By.CSS_SELECTOR, ".fact-title").click()

    assert "active" in fact.get_attribute("class").split()
    for mark in fact_marks:
        assert "active" in mark.get_attribute("class").split()
    assert browser.execute_script(_IN_VIEW, target)
    scrolled_after = browser.execute_script(
        "return [window.scrollY, document.getElementById('source').scrollTop]"
    )
    assert scrolled_after != scrolled_before
    other_active = browser.find_elements(By.CSS_SELECTOR, ".active")
    assert all(element.get_attribute("data-fact") == far_fact for element in other_active), (
        "only the clicked fact and its marks are active"
    )
    browser.save_screenshot(str(tmp_path / "review.png"))
    shutil.copyfile(tmp_path / "review.png", SHARED_SCREENSHOT)

    # Clicking a highlight marks its fact (and the facts of the marks around it).
    first_mark = browser.find_element(By.CSS_SELECTOR, "mark")
    first_mark.click()
    mark_fact = first_mark.get_attribute("data-fact")
    assert "active" in browser.find_element(By.ID, f"fact-{mark_fact}").get_attribute("class")
    assert "active" not in fact.get_attribute("class").split()

    footer = browser.find_element(By.ID, "provenance")
    assert "gemma-3-270m" in footer.text
    assert record.provenance.prompt_version in footer.text

    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    requested = [
        message["params"]["request"]["url"]
        for entry in browser.get_log("performance")
        if (message := json.loads(entry["message"])["message"])["method"]
        == "Network.requestWillBeSent"
    ]
    assert all(url.startswith("file://") for url in requested), requested
    browser_errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not browser_errors, browser_errors
