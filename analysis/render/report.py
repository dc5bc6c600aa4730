"""Combining the executed chapter notebooks into one report, and printing it to PDF.

The HTML is one self-contained file: the stylesheet is inlined, images are
embedded, and no script or font is loaded from anywhere. Code cells, their
prompts and anything written to stderr are left out. Figures and tables are
numbered across the whole report, and the contents list links to every
chapter and section.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape
from nbconvert import HTMLExporter

from analysis import config
from analysis.chapters import SUMMARY, chapter_named
from analysis.render.appendix import Appendix, appendices
from analysis.files import write_atomically

NATIVE_NAMES = {"RUS": "Россия", "CHN": "中国"}
HEADING = re.compile(r'<h([12])(?: id="[^"]*")?>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")


class ReportError(RuntimeError):
    """The report could not be assembled or printed."""


@dataclass(frozen=True)
class Chapter:
    name: str
    body: str
    headings: list[tuple[int, str, str]]  # (level, id, text)

    @property
    def brief(self) -> bool:
        """A chapter with no figure, table or verdict yet: it does not need a page of its own."""
        return not any(marker in self.body for marker in ("report-figure", "report-table", "verdict-card"))


@lru_cache(maxsize=1)
def _exporter() -> HTMLExporter:
    """One exporter for all chapters: its templates are compiled once."""
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_anchor_links = True
    return exporter


def clean_notebook(notebook: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    """Drop stderr streams and code cells without display output; return what was dropped."""
    dropped = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                dropped.append(f"cell {index}: {output.get('text', '').strip()[:200]}")
            else:
                kept.append(output)
        cell.outputs = kept
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type != "code" or cell.outputs]
    return notebook, dropped


def slugify(text: str) -> str:
    """'4. Geopolitical weight' -> '4-geopolitical-weight'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_chapter(path: Path) -> tuple[Chapter, list[str]]:
    """One executed notebook as an HTML fragment with ids unique to its chapter."""
    notebook, dropped = clean_notebook(nbformat.read(path, as_version=4))
    body, _ = _exporter().from_notebook_node(notebook)
    name = path.stem
    headings = []

    def unique_id(match: re.Match) -> str:
        level, text = match.groups()
        new_id = f"{name}-{slugify(TAG.sub('', text))}"
        headings.append((int(level), new_id, TAG.sub("", text).strip()))
        return f'<h{level} id="{new_id}">{text}</h{level}>'

    body = HEADING.sub(unique_id, body)
    return Chapter(name, body, headings), dropped


def number_labels(document: str, label: str) -> str:
    """Replace each '<span class="{label}-label">…</span>' with a running number and an anchor."""
    counter = 0
    title = label.capitalize()

    def numbered(_: re.Match) -> str:
        nonlocal counter
        counter += 1
        return f'<span class="{label}-label" id="{label}-{counter}">{title} {counter}.</span>'

    return re.sub(rf'<span class="{label}-label">{title}</span>', numbered, document)


def lower_first(title: str) -> str:
    """'Key resolutions' -> 'key resolutions', but 'SCO summits' and 'General Assembly ...' keep their capitals
    where the second letter is a capital (an acronym) or the first word is a proper name in the list below."""
    proper = ("General Assembly", "Security Council", "United Nations", "Xi ", "Russia", "China")
    if len(title) > 1 and (title[1].isupper() or title.startswith(proper)):
        return title
    return title[0].lower() + title[1:]


def assemble(chapters: Sequence[Chapter], country_a: str, country_b: str,
             appendices: Sequence[Appendix] = ()) -> str:
    """The whole report as one HTML document: title, contents, the chapters (the summary first), appendices."""
    environment = Environment(loader=FileSystemLoader(config.TEMPLATES_DIR), autoescape=select_autoescape(["j2"]))
    template = environment.get_template("report.html.j2")
    names = [config.entity_name(country_a), config.entity_name(country_b)]
    native = [NATIVE_NAMES.get(code, "") for code in (country_a, country_b)]
    document = template.render(
        title=f"{names[0]} and {names[1]}: testing the claims of a strategic partnership",
        names=names,
        native=native,
        chapters=chapters,
        summary=chapter_named(SUMMARY).id,
        css=(config.TEMPLATES_DIR / "report.css").read_text(encoding="utf-8"),
        appendices=appendices,
    )
    return number_labels(number_labels(document, "figure"), "table")


FIGURE_BLOCK = re.compile(r'<figure class="report-(figure|table)[^"]*">.*?</figure>', re.S)
DATA_LINK = re.compile(r'<a class="data-link" download="[^"]*" href="data:text/csv;charset=utf-8;base64,([^"]+)">')
LABEL_ID = re.compile(r'<span class="(?:figure|table)-label" id="((?:figure|table)-\d+)">')


