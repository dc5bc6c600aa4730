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
