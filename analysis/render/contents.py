"""Page numbers for the printed contents.

A browser prints the contents without knowing where each section lands. So the report is printed
once, each contents entry is looked up in the printed pages (in order, each after the one
before), and the report is printed again with the page numbers written beside the entries. The
numbers take no room of their own on the page, so the second print breaks its pages as the first.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

NAV = re.compile(r'<nav class="contents".*?</nav>', re.S)
ENTRY = re.compile(r'<a href="#([^"]+)">(.*?)</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    """Text compared as a reader sees it: ligatures the printer set ("ﬁ") undone, spacing made single."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def contents_entries(document: str) -> list[tuple[str, str]]:
    """The (anchor, heading text) of each contents entry, in order."""
    nav = NAV.search(document)
    return [(anchor, _plain(html.unescape(TAG.sub("", text)))) for anchor, text in ENTRY.findall(nav.group(0))] if nav else []


def locate(entries: list[tuple[str, str]], pages: list[str]) -> dict[str, int]:
    """The printed page (counted from 1) of each entry: the first page after the contents, and not before
    the previous entry's page, whose text holds the heading. An entry not found gets no number."""
    texts = [_plain(page) for page in pages]
    last = entries[-1][1] if entries else ""
    # The contents page names every entry; the search starts after it.
    start = next((index + 1 for index, text in enumerate(texts) if "Contents" in text and last in text), 0)
    found, current = {}, start
    for anchor, heading in entries:
        page = next((index for index in range(current, len(texts)) if heading in texts[index]), None)
        if page is not None:
            found[anchor] = page + 1
            current = page
    return found


def with_page_numbers(document: str, numbers: dict[str, int]) -> str:
    """The document with each located contents entry followed by its page number (shown in print only)."""
    nav = NAV.search(document)
    if nav is None:
        return document

    def numbered(entry: re.Match) -> str:
        number = numbers.get(entry.group(1))
        return entry.group(0) + (f'<span class="page-number">{number}</span>' if number else "")

    return document[:nav.start()] + ENTRY.sub(numbered, nav.group(0)) + document[nav.end():]


def pdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(pdf).pages]
