"""Writing the build's outputs so that a reader never meets half of one.

- ``write_atomically`` writes a file beside its destination, then renames it into place.
- ``write_csv`` writes a table for spreadsheet users: cells that a spreadsheet would run as a
  formula are neutralised.
- ``publish_folder`` puts a set of files in place as one unit: the folder a reader opens holds
  either the previous build's files or the new build's, never a mix.

Standard library only, so that the build's command line stays quick to start.
"""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping, Sequence

# A cell starting with one of these is read as a formula by common spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"


def write_atomically(path: Path, content: bytes) -> None:
    """Write next to the destination, then move into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        handle.write(content)
        temporary = Path(handle.name)
    try:
        os.chmod(temporary, 0o644)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def spreadsheet_safe(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe; numbers stay as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not _is_number(cell):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], for_spreadsheets: bool = True) -> str:
    """CSV text ("\\n" line ends, minimal quoting, None as an empty cell); ``for_spreadsheets`` makes every cell
    spreadsheet-safe (the files readers download), without it cells are written as they are (the data tables)."""
    safe = spreadsheet_safe if for_spreadsheets else (lambda cell: cell)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe(name) for name in header])
    for row in rows:
        writer.writerow(["" if cell is None else safe(cell) for cell in row])
    return buffer.getvalue()


def number_text(value: float) -> str:
    """A figure as the derived tables write it: whole numbers without '.0', others as the shortest text that
    reads back as the same number (exact for sums with few decimals)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a table that readers open in spreadsheets, atomically and with formula-like cells neutralised."""
    write_atomically(path, csv_text(header, rows).encode("utf-8"))
    return path


# --- publishing a folder as one unit ---

_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one step
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def remove_leftovers(parent: Path) -> None:
    """Tidy what an interrupted publication left in ``parent``.

    A staged folder is removed. A retired folder (the previous build, moved aside on systems
    without an atomic exchange) goes back into place if the new one never arrived.
    """
    if not parent.is_dir():
        return
    for leftover in sorted(parent.iterdir()):
        if not leftover.is_dir():
            continue
        if leftover.name.startswith(RETIRED_PREFIX):
            original = parent / leftover.name[len(RETIRED_PREFIX):].rsplit("-", 1)[0]
            if not original.exists():
                leftover.rename(original)
                continue
        if leftover.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)):
            shutil.rmtree(leftover, ignore_errors=True)


def publish_folder(destination: Path, files: Mapping[str, Path]) -> None:
    """Make ``destination`` hold exactly ``files`` (name -> source path), all at once.

    The files are copied into a staging folder beside the destination, which then takes the
    destination's place in one rename (an atomic exchange where the system offers one). A build
    stopped at any moment leaves the destination as it was, or complete with the new files.
    """
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"cannot publish {destination.name}: expected the built files {', '.join(missing)}")
    parent = destination.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{destination.name}-", dir=parent))
    try:
        for name, source in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / name)  # keeps the build's times, which make compares
        os.chmod(staging, 0o755)
        if not destination.exists():
            staging.rename(destination)
            return
        if _exchange(staging, destination):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the previous build
            return
        retired = parent / f"{RETIRED_PREFIX}{destination.name}-{os.getpid()}"
        destination.rename(retired)
        staging.rename(destination)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


# --- derived tables stored as Parquet ---

def write_text_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Store a table of text cells (exactly the cells its CSV would hold) as Parquet, atomically.

    Every column is text, so reading it back gives the same cells as the CSV, and the rules that check the
    CSV tables check it too. Written with zstd compression and no pandas metadata: the same table gives the
    same bytes.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows)) or [() for _ in header]
    table = pa.table({name: pa.array(list(values), type=pa.string()) for name, values in zip(header, columns)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=True, write_statistics=False)
    write_atomically(path, buffer.getvalue())


def read_text_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows (text cells) of a table stored by ``write_text_table``."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = [table.column(name).to_pylist() for name in table.column_names]
    rows = [["" if cell is None else str(cell) for cell in row] for row in zip(*columns)]
    return list(table.column_names), rows


def csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of CSV text."""
    records = list(csv.reader(io.StringIO(text)))
    return records[0], records[1:]
