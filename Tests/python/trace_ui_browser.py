"""Drives the trace UI in headless Chromium (Debian's, through Playwright) and prints what it
saw as one JSON object; the Swift test that started the server checks it against the traces
it stored.

Usage: trace_ui_browser.py CONFIG_JSON
CONFIG_JSON: {"base": "http://127.0.0.1:PORT", "prefix": "/debug/traces", "screenshots": DIR,
              "checkout": TRACE_ID, "hostile": TRACE_ID, "big": TRACE_ID, "collapse": SPAN_ID,
              "deepLink": SPAN_ID, "completeTrace": URL that completes a new trace and answers its id}
"""

import json
import os
import sys
import threading
import time
import urllib.request

from playwright.sync_api import sync_playwright

config = json.loads(sys.argv[1])
ui = config["base"] + config["prefix"] + "/ui"
console_errors = []
results = {}

ROWS = """() => [...document.querySelectorAll('#waterfall .wf-row')].map(row => {
  const bar = row.querySelector('.wf-bar').getBoundingClientRect();
  const track = row.querySelector('.wf-track').getBoundingClientRect();
  return {
    id: row.dataset.spanId,
    classes: row.className.split(' '),
    level: Number(row.getAttribute('aria-level')),
    expanded: row.getAttribute('aria-expanded'),
    name: row.querySelector('.wf-name').textContent,
    service: row.querySelector('.wf-service').textContent,
    top: row.getBoundingClientRect().top,
    barLeft: bar.left - track.left,
    barWidth: bar.width,
    trackWidth: track.width,
  };
}).sort((a, b) => a.top - b.top)"""

PWNED = "() => [window.__pwned, document.querySelectorAll('[onerror],[onload],img[src=\"x\"],script:not([src]):not([type=\"application/json\"])').length]"


def watch(page):
    page.on("console", lambda message: message.type == "error" and console_errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: console_errors.append(f"{page.url}: {error}"))


def until(page, expression, timeout=20):
    """Polls `expression` from here: Playwright's wait_for_function polls with eval in the page,
    which the pages' CSP (rightly) forbids, while evaluate goes through the DevTools protocol."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout}s: {expression}")
        time.sleep(0.05)


def ready(page):
    until(page, "document.documentElement.dataset.ready === 'true'")


def security_headers(response):
    headers = response.headers
    return {name: headers.get(name) for name in ("content-security-policy", "x-content-type-options", "referrer-policy", "content-type")}


def shot(page, name):
    page.screenshot(path=os.path.join(config["screenshots"], name), full_page=False)


def trace_url(trace_id):
    return f"{ui}/trace/{trace_id}"


def list_page(page):
    response = page.goto(ui)
    ready(page)
    shot(page, "list.png")
    rows = "rows => rows.map(row => row.dataset.traceId)"
    result = {
        "headers": security_headers(response),
        "rows": page.eval_on_selector_all("#results tbody tr[data-trace-id]", rows),
        "dots": page.eval_on_selector_all("#scatter circle", "dots => dots.map(dot => dot.dataset.traceId)"),
    }
    page.click("th[data-sort='duration'] button")
    until(page, "document.querySelector(\"th[data-sort='duration']\").getAttribute('aria-sort') === 'descending'")
    result["byDuration"] = page.eval_on_selector_all("#results tbody tr[data-trace-id]", rows)
    result["pwned"] = page.evaluate(PWNED)
    return result


def list_dot_opens_trace(page):
    page.goto(ui)
    ready(page)
    dot = page.locator(f"#scatter circle[data-trace-id='{config['checkout']}']")
    dot.click()
    page.wait_for_url(f"**/ui/trace/{config['checkout']}")
    return page.url


def api_opens_pages(page):
    """Chromium opening the JSON API's search or a trace, as from a traceresponse header, lands on the page."""
    api = config["base"] + config["prefix"]
    page.goto(f"{api}?status=error")
    ready(page)
    search = page.url
    page.goto(f"{api}/{config['checkout']}")
    ready(page)
    return {"search": search, "trace": page.url}


def bad_queries(browser):
    """The API's 400s reach the list page as its reasons. (Chromium logs every 4xx to the console,
    so this page is not watched for console errors.)"""
    page = browser.new_page()
    notices = {}
    for name, query in [("duration", "minDuration=soon"), ("traceQL", "q=%7B+name+%3D+")]:
        page.goto(f"{ui}?{query}")
        ready(page)
        notices[name] = page.text_content("#list-notice")
    page.close()
    return notices


