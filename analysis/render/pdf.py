"""Printing the HTML report to an A4 PDF with headless Chromium.

Page size and page numbers come from the report's own stylesheet (``@page``),
so the PDF looks exactly like the HTML. Kept apart from the HTML assembly so
that printing loads nothing but the standard library; the set-up script runs this
file on its own to find the browser (``python3 analysis/render/pdf.py browser``), and so writes its
files itself rather than through ``analysis.files``.

Every browser this module starts dies with the process that started it (even one killed
outright), and its profile folder is removed on every exit the process sees; a profile left
by a process killed outright is removed by the next build (``remove_stale_profiles``).
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The one list of browsers the project prints with, in order of preference; the set-up uses it too.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Chinese and Japanese names in the report and its charts need the Noto CJK fonts.
CJK_FONT_GLOB = "/usr/share/fonts/opentype/noto/NotoSansCJK-*"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--run-all-compositor-stages-before-draw",
)
# Printing from the command line: no header or footer, bookmarks from the headings. Only there: a browser
# driven over DevTools asks for the same in its print call, and started with the first flag it loses the
# renderer of a page opened in its first seconds.
COMMAND_LINE_PRINT_FLAGS = ("--no-pdf-header-footer", "--generate-pdf-document-outline")
PROFILE_PREFIX = "chromium-"
# Browsers started by this process and not yet closed: an interrupted build closes them all.
_OPEN: set["WarmChromium"] = set()


class PdfError(RuntimeError):
    """Chromium is missing or could not print the report."""


def os_release_id(path: Path = Path("/etc/os-release")) -> str:
    """'debian', 'ubuntu', ... from os-release, or '' where it cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.startswith("ID="):
            return line[3:].strip().strip('"')
    return ""


def browser_install_hint(system: str | None = None) -> str:
    """What to install for a browser to print with, on this kind of system."""
    system = os_release_id() if system is None else system
    if system == "ubuntu":
        # Ubuntu's apt package 'chromium-browser' only installs the snap.
        return ("on Ubuntu, install Chromium from its snap (sudo snap install chromium) "
                "or Google Chrome (the google-chrome-stable package from Google's apt repository)")
    return "on Debian, install it with: sudo apt-get install chromium"


def find_chromium() -> str:
    """The path of the first browser of ``BROWSERS`` on the PATH."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(f"a headless browser is needed to print the PDF and none of {', '.join(BROWSERS)} was found; "
                   + browser_install_hint())


def check_printing() -> str:
    """Check, before any chapter runs, that the PDF can be printed: a browser and the CJK fonts. Returns the browser."""
    browser = find_chromium()
    if not glob.glob(CJK_FONT_GLOB):
        raise PdfError("the Noto CJK fonts are needed to print Chinese names and were not found "
                       f"({CJK_FONT_GLOB}); install them with: sudo apt-get install fonts-noto-cjk")
    return browser


def _die_with_parent() -> None:
    """Run in the browser's process before it starts: it gets SIGTERM when the build's process ends."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the build's own clean-up still closes the browser


