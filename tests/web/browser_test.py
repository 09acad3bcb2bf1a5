#!/usr/bin/python3
"""The web console in a real browser (headless Chromium driven by Selenium).

Starts newsmon on feeds served from 127.0.0.1, opens every page, filters the alerts,
opens an alert and finds its hits marked, runs the playground on a matching and a
non-matching story and on a broken query, silences a rule from an alert and expires the
silence (both seen by `newsmon silence list`), watches a new alert arrive without
reloading and finds its message to one webhook held by a silence added in the console and
its message to the other retried, checks that a hostile feed title renders as inert text,
signs in with a token, and checks that a console on a non-loopback address without auth
refuses to start. Saves a screenshot of each page into --screenshots.

Exits 77 (skipped) when Chromium, chromedriver or Selenium is not installed.
"""

import argparse
import functools
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

SKIP = 77


def skip(message):
    print(f"SKIP: {message}", file=sys.stderr)
    sys.exit(SKIP)


try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    skip("python3-selenium is not installed (scripts/install-deps installs it)")

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
if not CHROMIUM or not CHROMEDRIVER:
    skip("chromium and chromium-driver are not installed (scripts/install-deps installs them)")

HOSTILE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>&amp;lt;script&amp;gt;window.__pwned=1&amp;lt;/script&amp;gt;Hostile Wire</title>
<link>https://hostile.example/</link><description>hostile</description>
<item><title>Poland to buy 180 K2 tanks from South Korea &amp;lt;img src=x onerror=window.__pwned=2&amp;gt;</title>
<link>https://hostile.example/k2</link><guid>h1</guid>
<description>Poland signed a deal to buy 180 K2 Black Panther tanks from South Korea, &amp;lt;b&amp;gt;officials&amp;lt;/b&amp;gt; said.</description>
<pubDate>Mon, 30 Jan 2023 09:00:00 GMT</pubDate></item>
</channel></rss>
"""

LIVE_ITEM = """<item><title>US commits 31 Abrams tanks to Ukraine</title>
<link>https://live.example/abrams</link><guid>live-abrams</guid>
<description>The United States will send 31 M1 Abrams tanks to Ukraine, the Pentagon said.</description></item>"""


def live_feed(items):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Live Desk</title><link>https://live.example/</link>
<description>live</description>{items}</channel></rss>
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class FeedServer:
    """Serves a folder on 127.0.0.1 in a thread."""

    def __init__(self, folder):
        handler = functools.partial(QuietHandler, directory=folder)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


class Daemon:
    def __init__(self, newsmon, config, log):
        self.log = open(log, "w")
        self.process = subprocess.Popen([newsmon, "run", "--config", config],
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def running(self):
        if self.process.poll() is not None:
            raise AssertionError(f"newsmon exited with {self.process.returncode}")
        return True

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def write_config(folder, name, source, feeds_port, web):
    path = os.path.join(folder, name)
    with open(path, "w") as out:
        # One database per daemon: a second daemon on a SQLite file is refused.
        out.write(f"""database: {folder}/{os.path.splitext(name)[0]}.db
rules: [{source}/rules]
feeds:
  - url: http://127.0.0.1:{feeds_port}/world-news.xml
  - url: http://127.0.0.1:{feeds_port}/defence-wire.atom
  - url: http://127.0.0.1:{feeds_port}/hostile.xml
  - url: http://127.0.0.1:{feeds_port}/live.xml
    every: 1s
