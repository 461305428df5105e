"""A lawyer's session in headless Chromium: log in, open the scanned verdict from the queue, see a field's
evidence box on the page image, correct a sentence length and a victim's compensation outcome with the
keyboard, confirm the record, reload and see it saved, export it. Saves the README's screenshot."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from .conftest_browser import PASSWORD, REPO, ReviewSite, browser, downloads, live_server  # noqa: F401

pytestmark = pytest.mark.timeout(600)

SCREENSHOT = REPO / "docs" / "images" / "review-verdict.png"
PRISON = "defendants[0].sentence.prison_months"
OUTCOME = "victims[1].compensation.outcome"


def wait_for(condition, timeout: float = 20.0, what: str = "the page"):
    """Poll until ``condition()`` is truthy (the browser renders page images and saves asynchronously)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
        except Exception as exc:  # noqa: BLE001 - stale elements while the form is re-rendered
            last = exc
        if last and not isinstance(last, Exception):
            return last
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def field(driver, path: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'#record .field[data-path="{path}"]')


def pick(driver, path: str) -> None:
    """Click a field's row (not its input): it becomes current and its evidence is shown."""
    row = field(driver, path)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.find_element("css selector", ".side .badge").click()
    wait_for(lambda: "current" in field(driver, path).get_attribute("class"), what=f"{path} to be current")


def keys(driver, *sequence: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*sequence).perform()


def record_version(driver) -> int:
    from selenium.webdriver.common.by import By

    return int(driver.find_element(By.ID, "record").get_attribute("data-version"))