def routes_page(page):
    # A request held in the server while the page polls the requests in flight.
    slow = threading.Thread(target=lambda: urllib.request.urlopen(config["slow"], timeout=60).read())
    slow.start()
    response = page.goto(f"{ui}/routes")
    ready(page)
    until(page, "document.querySelectorAll('#active tbody tr').length > 0")
    active = page.eval_on_selector_all("#active tbody tr", "rows => rows.map(row => [...row.cells].map(cell => cell.textContent.trim()))")
    shot(page, "routes.png")
    urllib.request.urlopen(urllib.request.Request(config["release"], method="POST")).read()
    slow.join()
    return {
        "active": active,
        "headers": security_headers(response),
        "routes": page.eval_on_selector_all("#routes tbody tr", "rows => rows.map(row => [...row.cells].slice(0, 3).map(cell => cell.textContent.trim()))"),
        "bucketLinks": page.eval_on_selector_all("#routes td.bucket a", "links => links.map(link => link.getAttribute('href'))"),
        "pwned": page.evaluate(PWNED),
    }


def trace_page(page):
    response = page.goto(trace_url(config["checkout"]))
    ready(page)
    result = {"headers": security_headers(response), "rows": page.evaluate(ROWS)}
    result["findings"] = page.eval_on_selector_all(
        ".finding", "items => items.map(item => ({kind: item.dataset.kind, spans: [...item.querySelectorAll('a[data-span-link]')].map(a => a.dataset.spanLink)}))")

    # A finding's link selects its span.
    link = page.locator(".finding[data-kind='nPlusOne'] a[data-span-link]").first
    linked = link.get_attribute("data-span-link")
    link.click()
    page.wait_for_selector(f".wf-row.selected[data-span-id='{linked}']")
    result["findingLink"] = {"linked": linked, "selected": page.get_attribute(".wf-row.selected", "data-span-id"), "hash": page.evaluate("location.hash")}

    # Collapsing a span hides its descendants; expanding brings them back.
    collapse = config["collapse"]
    page.click(f".wf-row[data-span-id='{collapse}'] .wf-toggle")
    page.wait_for_selector(f".wf-row[data-span-id='{collapse}'][aria-expanded='false']")
    result["collapsed"] = [row["id"] for row in page.evaluate(ROWS)]
    page.click(f".wf-row[data-span-id='{collapse}'] .wf-toggle")
    page.wait_for_selector(f".wf-row[data-span-id='{collapse}'][aria-expanded='true']")
    result["expanded"] = [row["id"] for row in page.evaluate(ROWS)]
    page.click("#collapse-all")
    until(page, "document.querySelectorAll('#waterfall .wf-row').length === 1")
    result["collapsedAll"] = [row["id"] for row in page.evaluate(ROWS)]
    page.click("#expand-level")
    until(page, "document.querySelectorAll('#waterfall .wf-row').length > 1")
    result["oneLevel"] = [row["id"] for row in page.evaluate(ROWS)]
    page.click("#expand-all")
    until(page, f"document.querySelectorAll('#waterfall .wf-row').length === {len(result['expanded'])}")

    # Search inside the trace marks the matching rows.
    page.fill("#trace-search", "select")
    page.press("#trace-search", "Enter")
    page.wait_for_selector(".wf-row.current-match")
    result["searchMatches"] = page.eval_on_selector_all(".wf-row.match", "rows => rows.map(row => row.dataset.spanId)")
    page.press("#trace-search", "Escape")

    # Keyboard: Home selects the first span, j the next, e the next error span, p its parent.
    page.locator("#waterfall .wf-body").focus()
    keys = {}
    selected = "document.querySelector('.wf-row.selected')?.dataset.spanId ?? null"
    for key in ["Home", "j", "e", "p"]:
        before = page.evaluate(selected)
        page.keyboard.press(key)
        until(page, f"({selected}) !== {json.dumps(before)}")
        keys[key] = page.evaluate(selected)
    result["keys"] = keys
    result["keyHelp"] = page.eval_on_selector_all("#keys dt", "items => items.map(item => item.textContent)")

    # The span detail shows what the span carries.
    page.click(f".wf-row[data-span-id='{config['deepLink']}']")
    page.wait_for_selector("#detail:not(.hidden)")
    result["detail"] = {
        "title": page.text_content("#detail-title"),
        "text": page.text_content("#detail"),
        "links": page.eval_on_selector_all("#detail a.span-link", "links => links.map(link => link.getAttribute('href'))"),
    }
    shot(page, "trace.png")

    # Pin and unpin, as the store then says.
    summary = f"{config['base']}{config['prefix']}/{config['checkout']}/summary"
    kept = lambda: json.loads(urllib.request.urlopen(summary).read())["keptReasons"]
    page.click("#pin")
    until(page, "document.getElementById('pin').getAttribute('aria-pressed') === 'true'")
    result["pinned"] = kept()
    page.click("#pin")
    until(page, "document.getElementById('pin').getAttribute('aria-pressed') === 'false'")
    result["unpinned"] = kept()

    # Comparison with a typical trace of the route.
    page.click("#compare-typical")
    page.wait_for_selector("#compare-table, #compare-result p")
    result["comparison"] = page.eval_on_selector_all("#compare-table tbody tr", "rows => rows.map(row => row.dataset.change)")
    result["pwned"] = page.evaluate(PWNED)
    return result


