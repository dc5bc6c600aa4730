"""What each chapter's results depend on, so that the build reruns a chapter only when one of them changed.

A chapter depends on
- its notebook;
- the project's code its notebook imports, followed through every ``import`` of that code (module
  level or inside functions), with the packages above each module (their ``__init__.py`` runs first);
- the catalog tables it declares in ``TABLES`` (``analysis.chapters``), with the catalog and the
  citations every chapter reads;
- for the summary, the other chapters' results files.

Editing ``data/raw/vetoes.csv`` thus reruns the diplomacy chapter (and the summary, whose results
files changed), and editing the World Bank's table leaves diplomacy alone. Everything is read
as text (the notebooks as JSON, the code with ``ast``); nothing is imported.
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from pathlib import Path

from analysis import config
from analysis.chapters import EVERY_TABLE, SUMMARY, Chapter
from analysis.data.catalog import load_catalog

PACKAGE = "analysis"


def module_path(module: str) -> Path | None:
    """The file of a module of this project (a package's ``__init__.py``), or None for anything else."""
    if module != PACKAGE and not module.startswith(PACKAGE + "."):
        return None
    base = config.PROJECT_ROOT.joinpath(*module.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module an ``import`` in ``tree`` may load: ``from a.b import c`` gives a.b and a.b.c."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@lru_cache(maxsize=None)
def _imports_of_file(path: Path) -> frozenset[str]:
    return frozenset(imported_modules(ast.parse(path.read_text(encoding="utf-8"))))


def with_parents(module: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``: importing a module runs its packages first."""
    parts = module.split(".")
    return [".".join(parts[:index]) for index in range(1, len(parts) + 1)]


def code_files(modules: set[str]) -> set[Path]:
    """The project's files that importing ``modules`` runs, directly or through other imports."""
    seen: set[str] = set()
    files: set[Path] = set()
    waiting = [parent for module in modules for parent in with_parents(module)]
    while waiting:
        module = waiting.pop()
        if module in seen:
            continue
        seen.add(module)
        path = module_path(module)
        if path is None:
            continue
        files.add(path)
        waiting += [parent for found in _imports_of_file(path) for parent in with_parents(found)]
    return files


def notebook_modules(notebook: Path) -> set[str]:
    """The modules the notebook's code cells import."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found: set[str] = set()
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            found |= imported_modules(ast.parse("\n".join(line for line in source.splitlines()
                                                          if not line.lstrip().startswith(("%", "!")))))
    return found


@lru_cache(maxsize=4)
def _catalog_tables(path: Path, _modified: int) -> dict:
    """The catalog's tables, read once per version of the file."""
    return load_catalog(path)["tables"]


def data_files(tables: tuple[str, ...], data_dir: Path | None = None) -> set[Path]:
    """The catalog, the citations and the files of the declared tables (every data file for EVERY_TABLE)."""
    data_dir = data_dir or config.DATA_DIR
    if EVERY_TABLE in tables:
        return {path for path in data_dir.rglob("*") if path.is_file()}
    catalog_path = data_dir / config.CATALOG_PATH.name
    catalog = _catalog_tables(catalog_path, catalog_path.stat().st_mtime_ns)
    unknown = [name for name in tables if name not in catalog]
    if unknown:
        raise LookupError(f"a chapter declares tables the catalog does not list: {unknown}; "
                          f"expected names among {sorted(catalog)}")
    return {catalog_path, data_dir / config.CITATIONS_PATH.name, *(data_dir / catalog[name]["file"] for name in tables)}


def chapter_inputs(chapter: Chapter, results_dir: Path) -> set[Path]:
    """Every file a chapter's executed notebook depends on."""
    inputs = {chapter.notebook} | code_files(notebook_modules(chapter.notebook)) | data_files(chapter.tables)
    if chapter.name == SUMMARY:
        inputs |= set(results_dir.glob("*.json"))
    return inputs