def open_for_editing(driver, site: ReviewSite, user: str) -> None:
    """Log in as ``user`` and open the site's verdict, reopening it if an earlier test confirmed it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(site.url + "/login")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-queue-link]"), what="the queue")
    driver.get(f"{site.url}/verdicts/{site.doc_id}")
    wait_for(lambda: driver.find_elements(By.ID, "record"), what="the verdict view")
    if driver.find_element(By.ID, "record").get_attribute("data-status") == "confirmed":
        driver.find_element(By.CSS_SELECTOR, '[data-action="reopen"]').click()
        wait_for(lambda: driver.find_element(By.ID, "record").get_attribute("data-status") == "reopened",
                 what="the reopened record")


def test_a_lawyer_reviews_a_scanned_verdict(live_server: ReviewSite, browser, downloads: Path):  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver, site = browser, live_server

    # every page asks for a login first
    driver.get(site.url + "/queue")
    wait_for(lambda: "/login" in driver.current_url, what="the login page")
    driver.find_element(By.ID, "username").send_keys("ana")
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)

    # the queue lists the verdict; open it
    link = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, f'a[href="/verdicts/{site.doc_id}"]'),
                    what="the queue")
    assert link.text == "K. 18/23"
    link.click()
    wait_for(lambda: driver.find_elements(By.ID, "record"), what="the verdict view")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#pages .page img")) == 3

    # the sentence length's evidence: a box on page 2's image, over the words the draft read
    pick(driver, PRISON)
    page2 = driver.find_element(By.ID, "page-2")
    image = page2.find_element(By.TAG_NAME, "img")
    wait_for(lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image),
             timeout=60, what="page 2's image")
    box = wait_for(lambda: page2.find_element(By.CSS_SELECTOR, ".box.evidence"), what="the evidence box")
    assert box.is_displayed()
    box_rect, image_rect = box.rect, image.rect
    assert image_rect["x"] < box_rect["x"] < box_rect["x"] + box_rect["width"] < image_rect["x"] + image_rect["width"]
    assert image_rect["y"] < box_rect["y"] < image_rect["y"] + image_rect["height"] * 0.3  # near the top
    assert box_rect["width"] > 50 and box_rect["height"] > 5
    assert field(driver, PRISON).find_element(By.CSS_SELECTOR, "input").get_attribute("value") == "66"

    # correct it with the keyboard: Enter edits, type, Enter saves as corrected
    before = record_version(driver)
    keys(driver, Keys.ENTER)
    wait_for(lambda: driver.execute_script(
        "const a = document.activeElement; return a.tagName === 'INPUT' && a.closest('.field').dataset.path"
    ) == PRISON, what="the input to take the focus")
    keys(driver, "60", Keys.ENTER)
    wait_for(lambda: record_version(driver) == before + 1, what="the save")
    saved = field(driver, PRISON)
    assert saved.get_attribute("data-status") == "corrected"
    assert saved.find_element(By.CSS_SELECTOR, "input").get_attribute("value") == "60"

    # the README's screenshot: the page image with the evidence box beside the form
    pick(driver, PRISON)
    wait_for(lambda: page2.find_element(By.CSS_SELECTOR, ".box.evidence"), what="the evidence box again")
    wait_for(lambda: not driver.find_elements(By.CSS_SELECTOR, ".toast"), what="the toast to go")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOT))

    # the second victim's compensation outcome: Enter, type the start of the choice, Enter
    pick(driver, OUTCOME)
    before = record_version(driver)
    keys(driver, Keys.ENTER)
    wait_for(lambda: driver.switch_to.active_element.tag_name == "select", what="the select to take the focus")
    keys(driver, "Referred")
    keys(driver, Keys.ENTER)
    wait_for(lambda: record_version(driver) == before + 1, what="the second save")
    assert field(driver, OUTCOME).get_attribute("data-status") == "corrected"

    # "?" lists the shortcuts; Esc closes it
    keys(driver, "?")
    assert driver.find_element(By.ID, "help").is_displayed()
    keys(driver, Keys.ESCAPE)
    wait_for(lambda: not driver.find_element(By.ID, "help").is_displayed(), what="the help to close")

    # confirm the record: Ctrl+Enter
    ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    wait_for(lambda: driver.find_element(By.ID, "record").get_attribute("data-status") == "confirmed",
             what="the confirmation")

    # reload: the values are saved, the record is read-only
    driver.refresh()
    wait_for(lambda: driver.find_elements(By.ID, "record"), what="the reloaded view")
    assert driver.find_element(By.ID, "record").get_attribute("data-status") == "confirmed"
    assert driver.find_element(By.ID, "confirmed-banner").is_displayed()
    prison_input = field(driver, PRISON).find_element(By.CSS_SELECTOR, "input")
    assert prison_input.get_attribute("value") == "60" and not prison_input.is_enabled()
    outcome = field(driver, OUTCOME).find_element(By.CSS_SELECTOR, "select")
    assert outcome.get_attribute("value") == "referred_to_civil"
    assert field(driver, PRISON).get_attribute("data-status") == "corrected"

    # export the confirmed data (JSONL: the record as confirmed, victims pseudonymised)
    driver.find_element(By.CSS_SELECTOR, '[data-export="jsonl"]').click()
    exported = wait_for(lambda: [p for p in downloads.glob("*.jsonl")], timeout=30, what="the download")
    lines = [json.loads(line) for line in exported[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    mine = next(r for r in lines if r.get("document_id") == site.doc_id)
    assert mine["defendants"][0]["sentence"]["prison_months"]["value"] == 60
    assert mine["victims"][1]["compensation"]["outcome"]["value"] == "referred_to_civil"
    assert mine["victims"][1]["name"]["value"] != "S.M."  # pseudonymised by default

    # no script error and nothing the Content-Security-Policy refused (the first 401 was the login redirect)
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and e.get("source") != "network"]
    assert not severe, severe


def test_queue_filters_language_and_logout_work_in_the_browser(live_server: ReviewSite, browser):  # noqa: F811
    """The forms a browser posts itself (interface language, logout) pass the CSRF and origin checks, and
    the queue's filters swap the list in place (htmx) with the address kept for the back button."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    driver, site = browser, live_server
    driver.get(site.url + "/login")
    driver.find_element(By.ID, "username").send_keys("ana")
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-queue-link]"), what="the queue")

    everything = len(driver.find_elements(By.CSS_SELECTOR, "[data-queue-link]"))
    Select(driver.find_element(By.NAME, "status")).select_by_value("confirmed")
    wait_for(lambda: "status=confirmed" in driver.current_url, what="the filtered address")
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "[data-queue-link]")) < everything,
             what="the filtered list")
    assert all(badge.text == "confirmed" for badge in driver.find_elements(By.CSS_SELECTOR, "#queue-results .badge[class*=status-]"))
    Select(driver.find_element(By.NAME, "status")).select_by_value("")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "[data-queue-link]"), what="the whole list again")

    Select(driver.find_element(By.ID, "ui-lang")).select_by_value("sr-Cyrl")
    wait_for(lambda: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sr-Cyrl",
             what="the Cyrillic interface")
    assert "Пресуде за преглед" in driver.find_element(By.TAG_NAME, "h1").text

    driver.find_element(By.CSS_SELECTOR, 'form[action="/logout"] button').click()
    wait_for(lambda: "/login" in driver.current_url, what="the login page after logout")
    driver.get(site.url + "/queue")
    wait_for(lambda: "/login" in driver.current_url, what="the queue to need a login again")


