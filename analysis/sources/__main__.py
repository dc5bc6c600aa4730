"""Derive the tables in ``data/raw/`` from the publishers' files, or check the stored ones against them.

    python -m analysis.sources             # derive every source's tables again and store them
    python -m analysis.sources --check     # fail if a stored table differs from a fresh derivation
    python -m analysis.sources --csv DIR   # export the stored Parquet tables to CSV files in DIR

The excerpts under ``data/publisher/`` are part of the project; the whole files in the shared data
folder beside it are not: where a source's files are absent, the command says so and leaves its
stored tables as they are (the build uses the stored tables).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.sources import SOURCES, store, stored_text


def shown(path: Path) -> str:
    """A path as the messages show it: relative to the project where it is inside it."""
    return str(path.relative_to(config.PROJECT_ROOT)) if path.is_relative_to(config.PROJECT_ROOT) else str(path)


def export_csv(folder: Path) -> None:
    """Every stored Parquet table as a CSV file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(config.RAW_DIR.glob("*.parquet")):
        (folder / f"{path.stem}.csv").write_text(stored_text(path.name), encoding="utf-8")
        print(f"wrote {folder / (path.stem + '.csv')}")


def derive_all(check: bool) -> int:
    """Derive every source's tables; store them, or (``check``) compare them with the stored ones."""
    status = 0
    for name, source in SOURCES.items():
        if not source.ORIGIN.exists():
            print(f"{name}: {source.WHAT} not found at {shown(source.ORIGIN)}; the stored tables are kept as they are")
            continue
        print(f"{name}: reading {source.WHAT} at {shown(source.ORIGIN)}", flush=True)
        for file_name, text in source.tables().items():
            stored = shown(config.RAW_DIR / file_name)
            if check:
                same = (config.RAW_DIR / file_name).exists() and stored_text(file_name) == text
                print(f"  {'ok' if same else 'DIFFERS'}: {stored}")
                status |= 0 if same else 1
            else:
                store(file_name, text)
                print(f"  wrote {stored}")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.sources", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with a fresh derivation instead of storing")
    parser.add_argument("--csv", type=Path, metavar="DIR", help="export the stored Parquet tables to CSV files in DIR")
    args = parser.parse_args(argv)
    if args.csv:
        export_csv(args.csv)
        return 0
    return derive_all(args.check)


if __name__ == "__main__":
    sys.exit(main())
