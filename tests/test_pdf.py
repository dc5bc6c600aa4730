"""Printing to PDF: the prepared browser prints what the command line prints, and falls back to it."""

from __future__ import annotations

from pypdf import PdfReader

from analysis.render import pdf

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm; }
.card { background: #1b7837; color: white; }
</style></head><body><h1>Россия и 中国</h1><p class="card">supported</p>
<p style="break-before: page">second page</p></body></html>"""


def test_the_prepared_browser_prints_a4_pages_with_their_text(tmp_path, capsys):
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    with pdf.WarmChromium() as browser:  # printing at once: a page opened in the browser's first second lives
        browser.print_pdf(source, tmp_path / "warm.pdf")
        browser.print_pdf(source, tmp_path / "again.pdf")  # the same browser prints more than once
    assert "printing with a fresh one" not in capsys.readouterr().out, "the prepared browser could not print"
    reader = PdfReader(tmp_path / "warm.pdf")
    assert len(reader.pages) == 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842), f"expected A4 (595 x 842 pt), found {width} x {height}"
    text = reader.pages[0].extract_text()
    assert "Россия" in text and "中国" in text and "supported" in text
    assert len(PdfReader(tmp_path / "again.pdf").pages) == 2
    assert not list(tmp_path.glob(".*.partial"))


def test_a_browser_that_cannot_print_falls_back_to_the_command_line(tmp_path, capsys):
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    browser = pdf.WarmChromium()
    browser._process.kill()  # the prepared browser is gone: the print must still happen
    browser._process.wait()
    try:
        browser.print_pdf(source, tmp_path / "fallback.pdf")
    finally:
        browser.close()
    assert len(PdfReader(tmp_path / "fallback.pdf").pages) == 2
    assert "printing with a fresh one" in capsys.readouterr().out


def test_a_closed_browser_does_not_fall_back_to_a_fresh_one(tmp_path, capsys):
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    browser = pdf.WarmChromium(tmp_path / "profiles")
    browser.close()  # as a stopped build does while a print is under way
    try:
        browser.print_pdf(source, tmp_path / "never.pdf")
    except pdf.PdfError as error:
        assert "closed" in str(error)
    else:
        raise AssertionError("a closed browser printed")
    assert "printing with a fresh one" not in capsys.readouterr().out
    assert not (tmp_path / "never.pdf").exists()
    assert not list((tmp_path / "profiles").glob(f"{pdf.PROFILE_PREFIX}*"))


def test_closing_all_browsers_stops_a_one_shot_print_and_removes_its_profile(tmp_path):
    import threading
    import time

    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    profiles = tmp_path / "profiles"
    outcome = []

    def print_it():
        try:
            pdf.build_pdf(source, tmp_path / "page.pdf", profile_root=profiles)
            outcome.append("printed")
        except pdf.PdfError as error:
            outcome.append(error)

    worker = threading.Thread(target=print_it)
    worker.start()
    deadline = time.monotonic() + 10
    while not list(profiles.glob(f"{pdf.PROFILE_PREFIX}*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    pdf.close_all()  # what an interrupted build does
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert not list(profiles.glob(f"{pdf.PROFILE_PREFIX}*")), "the print's profile was left behind"
    assert not pdf._OPEN
