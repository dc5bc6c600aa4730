"""The package's shape: layers, module sizes, one id per chapter, one contract per chapter."""

from __future__ import annotations

import ast
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.chapters import EVERY_TABLE, SUMMARY, all_chapters, pillar_chapters
from analysis.data.catalog import load_catalog

PACKAGE = config.PROJECT_ROOT / "analysis"
MAX_MODULE_LINES = 400
CLAIM_CONSTANT = re.compile(r"[A-Z]\d_[A-Z0-9_]+")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(command), "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(root)})


def test_every_layer_imports_only_the_layers_below_it():
    result = lint_imports(config.PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_from_a_higher_layer_is_caught(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(config.PROJECT_ROOT / "pyproject.toml", tmp_path)
    indicators = tmp_path / "analysis" / "data" / "indicators.py"
    indicators.write_text(indicators.read_text(encoding="utf-8") + "\n\ndef late():\n"
                          "    from analysis.chapters import economy  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "analysis.data.indicators -> analysis.chapters" in result.stdout


def test_no_module_is_longer_than_the_limit():
    long = {str(path.relative_to(PACKAGE)): count for path in PACKAGE.rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_chapter_id_is_written_in_the_code():
    code = [*PACKAGE.rglob("*.py"), config.PROJECT_ROOT / "Makefile", *(config.PROJECT_ROOT / "scripts").glob("*")]
    for chapter in all_chapters():
        written = [str(path.relative_to(config.PROJECT_ROOT)) for path in code
                   if path.is_file() and chapter.id in path.read_text(encoding="utf-8")]
        assert not written, f"{chapter.id} is written in {written}; the registry finds it from the notebooks"


@pytest.mark.parametrize("chapter", pillar_chapters(), ids=lambda chapter: chapter.name)
def test_each_chapter_keeps_the_contract(chapter):
    module = importlib.import_module(chapter.package)
    catalog = load_catalog()["tables"]
    assert module.TABLES and set(module.TABLES) <= set(catalog), f"undeclared or unknown tables: {module.TABLES}"
    assert module.CLAIMS and all(claim.id[0] == chapter.name[0].upper() for claim in module.CLAIMS)
    assert callable(module.analyse) and callable(module.headline)
    assert (chapter.folder / "rules.py").is_file()


@pytest.mark.parametrize("chapter", pillar_chapters(), ids=lambda chapter: chapter.name)
def test_a_chapter_s_thresholds_sit_in_its_rules_module(chapter):
    """A constant named for a claim (E3_MULTIPLE, D2_MARGIN...) is a rule's threshold: it lives in rules.py."""
    for path in chapter.folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets
                 if isinstance(target, ast.Name) and CLAIM_CONSTANT.fullmatch(target.id)]
        if path.name != "rules.py":
            assert not names, f"{path.name} defines thresholds {names}; they belong in rules.py"


def test_the_summary_reads_every_table_and_runs_last():
    chapters = all_chapters()
    summary = next(chapter for chapter in chapters if chapter.name == SUMMARY)
    assert summary.tables == (EVERY_TABLE,)
    assert chapters[0] is not None and summary == chapters[0]


def test_the_catalog_knows_exactly_the_schemas_the_validation_has():
    from analysis.data.catalog import SCHEMA_NAMES
    from analysis.data.tables import EVENT_SCHEMAS

    assert set(SCHEMA_NAMES) == {"indicator", *EVENT_SCHEMAS}