# The feed server answers a POST with 501: deliveries are retried.
webhooks:
  - {{name: analysts, url: "http://127.0.0.1:{feeds_port}/hooks/analysts"}}
  - {{name: newsroom, url: "http://127.0.0.1:{feeds_port}/hooks/newsroom"}}
{web}
""")
    return path


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except OSError:
        return None, ""


class Browser:
    def __init__(self, base, shots):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1000"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.base = base
        self.shots = shots

    def open(self, path):
        self.driver.get(self.base + path)

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(self.shots, f"web-{name}.png"))

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait(self, condition, what, timeout=30):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(
                lambda _driver: condition())
        except Exception as error:
            raise AssertionError(f"timed out waiting for {what}") from error

    def not_pwned(self):
        check(self.driver.execute_script("return window.__pwned === undefined"),
              "a hostile feed's text ran as script")

    def close(self):
        self.driver.quit()


def check_alerts(browser):
    browser.open("/alerts")
    rows = browser.wait(lambda: browser.all("#alert-rows tr"), "alert rows")
    check(len(rows) >= 2, f"expected several alerts, found {len(rows)}")
    browser.shot("alerts")
    Select(browser.find("select[name=topic]")).select_by_value("arms_transfer")
    browser.find("input[name=q]").send_keys("K2")
    browser.find("form.filters button").click()
    browser.wait(lambda: "q=K2" in browser.driver.current_url, "the filtered list")
    titles = [a.text for a in browser.all("#alert-rows .alert-title")]
    check(titles and all("K2" in title for title in titles), f"filter kept {titles}")
    check(browser.find("select[name=topic]").get_attribute("value") == "arms_transfer",
          "the filter form remembers its topic")
    browser.shot("alerts-filtered")


def check_hostile(browser):
    # The story's own title, with its <img onerror> as text.
    link = browser.find("#alert-rows .alert-title")
    check("<img src=x onerror=window.__pwned=2>" in link.text, f"title shown as {link.text!r}")
    check(not browser.all("main img"), "an <img> from a feed became an element")
    browser.not_pwned()
    browser.open("/feeds")
    feed_names = [cell.text for cell in browser.all("td.feed a")]
    check(any("<script>window.__pwned=1</script>Hostile Wire" in name for name in feed_names),
          f"hostile feed title shown as {feed_names}")
    check(not browser.all("main script"), "a <script> from a feed became an element")
    browser.not_pwned()
    browser.shot("feeds")


def check_alert_page(browser):
    browser.open("/alerts?q=K2")
    browser.find("#alert-rows .alert-title").click()
    browser.wait(lambda: "/alerts/" in browser.driver.current_url, "the alert page")
    marks = [mark.text for mark in browser.all("h1.story-title mark, blockquote.snippet mark")]
    check(marks, "the alert page marks no hits")
    check(browser.all("dl.fields dd.field-summary mark"), "the summary field has no marked hits")
    check(browser.all("pre.query"), "the alert page shows no rule query")
    check("<b>officials</b>" in browser.find("blockquote.snippet").text,
          "the summary's markup is not shown as text")
    browser.not_pwned()
    browser.shot("alert")


def run_playground(browser, title, query):
    browser.open("/playground")
    browser.find("input[name=title]").send_keys(title)
    browser.find("textarea[name=query]").send_keys(query)
    browser.find("form#playground button[type=submit]").click()
    return browser.wait(lambda: browser.all("#result .verdict"), "the playground's verdict")[0]


def check_playground(browser):
    verdict = run_playground(browser, "US commits 31 Abrams tanks to Ukraine",
                             "$weapon_systems NEAR/5 ukraine")
    check(verdict.text == "Match", f"matching story: {verdict.text}")
    check([m.text for m in browser.all("#result mark")][:2] == ["Abrams", "Ukraine"],
          "the playground marks the hits")
    browser.shot("playground")
    verdict = run_playground(browser, "Think tank says Ukraine needs tanks",
                             "$weapon_systems NEAR/5 ukraine")
    check(verdict.text == "No match", f"non-matching story: {verdict.text}")
    verdict = run_playground(browser, "Anything", "(abrams OR")
    errors = browser.find("#result pre.errors").text
    check(verdict.text == "The rule has errors" and errors.startswith("query:1:"),
          f"a broken query: {errors!r}")


def check_pages(browser):
    browser.open("/rules")
    check(len(browser.all("table.rules tbody tr")) > 5, "the rules page lists the rules")
    check(browser.all(".tests-pass"), "the rules page shows test results")
    browser.shot("rules")
    browser.open("/activity")
    check(browser.all("figure.chart svg rect"), "the activity chart has no columns")
    browser.shot("activity")


def silence_list(newsmon, config):
    """The silences as `newsmon silence list --json` prints them, newest first."""
    result = subprocess.run([newsmon, "silence", "list", "--json", "--config", config],
                            capture_output=True, text=True, timeout=60, check=True)
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def check_silences(browser, newsmon, config):
    browser.open("/alerts?q=K2")
    browser.find("#alert-rows .alert-title").click()
    browser.wait(lambda: "/alerts/" in browser.driver.current_url, "the alert page")
    buttons = browser.all("section.rule-match form button")
    check(buttons, "the alert page offers no silence")
    rule = browser.find("section.rule-match h3 code").text
    buttons[0].click()
    browser.wait(lambda: browser.driver.current_url.endswith("/silences"), "the silences page")
    rows = browser.all("table.silences tbody tr")
    check(rows and rule in rows[0].text, f"no silence of {rule} listed")
    listed = silence_list(newsmon, config)
    check(listed and listed[0]["rule"] == rule and listed[0]["active"]
          and listed[0]["created_by"] == "local",
          f"newsmon silence list does not show the console's silence: {listed}")
    rows[0].find_element(By.CSS_SELECTOR, "form button").click()
    browser.wait(lambda: browser.all("table.silences tbody tr .state-expired"), "an expired silence")
    check(not silence_list(newsmon, config)[0]["active"],
          "the silence expired in the console is still active")


def add_silence(browser, fields):
    browser.open("/silences")
    form = browser.find("form[action='/silences']")
    for name, value in fields.items():
        field = form.find_element(By.CSS_SELECTOR, f"input[name={name}]")
        field.clear()
        field.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def delivery_rows(browser):
    """Each delivery row of the alert page as its cells' text."""
    return [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
            for row in browser.all("table.deliveries tbody tr")]


