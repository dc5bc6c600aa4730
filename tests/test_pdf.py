"""Printing to PDF: the prepared browser prints what the command line prints, and falls back to it."""

from __future__ import annotations

from pypdf import PdfReader

from analysis.render import pdf

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm; }
.card { background: #1b7837; color: white; }
</style></head><body><h1>Россия и 中国</h1><p class="card">supported</p>
<p style="break-before: page">second page</p></body></html>"""


def test_the_prepared_browser_prints_a4_pages_with_their_text(tmp_path):
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    with pdf.WarmChromium() as browser:
        browser.print_pdf(source, tmp_path / "warm.pdf")
        browser.print_pdf(source, tmp_path / "again.pdf")  # the same browser prints more than once
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
