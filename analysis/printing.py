"""The PDF stage: the HTML report printed with the page numbers of its contents.

A browser prints the contents without knowing where each section lands, so the page numbers come
from a print (``render.contents``) and the report is printed again with them. The browser the build
starts while the chapters run (``render.pdf.WarmChromium``) makes both prints from one load of the
page, and its first print already carries the pages of the pair's last PDF: when that print finds
the same pages, it is the only one. Without that browser, or if it fails, two fresh browsers print
from the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis import files
from analysis.execution import in_worker

CONTENTS_PAGES = "contents-pages.json"  # in the pair's build folder: anchor -> page of the last PDF
PRINTED_HTML = "report.print.html"  # the report with its contents' page numbers, printed and removed


def start_browser(profiles: Path):
    """A ``pdf.WarmChromium`` for the PDF stage, or None if Chromium cannot start (the PDF stage then says why)."""
    from analysis.render.pdf import PdfError, WarmChromium

    try:
        return WarmChromium(profiles)
    except (PdfError, OSError):
        return None


def last_contents_pages(path: Path) -> dict[str, int]:
    """The pages kept by the last print, or none (a print checks them, so a wrong or damaged file costs a print)."""
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    valid = isinstance(pages, dict) and all(isinstance(page, int) for page in pages.values())
    return pages if valid else {}


def print_report(html: Path, pdf: Path, pages_file: Path, browser=None, profiles: Path | None = None) -> None:
    """Print ``html`` to ``pdf`` with the contents' page numbers, keeping them in ``pages_file`` for the next print."""
    from analysis.render import contents
    from analysis.render.pdf import build_pdf as print_once, say_falling_back

    document = html.read_text(encoding="utf-8")

    def number_contents(printed: bytes) -> dict[str, int]:
        return contents.page_numbers(document, printed)

    if browser is not None:
        try:
            pages = in_worker(browser.print_numbered, html, pdf, number_contents, 120, last_contents_pages(pages_file))
            files.write_atomically(pages_file, json.dumps(pages).encode("utf-8"))
            return
        except Exception as error:  # the command line is the reference route; use it rather than fail
            if browser.closed:
                raise
            say_falling_back(error)
    printed = html.with_name(PRINTED_HTML)
    in_worker(print_once, html, pdf, 120, profiles)
    numbers = in_worker(contents.page_numbers, document, pdf)
    files.write_atomically(printed, contents.with_page_numbers(document, numbers).encode("utf-8"))
    try:
        in_worker(print_once, printed, pdf, 120, profiles)
    finally:
        printed.unlink(missing_ok=True)
    files.write_atomically(pages_file, json.dumps(numbers).encode("utf-8"))