def check_deliveries(browser, silence):
    """The live alert's message to newsroom is held by the silence; to analysts, retried."""
    def settled():
        browser.driver.refresh()
        rows = delivery_rows(browser)
        held = [row for row in rows if row[0] == "newsroom" and "held" in row[3]]
        retried = [row for row in rows if row[0] == "analysts" and row[5] == "501"]
        return held and retried and (held[0], retried[0])
    held, retried = browser.wait(settled, "the live alert's deliveries", 60)
    check(f"silence {silence}" in held[3], f"the held message names no silence: {held}")
    check(retried[2].startswith("msg_") and "pending" in retried[3] and retried[7],
          f"the retried message shows no webhook-id or next retry: {retried}")
    heading = browser.find("h2#deliveries")
    browser.driver.execute_script("arguments[0].scrollIntoView()", heading)
    browser.shot("alert-deliveries")


def check_live(browser, feeds, newsmon, config):
    # A silence added in the console, mistakes first, that the daemon then applies.
    add_silence(browser, {"endpoint": "newsrom", "query": "abrams", "hours": "1"})
    problems = browser.wait(lambda: browser.all("#silence-problems li"), "the form's mistakes")
    check("did you mean 'newsroom'" in problems[0].text, problems[0].text)
    add_silence(browser, {"endpoint": "newsroom", "query": "abrams", "hours": "1",
                          "comment": "the live desk, newsroom only"})
    browser.wait(lambda: browser.driver.current_url.endswith("/silences"), "the silences page")
    browser.shot("silences")
    listed = silence_list(newsmon, config)
    check(listed and listed[0]["endpoint"] == "newsroom" and listed[0]["active"],
          f"newsmon silence list: {listed}")
    browser.open("/alerts")
    browser.wait(lambda: browser.find("#live-status").is_displayed(), "the live stream to open")
    before = len(browser.all("#alert-rows tr"))
    with open(os.path.join(feeds, "live.xml"), "w") as out:
        out.write(live_feed(LIVE_ITEM))
    browser.wait(lambda: len(browser.all("#alert-rows tr.fresh")) > 0, "a live alert", 60)
    check(len(browser.all("#alert-rows tr")) > before, "no row was added")
    check("Abrams" in browser.find("#alert-rows tr.fresh .alert-title").text,
          "the live row is not the new story")
    browser.shot("alerts-live")
    browser.find("#alert-rows tr.fresh .alert-title").click()
    browser.wait(lambda: "/alerts/" in browser.driver.current_url, "the live alert's page")
    check_deliveries(browser, listed[0]["id"])


