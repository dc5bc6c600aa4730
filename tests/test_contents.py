"""Page numbers of the printed contents, found in the first print."""

from __future__ import annotations

from analysis.render import contents

DOCUMENT = ('<nav class="contents"><ol><li><a href="#s">Executive summary</a><ul><li><a href="#v1">Verdicts</a></li>'
            '</ul></li><li><a href="#e">1. Economy: trade, energy and finance</a><ul><li><a href="#v2">Verdicts</a>'
            '</li></ul></li><li><a href="#x">Missing</a></li></ol></nav><main>…</main>')


def test_each_entry_is_found_after_the_contents_page_and_after_the_entry_before():
    entries = contents.contents_entries(DOCUMENT)
    assert entries[1] == ("v1", "Verdicts")
    pages = ["Title", "2 Contents Executive summary Verdicts 1. Economy … Missing", "3 Executive summary Verdicts",
             "4 1. Economy: trade, energy and\nﬁnance", "5 text", "6 Verdicts"]
    assert contents.locate(entries, pages) == {"s": 3, "v1": 3, "e": 4, "v2": 6}  # the second 'Verdicts' is after 4


def test_page_numbers_are_written_beside_their_entries_only():
    numbered = contents.with_page_numbers(DOCUMENT, {"s": 3, "e": 4})
    assert '<a href="#s">Executive summary</a><span class="page-number">3</span>' in numbered
    assert '<a href="#v1">Verdicts</a></li>' in numbered
    assert numbered.endswith("<main>…</main>")


def test_the_outline_gives_each_entry_its_page_in_order_even_where_a_wrapped_title_lost_its_space():
    entries = contents.contents_entries(DOCUMENT)
    outline = [("Title", 1), ("Contents", 2), ("Executive summary", 3), ("Verdicts", 3),
               ("1. Economy: trade, energy andfinance", 5), ("Verdicts", 9)]
    assert contents.locate_in_outline(entries, outline) == {"s": 3, "v1": 3, "e": 5, "v2": 9}


def test_a_printed_report_carries_an_outline_of_its_headings(tmp_path):
    from analysis.render.pdf import build_pdf

    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>First</h1><p>text</p><h2>Second part</h2><div style='break-before: page'>"
                    "<h1>Third</h1></div></body></html>", encoding="utf-8")
    build_pdf(page, tmp_path / "page.pdf")
    assert contents.pdf_outline(tmp_path / "page.pdf") == [("First", 1), ("Second part", 1), ("Third", 2)]


NUMBERED_PAGE = ('<html><body><nav class="contents"><h2>Contents</h2><ol><li><a href="#a">Alpha part</a></li>'
                 '<li><a href="#b">Beta part</a></li></ol></nav>'
                 '<h1 id="a" style="break-before: page">Alpha part</h1><p>one</p>'
                 '<h1 id="b" style="break-before: page">Beta part</h1><p>two</p></body></html>')


def test_one_load_prints_the_contents_with_the_pages_of_the_first_print_as_two_fresh_browsers_do(tmp_path):
    from analysis.render.pdf import build_pdf, WarmChromium

    page = tmp_path / "page.html"
    page.write_text(NUMBERED_PAGE, encoding="utf-8")
    with WarmChromium(tmp_path / "profiles") as browser:
        pages = browser.print_numbered(page, tmp_path / "warm.pdf",
                                       lambda printed: contents.page_numbers(NUMBERED_PAGE, printed))
    assert pages == {"a": 2, "b": 3}
    build_pdf(page, tmp_path / "first.pdf")  # the route without a prepared browser
    numbers = contents.page_numbers(NUMBERED_PAGE, tmp_path / "first.pdf")
    assert numbers == {"a": 2, "b": 3}
    (tmp_path / "numbered.html").write_text(contents.with_page_numbers(NUMBERED_PAGE, numbers), encoding="utf-8")
    build_pdf(tmp_path / "numbered.html", tmp_path / "cold.pdf")
    warm, cold = contents.pdf_pages(tmp_path / "warm.pdf"), contents.pdf_pages(tmp_path / "cold.pdf")
    assert len(warm) == len(cold) == 3
    contents_page = "".join(warm[0].split())
    assert "Alphapart2" in contents_page and "Betapart3" in contents_page
    assert [text.split() for text in warm] == [text.split() for text in cold]


def test_pages_kept_from_the_last_print_are_used_when_the_print_confirms_them_and_replaced_when_not(tmp_path):
    from analysis.render.pdf import WarmChromium

    page = tmp_path / "page.html"
    page.write_text(NUMBERED_PAGE, encoding="utf-8")
    prints = []

    def number_contents(printed: bytes) -> dict[str, int]:
        prints.append(printed)
        return contents.page_numbers(NUMBERED_PAGE, printed)

    with WarmChromium(tmp_path / "profiles") as browser:
        assert browser.print_numbered(page, tmp_path / "right.pdf", number_contents, expected={"a": 2, "b": 3}) \
            == {"a": 2, "b": 3}
        assert len(prints) == 1, "pages confirmed by the first print need no second print"
        assert browser.print_numbered(page, tmp_path / "wrong.pdf", number_contents, expected={"a": 7, "b": 9}) \
            == {"a": 2, "b": 3}
    assert len(prints) == 2
    for printed in ("right.pdf", "wrong.pdf"):
        contents_page = "".join(contents.pdf_pages(tmp_path / printed)[0].split())
        assert "Alphapart2" in contents_page and "Betapart3" in contents_page and "7" not in contents_page
