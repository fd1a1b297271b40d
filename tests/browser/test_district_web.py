"""The district office's web pages in a real headless Chromium (Debian's chromium and chromedriver,
driven by Selenium) against the real server process: a clerk signs in, finds the station whose shift
is incomplete, filters the households below target, opens a statement and downloads a CSV."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    if os.environ.get("CI"):
        pytest.fail("chromium and chromedriver are not installed (.ci/run installs them)", pytrace=False)
    pytest.skip("needs Debian's chromium and chromium-driver", allow_module_level=True)

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never fetch a driver of its own

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A district server on 127.0.0.1 holding one station's two shifts (the second missing its last
    sale) and two households; served by uvicorn in a thread, as `pos-server serve` does."""
    import uvicorn

    from tests.server.district_day import district_with_two_shifts

    app, engine = district_with_two_shifts(tmp_path_factory.mktemp("district"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(tmp_path / "downloads"), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _sign_in(browser: webdriver.Chrome, site: str, password: str = "district-pass-1") -> None:
    browser.get(f"{site}/district/")
    assert browser.current_url.endswith("/district/login")  # nothing before signing in
    browser.find_element(By.ID, "username").send_keys("district")
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form.signin button").click()


def test_a_clerk_signs_in_and_checks_the_shifts(browser: webdriver.Chrome, site: str) -> None:
    _sign_in(browser, site, password="not-the-password")
    assert "用户名或密码错误" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    browser.find_element(By.ID, "password").clear()
    browser.find_element(By.ID, "password").send_keys("district-pass-1")
    browser.find_element(By.CSS_SELECTOR, "form.signin button").click()
    WebDriverWait(browser, 10).until(ec.title_contains("站点"))
    stations = browser.find_element(By.TAG_NAME, "table").text
    assert "TZ01 通州社区扶贫超市" in stations and "快 8 分钟" in stations  # the till's clock, off
    browser.find_element(By.LINK_TEXT, "TZ01 通州社区扶贫超市").click()
    WebDriverWait(browser, 10).until(ec.title_contains("班次对账"))  # the new page, not the old one's text
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "已对平" in page and "不完整" in page
    assert "缺失小票：TZ01-01-000007" in page
    assert "销售额：收银台 ¥22.30，区里收到 ¥20.80" in page
    browser.find_element(By.CSS_SELECTOR, "header button").click()  # sign out
    WebDriverWait(browser, 10).until(ec.url_contains("/district/login"))
    browser.get(f"{site}/district/stations/TZ01")
    assert browser.current_url.endswith("/district/login")


def test_a_clerk_filters_households_opens_a_statement_and_downloads_it(
    browser: webdriver.Chrome, site: str, tmp_path: Path
) -> None:
    _sign_in(browser, site)
    WebDriverWait(browser, 10).until(ec.title_contains("站点"))
    browser.find_element(By.LINK_TEXT, "帮扶农户").click()
    WebDriverWait(browser, 10).until(ec.title_contains("帮扶农户"))
    browser.find_element(By.NAME, "below").click()
    browser.find_element(By.NAME, "q").send_keys("桂兰")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    WebDriverWait(browser, 10).until(ec.url_contains("below=1"))  # the filtered page has loaded
    rows = browser.find_elements(By.CSS_SELECTOR, "#households tbody tr")
    assert len(rows) == 1 and rows[0].text.startswith("SC-001 张桂兰")
    assert "帮扶农户收入进度分布" in browser.find_element(By.TAG_NAME, "figcaption").text
    rows[0].find_element(By.LINK_TEXT, "SC-001").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/district/households/SC-001"))
    statement = browser.find_element(By.TAG_NAME, "main").text
    assert "TZ01-01-000001" in statement and "农家土鸡蛋(张桂兰)" in statement
    browser.find_element(By.LINK_TEXT, "CSV").click()
    target = tmp_path / "downloads" / "household-SC-001.csv"
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("时间（北京时间）,站点,类型") and "TZ01-01-000005" in text


def test_a_clerk_reads_the_growers_demand_on_the_report(browser: webdriver.Chrome, site: str) -> None:
    _sign_in(browser, site)
    WebDriverWait(browser, 10).until(ec.title_contains("站点"))
    browser.find_element(By.LINK_TEXT, "区级报表").click()
    WebDriverWait(browser, 10).until(ec.title_contains("区级报表"))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "帮扶品种周需求" in page and "11-16 周" in page  # eight weeks, to this week
    eggs = next(r for r in browser.find_elements(By.CSS_SELECTOR, "tr") if r.text.startswith("农家土鸡蛋"))
    assert "农户代销" in eggs.text and "件" in eggs.text
