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