def test_a_conflicting_save_shows_both_values_and_items_are_added_and_removed(live_server: ReviewSite, browser):  # noqa: F811
    """Someone else saves a field while the lawyer has the record open: her save of that field shows both
    values instead of overwriting, and she may save hers over it. A victim is added by key and removed."""
    import httpx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver, site = browser, live_server
    open_for_editing(driver, site, "root")
    seen = record_version(driver)

    # a colleague saves the registrar meanwhile
    with httpx.Client(base_url=site.url) as other:
        token = other.post("/api/login", json={"username": "ana", "password": PASSWORD}).json()["csrf_token"]
        saved = other.patch(f"/api/records/{site.doc_id}", headers={"X-CSRF-Token": token}, json={
            "version": seen, "changes": [{"path": "case.registrar", "value": "Marija Filipović",
                                          "status": "corrected"}]})
        assert saved.status_code == 200, saved.text

    pick(driver, "case.registrar")
    keys(driver, Keys.ENTER)
    wait_for(lambda: driver.switch_to.active_element.tag_name == "input", what="the registrar's input")
    keys(driver, "Marija Filipovic", Keys.ENTER)
    dialog = wait_for(lambda: driver.find_element(By.ID, "conflict") if driver.find_element(
        By.ID, "conflict").is_displayed() else None, what="the conflict dialog")
    text = dialog.text
    assert "Marija Filipović" in text and "Marija Filipovic" in text and "ana" in text
    dialog.find_element(By.CSS_SELECTOR, '[data-action="conflict-mine"]').click()
    wait_for(lambda: record_version(driver) == seen + 2, what="her save over theirs")
    assert field(driver, "case.registrar").find_element(By.CSS_SELECTOR, "input").get_attribute(
        "value") == "Marija Filipovic"

    # Shift+V adds a victim; its Remove button (after the browser's confirmation) takes it away again
    victims = len(driver.find_elements(By.CSS_SELECTOR, '#record section.group[data-group^="victims["]'))
    pick(driver, "case.registrar")
    keys(driver, "V")
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, '#record section.group[data-group^="victims["]'))
             == victims + 1, what="the new victim")
    remove = driver.find_element(By.CSS_SELECTOR, f'[data-action="remove"][data-target="victims[{victims}]"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", remove)
    remove.click()
    driver.switch_to.alert.accept()
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, '#record section.group[data-group^="victims["]'))
             == victims, what="the victim removed")


def test_selecting_words_in_the_text_fills_the_field_with_its_evidence(live_server: ReviewSite, browser):  # noqa: F811
    import httpx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver, site = browser, live_server
    open_for_editing(driver, site, "ana")
    keys(driver, "t")  # the scan's OCR text instead of its page images
    wait_for(lambda: driver.find_element(By.ID, "text-view").is_displayed()
             and driver.find_elements(By.CSS_SELECTOR, "#text-view span[data-s]"), what="the text view")
    path = "defendants[0].defense_counsel"
    pick(driver, path)
    keys(driver, Keys.ENTER)
    wait_for(lambda: driver.switch_to.active_element.tag_name == "input", what="the counsel's input")
    before = record_version(driver)
    # the lawyer selects "Miloš Petrović" in the text (the words, as the mouse would)
    selected = driver.execute_script("""
        const walker = document.createTreeWalker(document.getElementById('text-view'), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const at = walker.currentNode.textContent.indexOf('Miloš Petrović');
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(walker.currentNode, at);
          range.setEnd(walker.currentNode, at + 'Miloš Petrović'.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          document.getElementById('text-view').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
          return Number(walker.currentNode.parentElement.dataset.s) + at;
        }
        return null;""")
    assert selected is not None
    field_input = field(driver, path).find_element(By.CSS_SELECTOR, "input")
    wait_for(lambda: field_input.get_attribute("value") == "Miloš Petrović", what="the field filled")
    keys(driver, Keys.ENTER)
    wait_for(lambda: record_version(driver) > before, what="the save")
    with httpx.Client(base_url=site.url) as client:
        client.post("/api/login", json={"username": "ana", "password": PASSWORD})
        record = client.get(f"/api/records/{site.doc_id}").json()
    counsel = record["defendants"][0]["defense_counsel"]
    assert counsel["value"] == "Miloš Petrović" and counsel["status"] == "corrected"
    assert [(e["start"], e["end"]) for e in counsel["evidence"]] == [(selected, selected + len("Miloš Petrović"))]