def new_profile(root: Path | None) -> tempfile.TemporaryDirectory:
    """A fresh browser profile folder under ``root`` (the system's temporary folder if None), named after this process."""
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=f"{PROFILE_PREFIX}{os.getpid()}-", dir=root, ignore_cleanup_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_profiles(root: Path) -> None:
    """Remove profile folders under ``root`` whose process is gone (a build killed outright)."""
    if not root.is_dir():
        return
    for folder in root.glob(f"{PROFILE_PREFIX}*"):
        pid = folder.name[len(PROFILE_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _stop_browser(process: subprocess.Popen, profile: tempfile.TemporaryDirectory) -> None:
    """Stop a browser and its helpers (its own process group), then remove its profile folder."""
    for sent, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    for _ in range(40):  # helpers still shutting down may write into the profile as it is removed
        profile.cleanup()
        if not Path(profile.name).exists():
            break
        time.sleep(0.05)


class _OneShotPrint:
    """A browser started for one print, closed by ``close_all`` if the build is stopped meanwhile."""

    def __init__(self, process: subprocess.Popen, profile: tempfile.TemporaryDirectory) -> None:
        self._process, self._profile = process, profile

    def close(self) -> None:
        _stop_browser(self._process, self._profile)
        _OPEN.discard(self)


def build_pdf(source_html: Path, destination: Path, timeout: float = 120, profile_root: Path | None = None) -> None:
    """Print the HTML report to an A4 PDF with headless Chromium."""
    chromium = find_chromium()
    destination.parent.mkdir(parents=True, exist_ok=True)
    profile = new_profile(profile_root)
    temporary = destination.parent / f".{destination.name}.partial"
    command = [chromium, *CHROMIUM_FLAGS, *COMMAND_LINE_PRINT_FLAGS, f"--user-data-dir={profile.name}",
               f"--print-to-pdf={temporary}", source_html.resolve().as_uri()]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=_die_with_parent)
    browser = _OneShotPrint(process, profile)
    _OPEN.add(browser)
    try:
        _, errors = process.communicate(timeout=timeout)
    except BaseException:  # a time-out, or the build interrupted: the browser must not outlive the print
        browser.close()
        temporary.unlink(missing_ok=True)
        raise
    browser.close()
    if process.returncode != 0 or not temporary.exists() or temporary.stat().st_size == 0:
        temporary.unlink(missing_ok=True)
        raise PdfError(f"Chromium could not print {source_html} (exit {process.returncode}): "
                       f"{errors.strip()[-500:]}")
    temporary.replace(destination)


def _write_pdf(destination: Path, data: bytes) -> None:
    """Write a printed PDF beside ``destination``, then move it into place: a reader never sees half a file."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.parent / f".{destination.name}.partial"
    temporary.write_bytes(data)
    temporary.replace(destination)


def say_falling_back(error: BaseException) -> None:
    """One line in the build's log: the prepared browser failed, a fresh one prints instead."""
    print(f"  the prepared browser could not print ({type(error).__name__}: {error}); printing with a fresh one",
          flush=True)


class WarmChromium:
    """A headless Chromium started ahead of the print and driven over its DevTools protocol.

    Starting the browser takes about a second. ``make report`` starts it while the chapters
    run, so that printing only lays out the page; the printed PDF is the same as the command
    line's (A4 from the stylesheet, backgrounds printed, no header or footer). If anything goes
    wrong on this route, ``print_pdf`` falls back to the one-shot command line.
    """

    def __init__(self, profile_root: Path | None = None) -> None:
        self._profile_root = profile_root
        self.closed = False
        # Chromium's helper processes may still write to the profile as it shuts down: ignore leftovers.
        self._profile = new_profile(profile_root)
        self._process = subprocess.Popen(
            [find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that closing it ends its helpers too
            preexec_fn=_die_with_parent)
        _OPEN.add(self)

    def port(self, timeout: float) -> int:
        """The debugging port, which Chromium writes to DevToolsActivePort in its profile once it listens."""
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
            if self.closed:  # closed meanwhile (the build stopped): no fresh browser to outlive it
                raise PdfError("the browser was closed before the print ended") from error
            say_falling_back(error)
            build_pdf(source_html, destination, timeout, self._profile_root)
            return
        _write_pdf(destination, data)

    def print_numbered(self, source_html: Path, destination: Path, number_contents, timeout: float = 120,
                       expected: dict[str, int] | None = None) -> dict[str, int]:
        """Print with the contents' page numbers, from one load of the page: each entry's page is read from a
        print (``number_contents``: PDF bytes -> {anchor: page}) and written beside the entry in the loaded
        page, which is printed again. With ``expected`` (the pages of an earlier print) those are written
        first, and when the print confirms them it is the only one. Returns the pages. No fallback: any
        error of this route is raised."""
        data, numbers = self._print_over_devtools(source_html.resolve().as_uri(), timeout, number_contents,
                                                  expected or {})
        _write_pdf(destination, data)
        return numbers

    def _print_over_devtools(self, uri: str, timeout: float, number_contents=None, expected=None):
        import asyncio
        from urllib.request import Request, urlopen

        port = self.port(timeout=20)
        with urlopen(Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT"), timeout=10) as response:
            page = json.load(response)
        if "webSocketDebuggerUrl" not in page:
            raise PdfError(f"Chromium opened no page to print in (answer: {str(page)[:200]})")
        printing = _devtools_print(page["webSocketDebuggerUrl"], uri, number_contents, expected)
        return asyncio.run(asyncio.wait_for(printing, timeout))

    def close(self) -> None:
        """Stop the browser and its helpers, and remove its profile; a print under way fails, with no fallback."""
        self.closed = True
        _stop_browser(self._process, self._profile)
        _OPEN.discard(self)

    def __enter__(self) -> "WarmChromium":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def close_all() -> None:
    """Close every browser this process started (an interrupted build, whatever it was doing)."""
    for browser in list(_OPEN):
        browser.close()


class DevToolsPage:
    """One page's DevTools connection: commands sent and their answers awaited, with the events that
    arrive meanwhile kept in ``events`` (the printer waits for the page's load; the browser check reads
    its console)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.events: list[dict] = []
        self._numbers = itertools.count(1)

    @classmethod
    async def open(cls, websocket_url: str) -> "DevToolsPage":
        from tornado.websocket import websocket_connect

        return cls(await websocket_connect(websocket_url, max_message_size=1 << 30))

    async def _receive(self) -> dict:
        message = await self.connection.read_message()
        if message is None:
            raise PdfError("Chromium closed the DevTools connection")
        return json.loads(message)

    async def call(self, method: str, **params: object) -> dict:
        number = next(self._numbers)
        await self.connection.write_message(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = await self._receive()
            if message.get("id") == number:
                if "error" in message:
                    raise PdfError(f"{method} failed: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    async def load(self, uri: str) -> None:
        """Navigate to ``uri`` and wait until the page has loaded."""
        await self.call("Page.enable")
        await self.call("Page.navigate", url=uri)
        while not any(event.get("method") == "Page.loadEventFired" for event in self.events):
            self.events.append(await self._receive())

    def close(self) -> None:
        self.connection.close()


# Writes each page number after its contents entry (replacing any written before), as
# ``contents.with_page_numbers`` does in the HTML.
NUMBERING_SCRIPT = """(numbers => {
  for (const written of document.querySelectorAll("nav.contents span.page-number")) written.remove();
  let written = 0;
  for (const [anchor, number] of Object.entries(numbers)) {
    const entry = document.querySelector(`nav.contents a[href="#${CSS.escape(anchor)}"]`);
    if (entry === null) continue;
    const page = document.createElement("span");
    page.className = "page-number";
    page.textContent = String(number);
    entry.after(page);
    written += 1;
  }
  return written;
})(%s)"""


async def _devtools_print(websocket_url: str, uri: str, number_contents=None, expected=None):
    """Open ``uri`` in the page behind ``websocket_url``, wait for it to load and print it to PDF bytes.

    With ``number_contents`` (PDF bytes -> {anchor: page}), the contents carry page numbers: first
    ``expected`` ones; if the print finds other pages, those are written and the page printed again.
    Returns (PDF bytes, pages) then."""
    import base64

    async def printed() -> bytes:
        result = await page.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True,
                                 generateDocumentOutline=True,  # bookmarks from the headings
                                 displayHeaderFooter=False, transferMode="ReturnAsBase64")
        return base64.b64decode(result["data"])

    async def write(numbers: dict[str, int]) -> None:
        answer = await page.call("Runtime.evaluate", expression=NUMBERING_SCRIPT % json.dumps(numbers),
                                 returnByValue=True)
        written = answer.get("result", {}).get("value")
        if written != len(numbers):
            raise PdfError(f"expected to write {len(numbers)} page numbers into the contents, wrote {written}")

    page = await DevToolsPage.open(websocket_url)
    try:
        await page.load(uri)
        if number_contents is None:
            return await printed()
        if expected:
            await write(expected)
        data = await printed()
        numbers = number_contents(data)
        if numbers != expected:
            await write(numbers)
            data = await printed()
        return data, numbers
    finally:
        page.close()


def main(argv: list[str]) -> int:
    """``python3 analysis/pdf.py browser``: print the browser's path, or what to install (exit 1)."""
    if argv != ["browser"]:
        print("usage: python3 analysis/pdf.py browser", file=sys.stderr)
        return 2
    try:
        print(find_chromium())
    except PdfError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
