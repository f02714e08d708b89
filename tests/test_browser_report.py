"""The audit's HTML report in a real headless Chromium (driven by Selenium): it renders, its
charts draw, names from the log stay text, and the page makes no request beyond its own file.

Requests are read from Chrome's performance log (DevTools Network events); a control page with
an external image proves that this check sees requests when there are some. Skipped only when
the chromium / chromedriver binaries (Debian: apt-get install chromium chromium-driver) or the
selenium package are missing."""
from __future__ import annotations

import json
import shutil

import pytest

from audit_fixtures import EXAMPLES, audit_cli, write_jsonl  # noqa: F401 (fixture)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)")

HOSTILE = '<img src=x onerror=alert(1)>"tricky'


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--window-size=1280,1800", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def load(driver, path) -> tuple[list[str], list[dict]]:
    """Open a local file; return the URLs the page requested and its console messages."""
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get_log("browser")
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls, driver.get_log("browser")


def external(urls: list[str]) -> list[str]:
    """Requests that leave the machine. chrome:// is the browser's own UI (its start page may
    still be loading); a file:// page cannot load from it."""
    return [u for u in urls if not u.startswith(("file://", "data:", "about:", "chrome://", "chrome-untrusted://"))]


def test_report_renders_its_charts_and_requests_nothing(browser, audit_cli, tmp_path):
    report = tmp_path / "report.html"
    res = audit_cli(EXAMPLES / "group-log.jsonl", "--html", report, "--quiet")
    assert res.exit_code == 1 and report.exists()
    urls, console = load(browser, report)
    assert external(urls) == [] and report.as_uri() in urls
    assert [m for m in console if m["level"] == "SEVERE"] == []
    assert browser.title == "msgcheck audit report"
    charts = browser.execute_script("""
        return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
          const box = svg.getBoundingClientRect();
          const bars = Array.from(svg.querySelectorAll('rect.bar')).map(r => r.getBBox())
                            .filter(b => b.width > 0 && b.height > 0);
          return {name: svg.dataset.chart, w: box.width, h: box.height, bars: bars.length};
        });""")
    by_name = {c["name"]: c for c in charts}
    assert set(by_name) == {"timeline", "categories", "senders", "groups"}
    for c in charts:
        assert c["w"] > 100 and c["h"] > 20 and c["bars"] > 0, c
    assert by_name["timeline"]["bars"] >= 5  # findings spread over the day
    fill = browser.execute_script(
        "return getComputedStyle(document.querySelector('#timeline rect.s-block')).fill")
    assert fill == "rgb(201, 58, 58)"  # the inline stylesheet applied
    text = browser.find_element("tag name", "body").text
    for needle in ("好物小铺客服", "刷屏小王", "group-log.jsonl:61", "Findings over time"):
        assert needle in text


def test_names_from_the_log_stay_text(browser, audit_cli, tmp_path):
    log = write_jsonl(tmp_path / "log.jsonl", [
        {"text": "加我微信 zz9988", "sender": HOSTILE, "group": "<b>群</b>", "ts": 1709255702 + i}
        for i in range(3)])
    report = tmp_path / "report.html"
    audit_cli(log, "--html", report, "--quiet")
    urls, console = load(browser, report)
    assert external(urls) == []
    assert browser.execute_script("return document.querySelectorAll('img, b').length") == 0
    assert browser.execute_script("return document.body.textContent.includes(arguments[0])", HOSTILE)
    assert "<b>群</b>" in browser.find_element("tag name", "body").text
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def test_the_request_check_sees_requests(browser, tmp_path):
    """Control: a page with an external image is caught by the same check."""
    page = tmp_path / "control.html"
    page.write_text('<!doctype html><title>c</title><img src="http://127.0.0.1:9/pixel.png">', encoding="utf-8")
    urls, _ = load(browser, page)
    assert external(urls) == ["http://127.0.0.1:9/pixel.png"]
