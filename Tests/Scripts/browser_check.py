"""Loads Entente's pages in a real browser (headless Chromium driven by selenium) and checks what a person
would see: the watch list with a link per dyad, the dyad page's charts drawn at a visible size, the navigation
links followed, no console errors (a Content-Security-Policy violation would be one), and no sideways scrolling
on a phone-sized window.

usage: browser_check.py BASE_URL [--screenshots DIR]
Prints one line per check; exits 1 on the first failure, 2 when the browser cannot start."""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(flag)
    binary = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
    if binary:
        options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = next((p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.path.exists(p)), None)
    return webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else None)


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok   " + message)


def drawn_charts(driver):
    """The inline SVG charts with a visible size and something drawn in them."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('svg')).map(svg => {
            const box = svg.getBoundingClientRect();
            const marks = svg.querySelectorAll('path, polyline, line, rect, circle').length;
            return {width: box.width, height: box.height, marks: marks};
        });""")


TEXT_PROBLEMS = """
    const minimum = arguments[0];
    const problems = [];
    Array.from(document.querySelectorAll('svg')).forEach((svg, index) => {
        const name = (svg.getAttribute('aria-label') || 'chart ' + index).slice(0, 50);
        const frame = svg.getBoundingClientRect();
        const boxes = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim()).map(t => {
            const b = t.getBoundingClientRect();
            const matrix = t.getScreenCTM();
            return {text: t.textContent.trim().slice(0, 30), left: b.left, right: b.right, top: b.top, bottom: b.bottom,
                    size: parseFloat(getComputedStyle(t).fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1)};
        });
        boxes.filter(b => b.size < minimum).forEach(b => problems.push(name + ': "' + b.text + '" at ' + b.size.toFixed(1) + ' px'));
        boxes.filter(b => b.left < frame.left - 1 || b.right > frame.right + 1)
             .forEach(b => problems.push(name + ': "' + b.text + '" runs outside the chart'));
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const p = boxes[i], q = boxes[j];
            const across = Math.min(p.right, q.right) - Math.max(p.left, q.left), down = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
            if (across > 1 && down > 2) problems.push(name + ': "' + p.text + '" overlaps "' + q.text + '"');
        }
    });
    return problems;
"""


def chart_text_problems(driver, minimum):
    """Every chart label smaller than `minimum` CSS pixels as drawn, running outside its chart, or overlapping
    another label of the same chart."""
    return driver.execute_script(TEXT_PROBLEMS, minimum)


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def main():
    base = sys.argv[1].rstrip("/")
    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    try:
        driver = browser()
    except Exception as error:  # the browser itself is missing or broken: not a failure of the pages
        print("cannot start Chromium: %s" % error)
        sys.exit(2)
    try:
        driver.get(base + "/")
        check("Watch list" in driver.title, "overview loads (title %r)" % driver.title)
        links = driver.find_elements(By.CSS_SELECTOR, "main a[href^='/dyads/']")
        check(len(links) >= 8, "overview links %d dyads" % len(links))
        charts = drawn_charts(driver)
        check(len(charts) >= 1 and all(c["width"] > 300 and c["height"] > 100 for c in charts), "overview chart drawn: %s" % charts)
        dots = driver.execute_script("return document.querySelectorAll('svg circle').length")
        allied = driver.execute_script(
            "return Array.from(document.querySelectorAll('tbody tr')).filter(r => r.textContent.includes('pact in force')).length")
        check(dots == len(links) - allied, "one dot per dyad not yet allied in the interval chart (%d, %d allied)" % (dots, allied))
        if shots:
            driver.save_screenshot(os.path.join(shots, "overview.png"))

        first = links[0].get_attribute("href")
        links[0].click()
        check(driver.current_url == first, "followed the first dyad link to %s" % driver.current_url)
        heading = driver.find_element(By.TAG_NAME, "h1").text
        check(heading.startswith("Entente briefing:"), "dyad page heading %r" % heading)
        charts = drawn_charts(driver)
        visible = [c for c in charts if c["width"] > 300 and c["height"] > 100 and c["marks"] > 3]
        check(len(visible) >= 6, "dyad page draws %d charts of %d at a visible size" % (len(visible), len(charts)))
        figures = driver.find_elements(By.CSS_SELECTOR, "figure figcaption")
        check(len(figures) >= 6, "%d charts have captions" % len(figures))
        if shots:
            driver.save_screenshot(os.path.join(shots, "dyad.png"))

        driver.find_element(By.LINK_TEXT, "Model").click()
        check(driver.find_element(By.TAG_NAME, "h1").text == "The alliance model", "nav link to the model page")
        rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
        check(len(rows) >= 10, "model page lists %d terms" % len(rows))
        driver.find_element(By.LINK_TEXT, "Data").click()
        cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "tbody td")]
        hashes = [c for c in cells if len(c) == 64 and all(ch in "0123456789abcdef" for ch in c)]
        check(len(hashes) >= 10, "data page lists %d SHA-256 checksums" % len(hashes))
        driver.find_element(By.LINK_TEXT, "Watch list").click()
        check("Watch list" in driver.title, "nav link back to the watch list")
        errors = console_errors(driver)
        check(not errors, "no console errors on any page: %s" % errors)

        # Every page at desktop and phone width: chart text legible, inside its chart and apart, and no sideways
        # scrolling (wide tables scroll inside themselves).
        pages = {"watch list": base + "/", "dyad page": first, "model page": base + "/model", "data page": base + "/data"}
        for width, minimum in ((1280, 12), (390, 11)):
            driver.set_window_size(width, 1000 if width > 400 else 844)
            for name, address in pages.items():
                driver.get(address)
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                check(overflow <= 1, "%s at %d px: no sideways scrolling (overflow %s px)" % (name, width, overflow))
                problems = chart_text_problems(driver, minimum)
                check(not problems, "%s at %d px: chart labels legible (>= %d px), inside, apart: %s" % (name, width, minimum, problems[:5]))
                if shots and width < 400:
                    driver.save_screenshot(os.path.join(shots, "phone-%s.png" % name.split()[0]))
        print(json.dumps({"dyads": len(links), "dyad_charts": len(visible)}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