@dataclass(frozen=True)
class DataResource:
    """The numbers behind one numbered figure or table of the report."""

    name: str  # figure-3, table-2
    title: str
    source: str
    csv: str


def name_data_links(document: str) -> tuple[str, list[DataResource]]:
    """Name each figure's and table's data download after its number; return the document and the data."""
    resources: list[DataResource] = []

    def named(block: re.Match) -> str:
        text = block.group(0)
        label, link = LABEL_ID.search(text), DATA_LINK.search(text)
        if label is None or link is None:
            return text
        name = label.group(1)
        caption = re.search(r"<(?:figcaption|caption)[^>]*>(.*?)</(?:figcaption|caption)>", text, re.S)
        source = re.search(r'class="(?:figure|table)-source">(.*?)(?:</span>|<a |</figcaption>)', text, re.S)
        resources.append(DataResource(
            name, html.unescape(TAG.sub("", caption.group(1) if caption else name)).split("Source")[0].strip(),
            html.unescape(TAG.sub("", source.group(1))).strip() if source else "",
            base64.b64decode(link.group(1)).decode("utf-8")))
        return text.replace('download="data.csv"', f'download="{name}.csv"', 1)

    return FIGURE_BLOCK.sub(named, document), resources


def field_type(values: Sequence[str]) -> str:
    """The Table Schema type of a column of CSV cells: integer, number or string."""
    present = [value for value in values if value != ""]
    if present and all(re.fullmatch(r"-?\d+", value) for value in present):
        return "integer"
    if present and all(re.fullmatch(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", value) for value in present):
        return "number"
    return "string"


def data_package(resources: Sequence[DataResource], title: str) -> dict:
    """A Frictionless Data Package describing the report's data files."""
    described = []
    for resource in resources:
        header, *rows = list(csv.reader(io.StringIO(resource.csv)))
        fields = [{"name": name, "type": field_type([row[index] for row in rows if index < len(row)])}
                  for index, name in enumerate(header)]
        described.append({"name": resource.name, "path": f"{resource.name}.csv", "title": resource.title,
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": fields}, "sources": [{"title": resource.source}]})
    return {"name": slugify(title), "title": title, "profile": "data-package", "resources": described}


def write_data_package(resources: Sequence[DataResource], folder: Path, title: str) -> None:
    """One CSV per figure and table and their ``datapackage.json``, replacing what the folder held."""
    if folder.exists():
        for stale in folder.iterdir():
            stale.unlink()
    for resource in resources:
        write_atomically(folder / f"{resource.name}.csv", resource.csv.encode("utf-8"))
    package = json.dumps(data_package(resources, title), indent=2, ensure_ascii=False) + "\n"
    write_atomically(folder / "datapackage.json", package.encode("utf-8"))


@dataclass(frozen=True)
class Prepared:
    """Parts of the report made ahead of the HTML stage: chapters rendered (each with its notebook's
    modification time, so that a notebook run again since is rendered again) and, if made, the appendices
    (which rest on the other chapters' results)."""

    chapters: dict[Path, tuple[int, Chapter, list[str]]]
    appendices: list[Appendix] | None = None


def prepare(executed: Sequence[Path], country_a: str, country_b: str, with_appendices: bool = True) -> Prepared:
    """Render the executed notebooks ``executed`` and, ``with_appendices``, the appendices of the pair's report."""
    rendered = {path: (path.stat().st_mtime_ns, *render_chapter(path)) for path in executed}
    return Prepared(rendered, appendices(country_a, country_b) if with_appendices else None)


def build_html(executed: Sequence[Path], destination: Path, country_a: str, country_b: str,
               prepared: Prepared | None = None) -> list[str]:
    """Combine the executed notebooks into ``destination``, with the data of its figures and tables in the
    ``data`` folder beside it; return the stderr lines left out. What ``prepared`` holds is not made again."""
    missing = [str(path) for path in executed if not path.exists()]
    if missing:
        raise ReportError(f"expected executed notebooks, missing: {', '.join(missing)}")
    made = prepared.chapters if prepared is not None else {}
    chapters, dropped = [], []
    for path in executed:
        ahead = made.get(path)
        chapter, removed = ahead[1:] if ahead and ahead[0] == path.stat().st_mtime_ns else render_chapter(path)
        chapters.append(chapter)
        dropped += [f"{path.name} {line}" for line in removed]
    made_appendices = prepared.appendices if prepared is not None else None
    parts = made_appendices if made_appendices is not None else appendices(country_a, country_b)
    document, resources = name_data_links(assemble(chapters, country_a, country_b, parts))
    names = [config.entity_name(country_a), config.entity_name(country_b)]
    write_data_package(resources, destination.parent / config.REPORT_DATA_FOLDER,
                       f"{names[0]} and {names[1]}: the data behind the report's figures and tables")
    write_atomically(destination, document.encode("utf-8"))
    return dropped
