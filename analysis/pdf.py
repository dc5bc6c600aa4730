"""Printing the HTML report to an A4 PDF with headless Chromium.

Page size and page numbers come from the report's own stylesheet (``@page``),
so the PDF looks exactly like the HTML. Kept apart from the HTML assembly so
that printing loads nothing but the standard library.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--run-all-compositor-stages-before-draw",
)


class PdfError(RuntimeError):
    """Chromium is missing or could not print the report."""


def find_chromium() -> str:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("headless Chromium is needed to print the PDF and was not found; "
           "install it with: apt-get install chromium fonts-noto-cjk")


def build_pdf(source_html: Path, destination: Path, timeout: float = 120) -> None:
    """Print the HTML report to an A4 PDF with headless Chromium."""
    chromium = find_chromium()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        temporary = destination.parent / f".{destination.name}.partial"
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={temporary}", source_html.resolve().as_uri()]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if completed.returncode != 0 or not temporary.exists() or temporary.stat().st_size == 0:
            temporary.unlink(missing_ok=True)
            raise PdfError(f"Chromium could not print {source_html} (exit {completed.returncode}): "
                           f"{completed.stderr.strip()[-500:]}")
        temporary.replace(destination)


class WarmChromium:
    """A headless Chromium started ahead of the print and driven over its DevTools protocol.

    Starting the browser takes about a second. ``make report`` starts it while the chapters
    run, so that printing only lays out the page; the printed PDF is the same as the command
    line's (A4 from the stylesheet, backgrounds printed, no header or footer). If anything goes
    wrong on this route, ``print_pdf`` falls back to the one-shot command line.
    """

    def __init__(self) -> None:
        # Chromium's helper processes may still write to the profile as it shuts down: ignore leftovers.
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-", ignore_cleanup_errors=True)
        self._process = subprocess.Popen(
            [find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its own process group, so that closing it ends its helpers too

    def _port(self, timeout: float) -> int:
        """The debugging port, which Chromium writes to DevToolsActivePort in its profile once it listens."""
        import time

        marker = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise PdfError(f"Chromium exited early (exit {self._process.returncode})")
            lines = marker.read_text().splitlines() if marker.exists() else []
            if lines and lines[0].isdigit():
                return int(lines[0])
            time.sleep(0.02)
        raise PdfError(f"Chromium did not open its debugging port within {timeout:.0f} s")

    def print_pdf(self, source_html: Path, destination: Path, timeout: float = 120) -> None:
        try:
            data = self._print_over_devtools(source_html.resolve().as_uri(), timeout)
        except Exception as error:  # the command line is the reference route; use it rather than fail
            print(f"  the prepared browser could not print ({type(error).__name__}: {error}); "
                  "printing with a fresh one", flush=True)
            build_pdf(source_html, destination, timeout)
            return
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.parent / f".{destination.name}.partial"
        temporary.write_bytes(data)
        temporary.replace(destination)

    def _print_over_devtools(self, uri: str, timeout: float) -> bytes:
        import asyncio
        import json
        from urllib.request import Request, urlopen

        port = self._port(timeout=20)
        with urlopen(Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT"), timeout=10) as response:
            page = json.load(response)
        if "webSocketDebuggerUrl" not in page:
            raise PdfError(f"Chromium opened no page to print in (answer: {str(page)[:200]})")
        return asyncio.run(asyncio.wait_for(_devtools_print(page["webSocketDebuggerUrl"], uri), timeout))

    def close(self) -> None:
        import os
        import signal

        for sent in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self._process.pid, sent)
            except ProcessLookupError:
                break
            try:
                self._process.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        self._profile.cleanup()

    def __enter__(self) -> "WarmChromium":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


async def _devtools_print(websocket_url: str, uri: str) -> bytes:
    """Open ``uri`` in the page behind ``websocket_url``, wait for it to load and print it to PDF bytes."""
    import base64
    import json
    from itertools import count

    from tornado.websocket import websocket_connect

    connection = await websocket_connect(websocket_url, max_message_size=1 << 30)
    numbers = count(1)
    events: list[str] = []

    async def receive() -> dict:
        message = await connection.read_message()
        if message is None:
            raise PdfError("Chromium closed the DevTools connection")
        return json.loads(message)

    async def call(method: str, **params: object) -> dict:
        number = next(numbers)
        await connection.write_message(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = await receive()
            if message.get("id") == number:
                if "error" in message:
                    raise PdfError(f"{method} failed: {message['error']}")
                return message.get("result", {})
            events.append(message.get("method", ""))

    try:
        await call("Page.enable")
        await call("Page.navigate", url=uri)
        while "Page.loadEventFired" not in events:
            events.append((await receive()).get("method", ""))
        result = await call("Page.printToPDF", preferCSSPageSize=True, printBackground=True,
                            displayHeaderFooter=False, transferMode="ReturnAsBase64")
        return base64.b64decode(result["data"])
    finally:
        connection.close()
