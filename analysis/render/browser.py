"""Reading the HTML report in a real browser: open it in headless Chromium at a given window size, run
a script in the page and collect what the page reported as errors.

The report's own checks use it (``tests/test_browser.py``): no console errors, every image decoded,
every internal link landing on an anchor, the contents in view on a wide screen, each data link
holding its figure's numbers.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.request import Request, urlopen

from analysis.render.pdf import DevToolsPage, PdfError, WarmChromium

# Collected in the page, returned as one JSON object.
PAGE_FACTS = """(() => {
  const visible = (element) => {
    if (!element) return false;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
      && box.left < innerWidth && box.right > 0;
  };
  const contents = document.querySelector('nav.contents');
  const firstEntry = contents && contents.querySelector('ol a');
  return JSON.stringify({
    images: [...document.images].map(image => ({alt: image.alt, decoded: image.complete && image.naturalWidth > 0})),
    brokenLinks: [...document.querySelectorAll('a[href^="#"]')]
      .map(link => link.getAttribute('href').slice(1))
      .filter(id => !document.getElementById(decodeURIComponent(id))),
    contentsPinned: !!contents && getComputedStyle(contents).position === 'fixed' && visible(firstEntry),
    contentsEntriesShown: visible(firstEntry),
    dataLinks: [...document.querySelectorAll('a.data-link')].map(link => ({
      file: link.getAttribute('download'),
      csv: new TextDecoder().decode(Uint8Array.from(atob(link.href.split(',')[1]), c => c.charCodeAt(0)))})),
    width: innerWidth,
  });
})()"""


ATTEMPTS = 3


@dataclass(frozen=True)
class PageReading:
    facts: dict
    errors: list[str]  # console errors, uncaught exceptions and failed loads, as the page reported them


async def _read(websocket_url: str, uri: str, width: int, height: int, script: str) -> PageReading:
    page = await DevToolsPage.open(websocket_url)
    try:
        for domain in ("Runtime", "Log"):
            await page.call(f"{domain}.enable")
        await page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                        mobile=False)
        await page.load(uri)
        result = await page.call("Runtime.evaluate", expression=script, returnByValue=True, awaitPromise=True)
        facts = json.loads(result["result"]["value"])
    finally:
        page.close()
    return PageReading(facts, _errors(page.events))


def _errors(events: list[dict]) -> list[str]:
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            errors.append(" ".join(str(arg.get("value", "")) for arg in params.get("args", [])))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            errors.append(params["entry"].get("text", ""))
    return errors


def read_page(browser: WarmChromium, page: Path, width: int, height: int = 900,
              script: str = PAGE_FACTS, timeout: float = 60) -> PageReading:
    """Open ``page`` in a new tab of ``browser`` at ``width`` × ``height`` pixels and run ``script`` in it.

    A browser just started may drop the first tab's connection; the reading is then tried in a new tab,
    up to ``ATTEMPTS`` times."""
    port = browser.port(timeout=20)
    for attempt in range(1, ATTEMPTS + 1):
        with urlopen(Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT"), timeout=10) as response:
            target = json.load(response)
        try:
            return asyncio.run(asyncio.wait_for(
                _read(target["webSocketDebuggerUrl"], page.resolve().as_uri(), width, height, script), timeout))
        except PdfError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
