"""The refresh's command line: ``python -m analysis.refresh [--from FILE]`` (``make refresh``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from analysis import config, refresh
from analysis.refresh.jobs import planned_jobs, refresh_from_file, run
from analysis.refresh.transport import HttpTransport


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.refresh", description=refresh.__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                        help="a publisher's file downloaded by hand, taken in place of the fetch (make refresh FROM=...)")
    args = parser.parse_args(argv)
    today = dt.date.today()
    if args.from_file is not None:
        return refresh_from_file(args.from_file, config.DATA_DIR, config.REPORTS_DIR, today)
    return run(planned_jobs(today), HttpTransport(), config.DATA_DIR, config.REPORTS_DIR, today)


if __name__ == "__main__":
    sys.exit(main())