def check_refusal(newsmon, folder, source):
    config = write_config(folder, "exposed.yaml", source, 9, f"web: {{listen: 0.0.0.0:{free_port()}}}")
    result = subprocess.run([newsmon, "run", "--config", config], capture_output=True,
                            text=True, timeout=60)
    check(result.returncode != 0, "a console on 0.0.0.0 without auth started")
    check("reachable from other machines" in result.stderr, result.stderr)


def check_sign_in(newsmon, folder, source, feeds_port, shots):
    port = free_port()
    token = "s3cret-token-for-the-browser-test"
    with open(os.path.join(folder, "token"), "w") as out:
        out.write(token + "\n")
    config = write_config(folder, "auth.yaml", source, feeds_port,
                          f"web: {{listen: 127.0.0.1:{port}, auth: {{token: file:token}}}}")
    daemon = Daemon(newsmon, config, os.path.join(folder, "auth.log"))
    browser = None
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: daemon.running() and get(base + "/static/app.css")[0] == 200,
                 "the console with auth")
        browser = Browser(base, shots)
        browser.open("/feeds")
        browser.wait(lambda: "/login" in browser.driver.current_url, "the sign-in page")
        browser.shot("login")
        browser.find("input[name=token]").send_keys("wrong-token-wrong-token")
        browser.find("form.login button").click()
        browser.wait(lambda: browser.all(".problem"), "a refused sign-in")
        browser.find("input[name=token]").send_keys(token)
        browser.find("form.login button").click()
        browser.wait(lambda: browser.driver.current_url.endswith("/feeds"), "the feeds after sign-in")
        check(browser.all("table.feeds"), "signed in but no feeds page")
    finally:
        if browser:
            browser.close()
        daemon.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--newsmon", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    args.source = os.path.abspath(args.source)
    args.newsmon = os.path.abspath(args.newsmon)
    os.makedirs(args.screenshots, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="newsmon-browser-")
    feeds = os.path.join(folder, "feeds")
    os.makedirs(feeds)
    for name in ("world-news.xml", "defence-wire.atom"):
        shutil.copy(os.path.join(args.source, "feeds", "demo", name), feeds)
    with open(os.path.join(feeds, "hostile.xml"), "w") as out:
        out.write(HOSTILE_FEED)
    with open(os.path.join(feeds, "live.xml"), "w") as out:
        out.write(live_feed(""))
    server = FeedServer(feeds)
    port = free_port()
    # The console shares its listener with the metrics.
    config = write_config(folder, "newsmon.yaml", args.source, server.port,
                          f"web: {{listen: 127.0.0.1:{port}}}\nmetrics: {{listen: 127.0.0.1:{port}}}")
    daemon = Daemon(args.newsmon, config, os.path.join(folder, "daemon.log"))
    browser = None
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: daemon.running() and "K2" in get(base + "/alerts")[1],
                 "the first alerts", 60)
        check(get(base + "/metrics")[0] == 200, "/metrics on the shared listener")
        browser = Browser(base, args.screenshots)
        check_alerts(browser)
        check_hostile(browser)
        check_alert_page(browser)
        check_playground(browser)
        check_pages(browser)
        check_silences(browser, args.newsmon, config)
        check_live(browser, feeds, args.newsmon, config)
        browser.close()
        browser = None
        check_refusal(args.newsmon, folder, args.source)
        check_sign_in(args.newsmon, folder, args.source, server.port, args.screenshots)
    except Exception:
        if browser:
            browser.shot("failure")
        with open(os.path.join(folder, "daemon.log")) as log:
            sys.stderr.write(log.read()[-4000:])
        raise
    finally:
        if browser:
            browser.close()
        daemon.stop()
        server.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"browser test passed; screenshots in {args.screenshots}")


if __name__ == "__main__":
    main()
