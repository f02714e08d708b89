"""The operator page in a real browser (headless Chromium from the OS, driven by Selenium): type
a draft, see the risky span highlighted and the verdict, and prove that markup in a message,
in a wordlist entry or in an uploaded log is shown as text and never run.

The app runs behind werkzeug's threaded server on a free loopback port. Skips only when the
chromium / chromedriver binaries are missing (apt-get install chromium chromium-driver)."""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("chromium and chromedriver binaries not found (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
#: A user wordlist whose channel name is markup: it reaches the page as finding.canonical/message.
EVIL_LIST = "[platform evil <img/src='x'/onerror='window.__pwned=3'>]\nevilgram\n"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from werkzeug.serving import make_server

    from checker.config import Settings
    from web import create_app

    tmp = tmp_path_factory.mktemp("page")
    (tmp / "lists").mkdir()
    (tmp / "lists" / "evil.txt").write_text(EVIL_LIST, encoding="utf-8")
    settings = Settings(wordlist_dirs=[tmp / "lists"], cache_dir=tmp / "cache")
    app = create_app({"env": {}, "settings": settings, "server": {"rate_limit": 0}})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=390,844", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(20)
    yield d
    d.quit()


@pytest.fixture
def page(driver, base_url):
    driver.get(base_url + "/")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return driver


def wait_for_result(d, draft: str) -> str:
    """Wait until the page shows the verdict for exactly this draft; return the verdict."""
    WebDriverWait(d, 10).until(lambda d: d.execute_script(
        "const r = document.getElementById('result');"
        "return !r.hidden && document.getElementById('highlighted').textContent === arguments[0];", draft))
    return d.find_element(By.ID, "verdict").get_attribute("data-verdict")


def set_draft(d, text: str) -> None:
    """Set the textarea like a paste (ChromeDriver cannot type characters outside the BMP)."""
    d.execute_script("const t = document.getElementById('draft'); t.value = arguments[0];"
                     "t.dispatchEvent(new Event('input', {bubbles: true}));", text)


def assert_nothing_ran(d) -> None:
    assert d.execute_script("return window.__pwned === undefined"), "injected markup ran"
    assert d.find_elements(By.CSS_SELECTOR, "#result img, #result script, #audit-result img") == []


def test_typed_draft_is_highlighted_with_verdict_and_markup_stays_text(page):
    draft = "亲，加我微信 mm5566 领券 " + XSS
    box = page.find_element(By.ID, "draft")
    box.send_keys(draft)
    assert wait_for_result(page, draft) == "block"
    marks = page.find_elements(By.CSS_SELECTOR, "#highlighted mark")
    assert "加我微信" in [m.text for m in marks]
    assert all("sev-block" in m.get_attribute("class") or "sev-review" in m.get_attribute("class") for m in marks)
    assert "block" in page.find_element(By.ID, "verdict").text.lower()
    # the reason and the suggested rewrite are listed
    findings = page.find_element(By.ID, "findings").text
    assert "微信" in findings and "建议改为" in findings
    # the markup is visible as characters, not elements
    assert XSS in page.find_element(By.ID, "highlighted").text
    assert_nothing_ran(page)


def test_offsets_survive_characters_outside_the_bmp(page):
    draft = "😀🎉 欢迎！加我微信 mm5566"
    set_draft(page, draft)
    assert wait_for_result(page, draft) == "block"
    marks = [m.text for m in page.find_elements(By.CSS_SELECTOR, "#highlighted mark")]
    assert "加我微信" in marks, marks


def test_wordlist_markup_is_shown_as_text(page):
    draft = "加我evilgram"
    page.find_element(By.ID, "draft").send_keys(draft)
    assert wait_for_result(page, draft) == "block"
    assert "<img/src='x'/onerror='window.__pwned=3'>" in page.find_element(By.ID, "findings").text
    assert_nothing_ran(page)


def test_harmless_draft_passes_without_highlight(page):
    draft = "北京东路店今天上新了V领毛衣"
    page.find_element(By.ID, "draft").send_keys(draft)
    assert wait_for_result(page, draft) == "pass"
    assert page.find_elements(By.CSS_SELECTOR, "#highlighted mark") == []


def test_replace_applies_the_suggestion_and_rechecks(page):
    draft = "有问题加我微信"
    page.find_element(By.ID, "draft").send_keys(draft)
    assert wait_for_result(page, draft) == "block"
    page.find_element(By.CSS_SELECTOR, "#findings button").click()
    WebDriverWait(page, 10).until(lambda d: d.find_element(By.ID, "draft").get_attribute("value") != draft)
    new = page.find_element(By.ID, "draft").get_attribute("value")
    assert "微信" not in new and new.startswith("有问题")
    assert wait_for_result(page, new) == "pass"


def test_fits_a_phone_screen(driver, base_url):
    """375 px CSS viewport, as on a phone (mobile emulation also honours the viewport meta)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    try:
        driver.get(base_url + "/")
        draft = "x" * 400 + " 加我微信"  # one long unbroken word must wrap, not widen the page
        set_draft(driver, draft)
        assert wait_for_result(driver, draft) == "block"
        width = driver.execute_script("return document.documentElement.clientWidth")
        assert width == 375
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        for el in ("draft", "platform", "check-btn", "highlighted", "findings"):
            rect = driver.execute_script("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                                         "return [r.left, r.right];", el)
            assert 0 <= rect[0] and rect[1] <= width, (el, rect)
        # touch-sized button
        assert driver.find_element(By.ID, "check-btn").size["height"] >= 40
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_audit_upload_shows_a_summary_and_escapes_records(page, tmp_path):
    log = tmp_path / "group.jsonl"
    rows = [{"id": "r1", "text": "加我微信 mm5566 " + XSS}, {"id": "r2", "text": "今天发货"}, "not json"]
    log.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
                   encoding="utf-8")
    page.find_element(By.ID, "logfile").send_keys(str(log))
    page.find_element(By.ID, "audit-btn").click()
    WebDriverWait(page, 10).until(lambda d: d.find_element(By.ID, "audit-result").is_displayed())
    summary = page.find_element(By.ID, "audit-summary").text
    assert "记录 3" in summary and "无法解析 1" in summary and "block 1" in summary
    flagged = page.find_element(By.ID, "audit-flagged").text
    assert "#r1" in flagged and "#3" in flagged and "#r2" not in flagged
    assert_nothing_ran(page)


def test_page_loads_nothing_from_outside(page, base_url):
    urls = page.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(base_url + "/") for u in urls), urls
    html = page.page_source
    assert "https://" not in html and "http://" not in html.replace(base_url, "")


def test_static_assets_never_use_innerhtml():
    """The script builds every node with textContent; keep it that way."""
    js = (Path(__file__).resolve().parent.parent / "web" / "static" / "app.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code
