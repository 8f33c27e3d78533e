"""The HTML digest in a real headless browser (Debian's chromium, driven by Selenium).

The digest of the test archive (``tests/digest_archive.py``: the seeds and the
development set with two rewrites each, summarised through answers derived from the
gold, no model) is opened from a file:// URL: its sections, one row per event, the
planted conflict flagged with both amounts side by side; then a source of the conflicting
deal is followed to its review page, which opens with that deal and its quotes selected.
Both pages are saved as screenshots to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise import cli
from tests.views.browser import IN_VIEW, assert_nothing_requested_and_no_errors, open_page

DIGEST_SCREENSHOT = Path("/tmp/digest_screenshot.png")
SOURCE_SCREENSHOT = Path("/tmp/digest_source_screenshot.png")
CONFLICTING_SOURCE = "devset/d05_co_development_equity.rewrite2.txt"

pytestmark = pytest.mark.slow


def test_the_html_digest_links_a_conflicting_deal_to_its_source_in_chromium(
    digest_archive, browser, tmp_path
):
    from selenium.webdriver.common.by import By

    result = CliRunner().invoke(cli.app, ["digest", str(digest_archive.run), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = digest_archive.run / "review" / "digest.html"
    open_page(browser, page)

    headings = [h2.text for h2 in browser.find_elements(By.CSS_SELECTOR, "h2")]
    assert headings == ["News", "Trials", "Deals", "Background"]
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 74
    (conflicted,) = browser.find_elements(By.CSS_SELECTOR, "tr.conflict")
    assert "co-development deal" in conflicted.text
    conflict = conflicted.find_element(By.CSS_SELECTOR, "li.conflict")
    assert conflict.text == "upfront: 40,000,000 USD (2 sources) ≠ 45,000,000 USD (1 source)"
    assert conflicted.find_element(By.CSS_SELECTOR, ".badge.conflict").text == "conflict"
    sources = conflicted.find_elements(By.CSS_SELECTOR, "ol.sources a")
    assert len(sources) == 3

    filter_box = browser.find_element(By.ID, "filter")
    filter_box.send_keys("TLV-580")
    shown = [row for row in rows if row.is_displayed()]
    assert len(shown) == 3  # its trial, its co-development and its co-commercialisation
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", conflicted)
    browser.save_screenshot(str(tmp_path / "digest.png"))
    shutil.copyfile(tmp_path / "digest.png", DIGEST_SCREENSHOT)
    assert_nothing_requested_and_no_errors(browser)

    (link,) = [a for a in sources if a.text == CONFLICTING_SOURCE]
    link.click()

    assert browser.current_url.endswith(".rewrite2.txt.html#fact-deals-0")
    fact = browser.find_element(By.ID, "fact-deals-0")
    assert "active" in fact.get_attribute("class").split()
    marks = browser.find_elements(By.CSS_SELECTOR, 'mark[data-fact="deals-0"]')
    assert marks and all("active" in mark.get_attribute("class").split() for mark in marks)
    assert any("US$45 million" in mark.text for mark in marks)
    assert browser.execute_script(IN_VIEW, fact)
    assert browser.execute_script(IN_VIEW, marks[0])
    browser.save_screenshot(str(tmp_path / "source.png"))
    shutil.copyfile(tmp_path / "source.png", SOURCE_SCREENSHOT)
    browser.back()
    assert browser.current_url == page.resolve().as_uri()
