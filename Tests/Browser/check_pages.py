#!/usr/bin/env python3
"""Loads every dashboard page of a running Streamgauge server in headless Chromium and checks
what a person would see: charts drawn with data points, no console errors, no sideways
scrolling at 1280 px or on a phone, a table behind every chart, keyboard focus starting at
the skip link. Saves a screenshot of each page and width under --out.

Run by the Swift test `BrowserTests` against the demo server; by hand:
    streamgauge demo --port 8099 &
    /usr/bin/python3 Tests/Browser/check_pages.py --base http://127.0.0.1:8099 --out .build/browser-screenshots
"""
import argparse
import json
import os
import sys
import urllib.request
from datetime import date, timedelta
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
failures = []


def fail(page, message):
    failures.append(f"{page}: {message}")


def make_driver(chromedriver):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def check_page(driver, base, path, name, out, expect_charts, expect_total=None):
    """Loads `path` at each width; at least `expect_charts` charts must have data points, and
    with `expect_total`, exactly that many charts must be there, each without data saying so."""
    for width_name, (width, height) in WIDTHS.items():
        driver.set_window_size(width, height)
        driver.get(base + path)
        if driver.execute_script("return document.readyState") != "complete":
            fail(path, "did not finish loading")
        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                fail(path, f"console error: {entry.get('message')}")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            fail(path, f"scrolls sideways by {overflow}px at {width}px")
        total_height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(total_height, height), 6000))
        driver.save_screenshot(os.path.join(out, f"{name}-{width_name}.png"))

    charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    if expect_charts:
        if not charts:
            fail(path, "has no chart")
        drawn = [chart for chart in charts if chart.find_elements(By.CSS_SELECTOR, ".point")]
        if len(drawn) < expect_charts:
            fail(path, f"{len(drawn)} of {len(charts)} charts have data points; expected at least {expect_charts}")
        if expect_total is not None:
            if len(charts) != expect_total:
                fail(path, f"{len(charts)} charts; expected {expect_total}")
            for chart in charts:
                if chart not in drawn and "no data in this window" not in chart.text:
                    fail(path, "a chart without data points does not say that it has no data")
        for chart in charts:
            if chart.get_attribute("role") != "img" or not chart.get_attribute("aria-label"):
                fail(path, "a chart lacks role=img and a text alternative")
        figures = driver.find_elements(By.CSS_SELECTOR, "figure")
        for figure in figures:
            if not figure.find_elements(By.CSS_SELECTOR, "details table"):
                fail(path, "a chart has no table of values behind it")
        # Every point a reader hovers has its value in a title.
        points = driver.find_elements(By.CSS_SELECTOR, "svg.chart .point")
        titled = driver.execute_script(
            "return Array.from(document.querySelectorAll('svg.chart .point')).filter(p => p.querySelector('title')).length")
        if titled != len(points):
            fail(path, f"{len(points) - titled} chart points without a tooltip")
    return charts


def check_keyboard(driver, base):
    driver.set_window_size(*WIDTHS["desktop"])
    driver.get(base + "/")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    if focused.get_attribute("class") != "skip":
        fail("/", "the first Tab does not reach the skip link")
    focused.send_keys(Keys.TAB)
    if driver.switch_to.active_element.tag_name != "a":
        fail("/", "the second Tab does not reach a navigation link")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    driver = make_driver(arguments.chromedriver)
    try:
        check_page(driver, arguments.base, "/", "overview", arguments.out, expect_charts=0)
        sparklines = driver.find_elements(By.CSS_SELECTOR, "svg.spark path")
        if len(sparklines) < 10:
            fail("/", f"only {len(sparklines)} sparklines drawn")
        links = {}
        for link in driver.find_elements(By.CSS_SELECTOR, "table.overview th a"):
            path = urlparse(link.get_attribute("href")).path
            kind = path.split("/")[1] if path.count("/") >= 2 else None
            if kind and kind not in links:
                links[kind] = path
        for kind in ("value-stream", "team", "service"):
            if kind not in links:
                fail("/", f"links to no {kind} page")
                continue
            # Six trend charts, the timeline and two distributions; a quiet scope may lack a few.
            check_page(driver, arguments.base, links[kind] + "?period=week", kind, arguments.out, expect_charts=6)
        check_page(driver, arguments.base, (links.get("team") or "/") + "?period=month", "team-by-month", arguments.out, expect_charts=6)
        check_page(driver, arguments.base, "/flow", "value-stream-map", arguments.out, expect_charts=3)
        if not driver.find_elements(By.CSS_SELECTOR, "svg.vsm g.stage.constraint"):
            fail("/flow", "the value stream map names no constraint")
        check_page(driver, arguments.base, "/data-quality", "data-quality", arguments.out, expect_charts=0)
        # An experiment on a team, through the API (the demo needs no token), then its pages.
        team_name = (links.get("team") or "/team/none").split("/")[-1]
        start = (date.today() - timedelta(days=21)).isoformat()
        body = json.dumps({"name": "Smaller batches", "hypothesis": "Smaller pull requests shorten lead time",
                           "scope": {"kind": "team", "name": team_name}, "metric": "lead-time", "expected": "decrease",
                           "start": start + "T00:00:00Z"}).encode()
        request = urllib.request.Request(arguments.base + "/api/v1/experiments", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        experiment = json.load(urllib.request.urlopen(request))
        check_page(driver, arguments.base, "/experiments", "experiments", arguments.out, expect_charts=0)
        check_page(driver, arguments.base, "/experiments/" + experiment["id"], "experiment", arguments.out, expect_charts=1)
        if not driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.annotation"):
            fail("/experiments/" + experiment["id"], "the experiment is not shaded on its chart")
        check_page(driver, arguments.base, f"/iterations?scope=team&name={team_name}&start={start}&days=3.5&count=6",
                   "iterations", arguments.out, expect_charts=4, expect_total=6)
        team = links.get("team", "/team/none").split("/")[-1]
        check_page(driver, arguments.base, f"/wall?team={team}", "wall", arguments.out, expect_charts=0)
        if not driver.find_elements(By.CSS_SELECTOR, "meta[http-equiv=refresh]"):
            fail("/wall", "does not refresh itself")
        driver.get(arguments.base + "/badge/organization/all/lead-time.svg")
        if "lead time" not in driver.page_source:
            fail("/badge", "the badge does not name its figure")
        check_keyboard(driver, arguments.base)
    finally:
        driver.quit()
    for failure in failures:
        print("FAIL", failure)
    print(f"checked pages; screenshots in {arguments.out}; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
