"""Derive the tables in ``data/raw/`` that come from the publishers' files in the shared data folder.

    python -m analysis.sources             # derive them again and store them (Parquet)
    python -m analysis.sources --check     # fail if a stored table differs from a fresh derivation
    python -m analysis.sources --csv DIR   # export the stored tables to CSV files in DIR

The publishers' files are not part of the project: when they are absent, the command says so
and leaves the stored tables as they are (the build uses the stored tables).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config, files
from analysis.sources import DERIVED, stored_csv_text, stored_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.sources", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with a fresh derivation instead of storing")
    parser.add_argument("--csv", type=Path, metavar="DIR", help="export the stored tables to CSV files in DIR")
    args = parser.parse_args(argv)
    if args.csv:
        args.csv.mkdir(parents=True, exist_ok=True)
        for path in sorted(config.RAW_DIR.glob("*.parquet")):
            (args.csv / f"{path.stem}.csv").write_text(stored_csv_text(path.stem), encoding="utf-8")
            print(f"wrote {args.csv / (path.stem + '.csv')}")
        return 0
    status = 0
    for name, (what, location, produce) in DERIVED.items():
        if not location.exists():
            print(f"{name}: {what} are not at {location}; the stored tables are kept as they are")
            continue
        print(f"{name}: reading {what} at {location}", flush=True)
        for table, text in produce().items():
            path = stored_path(table)
            if args.check:
                same = path.exists() and stored_csv_text(table) == text
                print(f"  {'ok' if same else 'DIFFERS'}: {path.relative_to(config.PROJECT_ROOT)}")
                status |= 0 if same else 1
            else:
                files.write_text_table(path, *files.csv_rows(text))
                print(f"  wrote {path.relative_to(config.PROJECT_ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
