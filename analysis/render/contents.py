"""Page numbers for the printed contents.

A browser prints the contents without knowing where each section lands. So the report is printed
once, each contents entry is looked up in the printed PDF (in order, each after the one before) and
the report is printed again with the page numbers written beside the entries. The numbers take no
room of their own on the page, so the second print breaks its pages as the first. The PDF's outline
(its bookmarks, which Chromium makes from the headings) gives each heading's page at once; where a
print has no outline, the headings are looked for in the pages' text.
"""

from __future__ import annotations

import html
import io
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


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def locate_in_outline(entries: list[tuple[str, str]], outline: list[tuple[str, int]]) -> dict[str, int]:
    """The page of each entry from the PDF's outline, (heading, page) in document order: each entry is the
    next heading of its title (compared without spaces, which a wrapped heading can lose)."""
    found, current = {}, 0
    for anchor, heading in entries:
        wanted = _squeezed(heading)
        index = next((index for index in range(current, len(outline)) if _squeezed(outline[index][0]) == wanted), None)
        if index is not None:
            found[anchor] = outline[index][1]
            current = index + 1
    return found


def _reader(pdf: Path | bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def pdf_outline(pdf: Path | bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks (a file, or its bytes) in document order: (title, page counted from 1)."""
    reader = _reader(pdf)
    flat: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return flat


def pdf_pages(pdf: Path | bytes) -> list[str]:
    return [page.extract_text() or "" for page in _reader(pdf).pages]


def page_numbers(document: str, pdf: Path | bytes) -> dict[str, int]:
    """Each contents entry's printed page, from the outline of ``pdf`` or else from its pages' text."""
    entries = contents_entries(document)
    outline = pdf_outline(pdf)
    return locate_in_outline(entries, outline) if outline else locate(entries, pdf_pages(pdf))
