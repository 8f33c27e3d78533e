"""Helpers of the browser tests: a page opened from a file URL, and checks that it loaded
nothing and logged no error. The ``browser`` fixture is in this folder's conftest."""

from __future__ import annotations

import json
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

IN_VIEW = """
const box = arguments[0].getBoundingClientRect();
return box.bottom > 0 && box.top < window.innerHeight && box.right > 0
    && box.left < window.innerWidth;
"""


def open_page(browser, page: Path) -> None:
    browser.get("about:blank")
    browser.get_log("performance")  # drain what the start page loaded before ours
    browser.get(page.resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def assert_nothing_requested_and_no_errors(browser) -> None:
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
