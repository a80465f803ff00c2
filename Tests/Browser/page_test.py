#!/usr/bin/env python3
"""Real-browser test of the `digits serve` page (Debian's chromium + chromedriver, selenium).

Starts `digits serve` on an ephemeral port with two hand-built models (strokes: class 0 answers
to a vertical stroke, class 1 to a horizontal one; sevens: a weak 7 for everything), opens the
page in headless chromium, draws a vertical stroke with pointer events, and checks that the
prediction (0), the ten bars and the 28x28 view appear and which model answered; then picks the
committee of the two with the keyboard and checks that it answers; then a file through the file
picker, and Escape to clear. Screenshots go to .build/serve-page.png (desktop),
.build/serve-page-committee.png and .build/serve-page-phone.png (a phone-sized window).

Usage: Tests/Browser/page_test.py [PATH/TO/digits]   (default .build/debug/digits)
Prints '1 passed, 0 failed' or '0 passed, 1 failed'; exits 1 when it cannot run (missing
chromium, chromedriver or selenium): it never passes without having run.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cannot_run(why):
    print("!" * 72, file=sys.stderr)
    print(f"!! BROWSER TEST NOT RUN: {why}", file=sys.stderr)
    print("!" * 72, file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)


def write_model(digits, directory):
    """network2.py JSON for a [784, 10] network, imported with `digits import-json`."""
    w = [[0.0] * 784 for _ in range(10)]
    for y in range(28):
        for x in range(28):
            if abs(x - 14) < 3 and abs(y - 14) >= 4: w[0][y * 28 + x] = 1.0
            if abs(y - 14) < 3 and abs(x - 14) >= 4: w[1][y * 28 + x] = 1.0
    net = {"sizes": [784, 10], "weights": [w], "biases": [[[-5.0] for _ in range(10)]],
           "cost": "QuadraticCost"}
    src, model = os.path.join(directory, "strokes.json"), os.path.join(directory, "strokes.digits")
    with open(src, "w") as f: json.dump(net, f)
    subprocess.run([digits, "import-json", src, "-o", model], check=True, stdout=subprocess.DEVNULL)
    # A second model for the committee: no weights, output sigma(-1) for 7 and sigma(-5) elsewhere.
    sevens = {"sizes": [784, 10], "weights": [[[0.0] * 784 for _ in range(10)]],
              "biases": [[[-1.0 if d == 7 else -5.0] for d in range(10)]], "cost": "QuadraticCost"}
    src7, model7 = os.path.join(directory, "sevens.json"), os.path.join(directory, "sevens.digits")
    with open(src7, "w") as f: json.dump(sevens, f)
    subprocess.run([digits, "import-json", src7, "-o", model7], check=True, stdout=subprocess.DEVNULL)
    # A horizontal stroke as a PGM file, dark on light, for the file picker.
    pgm = os.path.join(directory, "horizontal.pgm")
    rows = bytearray(b"\xff" * (40 * 50))
    for y in range(8, 12):
        for x in range(5, 40): rows[y * 50 + x] = 0
    with open(pgm, "wb") as f: f.write(b"P5\n50 40\n255\n" + bytes(rows))
    return [model, model7], pgm


def start_server(digits, models):
    p = subprocess.Popen([digits, "serve", *models, "--port", "0", "--quiet"], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        p.kill(); raise SystemExit(f"no startup line from digits serve: {line!r}")
    return p, f"http://127.0.0.1:{m.group(1)}/"


def main():
    digits = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/digits")
    if not os.access(digits, os.X_OK): cannot_run(f"no digits binary at {digits} (build first)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not chromium: cannot_run("chromium is not installed (apt-get install chromium chromium-driver)")
    if not os.access(driver_path, os.X_OK): cannot_run("chromedriver is not installed (apt-get install chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        cannot_run("selenium is not installed (pip install selenium)")

    work = tempfile.mkdtemp(prefix="digits-browser-")
    models, pgm = write_model(digits, work)
    server, url = start_server(digits, models)
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok: failures.append(what)

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,900"]:
        options.add_argument(a)
    browser = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        browser.get(url)
        wait = WebDriverWait(browser, 20)
        wait.until(lambda b: b.find_element(By.ID, "model-line").text.startswith("Model strokes"))
        check("784–10" in browser.find_element(By.ID, "model-line").text, "the model's name and layers are shown")
        board = browser.find_element(By.ID, "board")
        check(board.value_of_css_property("touch-action") == "none", "the canvas does not scroll the page while drawing")

        # A vertical stroke through the middle, by pointer events.
        actions = ActionChains(browser, duration=10)
        actions.move_to_element_with_offset(board, 20, -120).click_and_hold()
        for step in range(24): actions.move_by_offset(0, 10)
        actions.release().perform()
        wait.until(lambda b: b.find_element(By.ID, "digit").text != "")
        check(browser.find_element(By.ID, "digit").text == "0", "a vertical stroke is classified as 0")
        sent = browser.execute_script("return window.digitsSent")
        print(f"note the drawing was sent as {sent}" + ("" if sent == "png" else
              " (this build's server cannot read PNG: ImageReader is the PGM-only stand-in)"))
        check(sent in ("png", "json"), "the drawing was sent")
        wins = browser.find_elements(By.CSS_SELECTOR, "#bars li.win")
        check(len(browser.find_elements(By.CSS_SELECTOR, "#bars li")) == 10 and len(wins) == 1
              and wins[0].text.startswith("0"), "ten bars, the winner (0) highlighted")
        fill = wins[0].find_element(By.CSS_SELECTOR, ".fill").size["width"]
        track = wins[0].find_element(By.CSS_SELECTOR, ".track").size["width"]
        check(track > 0 and fill > 0.5 * track, f"the winner's bar is drawn ({fill:.0f} of {track:.0f} px)")
        check(not browser.find_element(By.ID, "hint").is_displayed(), "the hint is gone once drawing starts")
        ink = browser.execute_script(
            "const d = document.getElementById('seen').getContext('2d').getImageData(0,0,28,28).data;"
            "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++; return n;")
        check(20 < ink < 400, f"the 28x28 input the network saw is drawn ({ink} ink pixels)")
        answered = browser.find_element(By.ID, "answered-by").text
        check(answered == "Answered by model strokes", f"the page says which model answered ({answered!r})")
        os.makedirs(os.path.join(ROOT, ".build"), exist_ok=True)
        shot = os.path.join(ROOT, ".build/serve-page.png")
        browser.save_screenshot(shot)
        print(f"screenshot {shot}")

        # The committee of the two models, picked with the keyboard (the last choice of the menu).
        menu = browser.find_element(By.ID, "model")
        values = [o.get_attribute("value") for o in menu.find_elements(By.TAG_NAME, "option")]
        check(values == ["strokes", "sevens", "committee"], f"the menu offers each model and the committee ({values})")
        menu_label = browser.execute_script("return arguments[0].labels[0].textContent", menu)
        check(bool(menu_label.strip()), f"the model menu is labelled ({menu_label.strip()!r})")
        before = browser.find_element(By.ID, "confidence").text
        menu.send_keys(Keys.END)
        wait.until(lambda b: b.find_element(By.ID, "answered-by").text.startswith("Answered by the committee"))
        check(menu.get_attribute("value") == "committee", "the keyboard picked the committee")
        answered = browser.find_element(By.ID, "answered-by").text
        check(answered == "Answered by the committee of strokes + sevens (the mean of their outputs)",
              f"the page says the committee answered ({answered!r})")
        check(browser.find_element(By.ID, "digit").text == "0", "the committee also classifies the vertical stroke as 0")
        wait.until(lambda b: b.find_element(By.ID, "confidence").text != before)
        check(browser.find_element(By.ID, "confidence").text != before,
              f"the committee's confidence is its own ({browser.find_element(By.ID, 'confidence').text} vs {before})")
        line = browser.find_element(By.ID, "model-line").text
        check(line.startswith("Committee of strokes + sevens"), f"the model line describes the committee ({line!r})")
        browser.save_screenshot(os.path.join(ROOT, ".build/serve-page-committee.png"))
        menu.send_keys(Keys.HOME)
        wait.until(lambda b: b.find_element(By.ID, "answered-by").text == "Answered by model strokes")

        # Keyboard: Escape on the focused drawing area clears.
        board.send_keys(Keys.ESCAPE)
        check(browser.find_element(By.ID, "digit").text == "", "Escape on the drawing area clears the answer")

        # The file picker sends the file as it is.
        browser.find_element(By.ID, "file").send_keys(pgm)
        wait.until(lambda b: b.find_element(By.ID, "digit").text != "")
        check(browser.find_element(By.ID, "digit").text == "1", "a horizontal stroke from the file picker is 1")

        # A phone-sized window: the page still fits (no horizontal scrolling).
        browser.set_window_size(390, 844)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"the page fits a phone's width ({width}px)")
        browser.save_screenshot(os.path.join(ROOT, ".build/serve-page-phone.png"))
        for control in ["clear", "file"]:
            el = browser.find_element(By.ID, control)
            label = el.text or browser.execute_script("return arguments[0].labels[0].textContent", el)
            check(bool(label.strip()), f"the {control} control is labelled ({label.strip()!r})")
    finally:
        browser.quit()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
