"""What a source tells the refresh (``analysis.refresh``): the files it fetches and the excerpt it cuts.

A source module the refresh keeps up to date defines, beside its parser:

- ``FOLDER``: its folder under ``data/publisher/``, where its excerpts are kept;
- ``RAW_TABLE`` and ``CATALOG_TABLE``: the ``data/raw/`` table derived from them and its catalog entry;
- ``raw_table(publisher_dir)``: that table's CSV text from the excerpts under ``publisher_dir``
  (``data/publisher/`` or the refresh's scratch copy of it);
- ``release_text(publisher_dir, excerpt)``: the catalog's release text once ``excerpt`` is in place;
- ``fetches(today)``: a ``Fetch`` for each publisher's file it downloads;
- optionally ``NOT_REFRESHED``: tables it knows of but cannot fetch yet, with the reason the
  refresh's summary gives.

Everything else (transport, cache, staging, checks, the change report) is the refresh's.
"""

from __future__ import annotations

import csv
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping
from urllib.parse import urlparse

from analysis.sources._tables import FormatError


class FetchError(Exception):
    """A source could not be refreshed. ``kind`` is one of the failure kinds below."""

    KINDS = ("no network", "timeout", "http error", "blocked by the site", "truncated", "format changed", "invalid",
             "figures lost")

    def __init__(self, kind: str, message: str):
        assert kind in self.KINDS, kind
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Excerpt:
    """What the snapshot keeps of a publisher's file, and the citation of its release."""

    file_name: str
    text: str
    release: str
    citation: dict[str, str]  # a row of data/citations.csv (without the retrieval date)


# (download, or the cache file a large one was streamed to; its address; the source's excerpt folder) -> excerpt
Cut = Callable[[bytes | Path, str, Path], Excerpt]


@dataclass(frozen=True)
class Fetch:
    """One publisher's file a source downloads, the excerpt it replaces and how that excerpt is cut."""

    name: str  # as the refresh's summary and change report name it
    urls: tuple[str, ...]  # tried in order; the first that answers wins
    excerpt_glob: str  # the current excerpt of this file in the source's folder
    cut: Cut
    body: bytes | None = None  # sent as a POST of JSON; None for a GET
    headers: Mapping[str, str] = field(default_factory=dict)  # sent with every request of the file
    locate: Callable[[bytes, str], str] | None = None  # (page, its url) -> url of the file to download
    adds_to_folder: bool = False  # the excerpt is added beside others, so a first fetch has none to replace
    key_variable: str | None = None  # an environment variable holding the source's key; skipped without it
    key_header: str = ""  # the request header that carries the key
    combine: Callable[[list[bytes]], bytes] | None = None  # fetch every url (not the first that answers), join them
    large: bool = False  # streamed to the cache and cut from there, never read whole into memory
    file_pattern: str = ""  # the name of the publisher's file, to recognise one a user downloaded (FROM=)

    @property
    def hosts(self) -> list[str]:
        return [urlparse(url).netloc for url in self.urls]


@contextmanager
def format_checked() -> Iterator[None]:
    """A parser's ``FormatError`` as the refresh's failure kind "format changed"."""
    try:
        yield
    except FormatError as error:
        raise FetchError("format changed", str(error)) from error


def current_excerpt(folder: Path, glob: str) -> Path:
    """The one excerpt in ``folder`` that a new download replaces."""
    found = sorted(folder.glob(glob))
    if len(found) != 1:
        raise FetchError("invalid", f"expected one current excerpt matching {glob} in {folder}, found {len(found)}")
    return found[0]


def kept_codes(excerpt: Path, header_start: str, code_column: int) -> set[str]:
    """The entity codes (or names) of the rows below the header line of an excerpt: the rows a new one keeps."""
    lines = excerpt.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return {row[code_column] for row in csv.reader(lines[header_at + 1:]) if len(row) > code_column}


def file_name(url: str) -> str:
    """The last part of an address's path: the name the publisher gives its file."""
    return Path(urlparse(url).path).name