def deep_link(page):
    page.goto(f"{trace_url(config['checkout'])}#span={config['deepLink']}")
    ready(page)
    return {
        "selected": page.get_attribute(".wf-row.selected", "data-span-id"),
        "detailTitle": page.text_content("#detail-title"),
    }


def hostile(page):
    response = page.goto(trace_url(config["hostile"]))
    ready(page)
    rows = page.evaluate(ROWS)
    for row in rows:
        page.click(f".wf-row[data-span-id='{row['id']}']")
        page.wait_for_selector(f".wf-row.selected[data-span-id='{row['id']}']")
    return {
        "headers": security_headers(response),
        "names": [row["name"] for row in rows],
        "services": [row["service"] for row in rows],
        "title": page.text_content("#trace-title"),
        "detail": page.text_content("#detail"),
        "findings": page.eval_on_selector_all(".finding", "items => items.map(item => item.textContent)"),
        "pwned": page.evaluate(PWNED),
    }


def big(page):
    page.goto(trace_url(config["big"]))
    ready(page)
    # Browser time: from the last byte of the page to the waterfall drawn, apart from the server's time.
    timing = page.evaluate("""() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const ready = performance.getEntriesByName('spanscope:ready')[0].startTime;
      return {server: navigation.responseStart - navigation.requestStart, browser: ready - navigation.responseEnd};
    }""")
    body = page.locator("#waterfall .wf-body")
    counts = []
    for fraction in [0.25, 0.5, 0.75, 1.0]:
        body.evaluate(f"body => {{ body.scrollTop = body.scrollHeight * {fraction}; }}")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        counts.append(page.eval_on_selector_all("#waterfall .wf-row", "rows => rows.length"))
    rows = page.evaluate(ROWS)
    return {
        "serverMillis": timing["server"],
        "browserMillis": timing["browser"],
        "domRows": counts,
        "lastRow": rows[-1]["id"] if rows else None,
        "rowCount": page.evaluate("document.querySelectorAll('#waterfall .wf-row').length"),
    }


def dark_mode(browser):
    context = browser.new_context(color_scheme="light", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch(page)
    page.goto(ui)
    ready(page)
    background = "() => getComputedStyle(document.body).backgroundColor"
    result = {"before": page.evaluate(background), "themeBefore": page.evaluate("document.documentElement.dataset.theme ?? null")}
    page.click("#theme-toggle")
    result["after"] = page.evaluate(background)
    result["themeAfter"] = page.evaluate("document.documentElement.dataset.theme ?? null")
    page.goto(trace_url(config["checkout"]))
    ready(page)
    result["remembered"] = page.evaluate("document.documentElement.dataset.theme ?? null")
    result["rememberedBackground"] = page.evaluate(background)
    # The minimap paints error spans in the theme's error color, which the canvas gets resolved.
    result["minimapErrorPixels"] = page.evaluate("""() => {
      const canvas = document.querySelector('#minimap canvas');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 248 && data[i + 1] === 81 && data[i + 2] === 73) count++;
      return count;
    }""")
    shot(page, "trace-dark.png")
    context.close()

    system_dark = browser.new_context(color_scheme="dark")
    page = system_dark.new_page()
    watch(page)
    page.goto(ui)
    ready(page)
    result["systemDark"] = page.evaluate(background)
    # The toggle overrides the system's dark preference as well.
    page.click("#theme-toggle")
    result["systemDarkToggled"] = page.evaluate(background)
    system_dark.close()
    return result


def live(page):
    page.goto(f"{ui}/live")
    ready(page)
    with urllib.request.urlopen(urllib.request.Request(config["completeTrace"], method="POST")) as response:
        trace_id = response.read().decode().strip()
    page.wait_for_selector(f"#live tr[data-trace-id='{trace_id}']", timeout=10000)
    return {"completed": trace_id, "shown": page.eval_on_selector_all("#live tbody tr", "rows => rows.map(row => row.dataset.traceId)")}


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch(page)
    for name, scenario in [
        ("list", list_page), ("listDotOpens", list_dot_opens_trace), ("apiOpens", api_opens_pages), ("routes", routes_page),
        ("trace", trace_page), ("deepLink", deep_link), ("hostile", hostile), ("big", big), ("live", live),
    ]:
        try:
            results[name] = scenario(page)
        except Exception as error:  # a failed scenario is a result for the Swift test to report
            results[name] = {"failed": f"{type(error).__name__}: {error}"}
    for name, scenario in [("darkMode", dark_mode), ("badQueries", bad_queries)]:
        try:
            results[name] = scenario(browser)
        except Exception as error:
            results[name] = {"failed": f"{type(error).__name__}: {error}"}
    browser.close()

results["consoleErrors"] = console_errors
print(json.dumps(results))
