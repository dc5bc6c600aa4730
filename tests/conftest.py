"""Shared fixtures: a tiny, hand-made data snapshot in the project's layout."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from analysis import config

IGNORED = shutil.ignore_patterns(".git", ".venv", ".venv-lab", "build", "__pycache__", ".pytest_cache", "*.egg-info")

CATALOG = textwrap.dedent("""\
    indicators:
      gdp_usd: {unit: USD, description: GDP at current prices}
      population: {unit: persons, description: Total population}
      settlement_share: {unit: percent, description: Share of settlements}
    tables:
      sample:
        file: raw/sample.csv
        schema: indicator
        publisher: Test publisher
        title: Test table
        url: https://example.org/table
        licence: CC BY 4.0
        release: "2025-01-01"
        retrieved: "2025-02-01"
        coverage: two countries, 2000-2002
        coding_rules: none
        columns: {value: see indicators}
    """)

CITATIONS = textwrap.dedent("""\
    source_id,publisher,title,locator,url,release,retrieved
    test-1,Test publisher,Test table,Table 1,https://example.org/table,2025-01-01,2025-02-01
    """)

HEADER = "indicator,entity,partner,year,value,unit,source_id\n"
ROWS = textwrap.dedent("""\
    gdp_usd,RUS,,2000,100,USD,test-1
    gdp_usd,RUS,,2001,110,USD,test-1
    gdp_usd,CHN,,2000,300,USD,test-1
    gdp_usd,CHN,,2001,330,USD,test-1
    population,WLD,,2000,1000,persons,test-1
    settlement_share,RUS,CHN,2022,95.5,percent,test-1
    """)


def write_snapshot(root: Path, rows: str = ROWS, header: str = HEADER) -> Path:
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "catalog.yml").write_text(CATALOG, encoding="utf-8")
    (root / "citations.csv").write_text(CITATIONS, encoding="utf-8")
    (root / "raw" / "sample.csv").write_text(header + rows, encoding="utf-8")
    return root


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    """A valid data directory with one small indicator table."""
    return write_snapshot(tmp_path / "data")


def copy_project(parent: Path) -> Path:
    """A copy of the project's files (no environment, builds or reports) under ``parent``."""
    copy = parent / "project"
    shutil.copytree(config.PROJECT_ROOT, copy, ignore=IGNORED)
    for stale in (copy / "reports").glob("*/"):
        shutil.rmtree(stale)
    return copy


def make(project: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run make in ``project`` with the project's own environment, as a user would."""
    venv = config.PROJECT_ROOT / ".venv"
    environment = {**os.environ, **(env or {})}
    environment.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", "-C", str(project), *arguments, f"VENV={venv}"],
                          capture_output=True, text=True, timeout=900, env=environment)
