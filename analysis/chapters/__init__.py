"""The report's chapters: the registry and the contract every chapter keeps.

A chapter is a notebook ``notebooks/NN_<name>.ipynb`` and a package ``analysis/chapters/<name>/``.
Its id is the notebook's name (``NN_<name>``, two digits for its place in the report): the Makefile,
the build and this registry find the notebooks, and a chapter's code learns its id from its package's
name, so the id is written nowhere.

Every pillar chapter's package declares, in its ``__init__.py``:

- ``TABLES``: the catalog tables it reads (the build reruns the chapter when one of them changes,
  and ``load_indicators`` refuses a table the chapter did not declare);
- ``CLAIMS``: the claims it judges, in the ledger's order;
- ``analyse(parameters) -> Result``: loads its tables and computes its measures and verdicts;
- ``headline(result) -> dict``: the figures the executive summary shows;

and keeps its thresholds as named constants at the top of its ``rules.py``. Its ``Result``
carries ``verdicts`` and ``sources`` (source ids by figure). The summary chapter reads the other
chapters' results files and runs last.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Callable, Mapping, Protocol, Sequence

from analysis import config
from analysis.claims import Claim
from analysis.claims.results import save_chapter_results
from analysis.claims.verdicts import FRAGILE, INSUFFICIENT_DATA, ROBUST, Verdict
from analysis.params import ReportParameters

NOTEBOOK_NAME = re.compile(r"(\d{2})_([a-z]+)")
PACKAGES_DIR = Path(__file__).resolve().parent
SUMMARY = "summary"  # the chapter that reads the others' results, run after them
# A chapter whose TABLES holds this reads every table of the catalog (the summary's data vintages).
EVERY_TABLE = "*"
# Each verdict's history: the rule applied to the data as it stood at the end of each year from this one
# (the figures of later years withheld), so that a reader sees when a claim became true, and whether it still is.
HISTORY_FROM = 2010


class Result(Protocol):
    """What every chapter's ``analyse`` returns."""

    verdicts: list[Verdict]
    sources: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Chapter:
    id: str  # the notebook's name, two digits and the package's name

    @property
    def name(self) -> str:
        """The chapter's package under ``analysis/chapters/`` (and the claims' pillar), e.g. 'economy'."""
        return self.id.split("_", 1)[1]

    @property
    def notebook(self) -> Path:
        return config.NOTEBOOKS_DIR / f"{self.id}.ipynb"

    @property
    def package(self) -> str:
        return f"{__name__}.{self.name}"

    @property
    def folder(self) -> Path:
        return PACKAGES_DIR / self.name

    @property
    def tables(self) -> tuple[str, ...]:
        """The catalog tables the chapter declares, read from its package without importing it."""
        return declared_tables(self.folder / "__init__.py")


def declared_tables(path: Path) -> tuple[str, ...]:
    """The names in a module's top-level ``TABLES`` (a tuple, or a dict keyed by table; ``EVERY_TABLE`` by name)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "TABLES" for target in node.targets):
            named = ast.Constant(EVERY_TABLE)
            value = ast.fix_missing_locations(_NameToConstant({"EVERY_TABLE": named}).visit(node.value))
            return tuple(ast.literal_eval(value))
    raise LookupError(f"{path} declares no TABLES: every chapter names the catalog tables it reads")


class _NameToConstant(ast.NodeTransformer):
    def __init__(self, constants: dict[str, ast.Constant]) -> None:
        self.constants = constants

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.constants.get(node.id, node)


def all_chapters(notebooks_dir: Path | None = None) -> tuple[Chapter, ...]:
    """Every chapter in report order, found from the notebooks; each must have its package."""
    found = []
    for path in sorted((notebooks_dir or config.NOTEBOOKS_DIR).glob("*.ipynb")):
        if not NOTEBOOK_NAME.fullmatch(path.stem):
            raise LookupError(f"notebook {path.name}: expected a name such as 06_energy.ipynb (two digits, '_', "
                              "the chapter's package name)")
        chapter = Chapter(path.stem)
        if not (chapter.folder / "__init__.py").is_file():
            raise LookupError(f"notebook {path.name} has no chapter package: expected {chapter.folder}/__init__.py")
        found.append(chapter)
    return tuple(found)


def chapter_named(name: str) -> Chapter:
    """The chapter whose package is ``name`` (or ``analysis.chapters.<name>``, as a module's ``__name__``)."""
    short = name.removeprefix(f"{__name__}.").split(".")[0]
    for chapter in all_chapters():
        if chapter.name == short:
            return chapter
    raise LookupError(f"no notebook for the chapter {short!r}; expected notebooks/NN_{short}.ipynb")


def pillar_chapters() -> tuple[Chapter, ...]:
    """The chapters that judge claims, in report order (every chapter but the summary)."""
    return tuple(chapter for chapter in all_chapters() if chapter.name != SUMMARY)


def with_history(result: Result, verdicts_as_of: Callable[[int], Sequence[Verdict]], last_year: int) -> Result:
    """``result`` with each verdict's history: ``verdicts_as_of(year)`` (the chapter's rules on the data up to
    ``year``) for every year from ``HISTORY_FROM`` before ``last_year``, then the verdict itself."""
    years = range(HISTORY_FROM, last_year)
    past = {year: {verdict.claim_id: verdict.verdict for verdict in verdicts_as_of(year)} for year in years}
    verdicts = [replace(verdict, history=tuple((year, past[year].get(verdict.claim_id, INSUFFICIENT_DATA))
                                               for year in years) + ((last_year, verdict.verdict),))
                for verdict in result.verdicts]
    return replace(result, verdicts=verdicts)


def with_alternatives(result: Result, alternatives: Mapping[str, Sequence[Verdict]]) -> Result:
    """``result`` with each verdict's robustness extended by the verdicts the same rules give on alternative data
    (``alternatives``: what was changed -> the verdicts then); a judged verdict that changes makes it fragile."""
    verdicts = []
    for verdict in result.verdicts:
        flips = [f"{change} gives '{other.verdict}'" for change, others in alternatives.items()
                 for other in others if other.claim_id == verdict.claim_id and other.verdict != verdict.verdict
                 and INSUFFICIENT_DATA not in (other.verdict, verdict.verdict)]
        if flips:
            shifted = verdict.robustness.removeprefix(f"{FRAGILE}: ") if verdict.robustness != ROBUST else ""
            verdict = replace(verdict, robustness=f"{FRAGILE}: " + "; ".join(filter(None, [shifted, *flips])))
        verdicts.append(verdict)
    return replace(result, verdicts=verdicts)


def claims_for(chapter: ModuleType, parameters: ReportParameters) -> list[Claim]:
    """The claims a chapter tests, stated about the pair of ``parameters``."""
    return [claim.stated_for(parameters.country_a, parameters.country_b) for claim in chapter.CLAIMS]


def save(chapter: ModuleType, result: Result, parameters: ReportParameters) -> Path:
    """Write a chapter's results file (its verdicts and headline figures) for the summary to read."""
    return save_chapter_results(chapter_named(chapter.__name__).id, parameters.country_a, parameters.country_b,
                                result.verdicts, chapter.headline(result), result.sources)
