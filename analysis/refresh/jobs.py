"""The refresh's jobs, one per publisher's file a source fetches: fetch, cut, stage, check, commit.

The sources the refresh keeps up to date are the modules of ``analysis.sources.SOURCES`` that
define ``fetches(today)``; everything the refresh knows of a source comes from its module
(see ``analysis.sources._fetch``). A failing job keeps its source's last good snapshot and the
others go on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from types import ModuleType

from analysis import config
from analysis.refresh.changes import Outcome, write_change_report
from analysis.refresh.snapshot import check_staged, commit, stage
from analysis.refresh.transport import (TIMEOUT_SECONDS, NoTransport, Transport, network_available,
                                        refuse_challenge)
from analysis.sources import SOURCES
from analysis.sources._fetch import Fetch, FetchError, file_name

CACHE_DIR = config.PROJECT_ROOT / ".cache" / "refresh"
EXIT_FAILED = 1
EXIT_NO_NETWORK = 3
CACHED_SUFFIXES = {".xlsx", ".zip", ".csv"}  # a download cached under another name is a zip (the World Bank's)


@dataclass(frozen=True)
class Job:
    """One file a source fetches, with the source module that says where its excerpt and table go."""

    source: ModuleType
    fetch: Fetch

    @property
    def name(self) -> str:
        return self.fetch.name

    @property
    def urls(self) -> tuple[str, ...]:
        return self.fetch.urls

    @property
    def hosts(self) -> list[str]:
        return self.fetch.hosts


def planned_jobs(today: dt.date) -> list[Job]:
    """Every file the refreshed sources fetch, in the order of ``SOURCES``."""
    return [Job(source, fetch) for source in SOURCES.values() if hasattr(source, "fetches")
            for fetch in source.fetches(today)]


def not_refreshed() -> dict[str, str]:
    """Tables the sources know of but cannot fetch yet, with the reason the summary gives."""
    return {name: reason for source in SOURCES.values()
            for name, reason in getattr(source, "NOT_REFRESHED", {}).items()}


def fetch_file(fetch: Fetch, transport: Transport, headers: dict[str, str], cache: Path) -> tuple[bytes | Path, str]:
    """The publisher's file (or, for a large one, the cache file it was streamed to) and its address."""
    download, url, error = None, "", None
    if fetch.combine is not None:
        return fetch.combine([transport.get(each, TIMEOUT_SECONDS, fetch.body, headers)
                              for each in fetch.urls]), fetch.urls[0]
    for candidate in fetch.urls:
        try:
            download, url = transport.get(candidate, TIMEOUT_SECONDS, fetch.body, headers), candidate
            break
        except FetchError as failure:
            error = failure
            if failure.kind != "http error":  # an edition not yet published: try the next; else stop
                break
    if download is None:
        raise error
    refuse_challenge(download, url)
    if fetch.locate is None:
        return download, url
    url = fetch.locate(download, url)  # a page that links the file
    if not fetch.large:
        download = transport.get(url, TIMEOUT_SECONDS)
        refuse_challenge(download, url)
        return download, url
    streamed = cache / file_name(url)
    if hasattr(transport, "download"):
        transport.download(url, streamed, TIMEOUT_SECONDS)
    else:  # a transport without streaming (recorded answers)
        cache.mkdir(parents=True, exist_ok=True)
        streamed.write_bytes(transport.get(url, TIMEOUT_SECONDS))
    with streamed.open("rb") as handle:
        refuse_challenge(handle.read(20_000), url)
    return streamed, url


def cache_download(fetch: Fetch, download: bytes, url: str, cache: Path) -> None:
    """Keep a download in the day's cache, under a name that says what it holds."""
    cache.mkdir(parents=True, exist_ok=True)
    cached = file_name(url)
    if fetch.body is not None or fetch.combine is not None:
        cached = f"{cached}.json"
    elif Path(cached).suffix not in CACHED_SUFFIXES:
        cached = f"{cached}.zip"
    (cache / cached).write_bytes(download)


def refresh_job(job: Job, transport: Transport, data_dir: Path, today: dt.date,
                local_file: Path | None = None) -> Outcome:
    """Fetch (or, with ``local_file``, take a file the user downloaded), cut, stage, check and commit one file."""
    fetch = job.fetch
    folder = data_dir / "publisher" / job.source.FOLDER
    current = sorted(folder.glob(fetch.excerpt_glob))
    if len(current) > 1 or (not current and not fetch.adds_to_folder):
        return Outcome(fetch.name, "failed", f"expected one current excerpt matching {fetch.excerpt_glob}, found {len(current)}")
    cache = CACHE_DIR / today.isoformat() / re.sub(r"[^A-Za-z0-9.]+", "_", fetch.name)
    if local_file is not None:
        download = local_file if fetch.large else local_file.read_bytes()
        url = local_file.resolve().as_uri()
    else:
        headers = dict(fetch.headers)
        if fetch.key_variable:
            key = os.environ.get(fetch.key_variable, "").strip()
            if not key:
                return Outcome(fetch.name, "skipped", f"set {fetch.key_variable} to a subscription key to fetch it")
            headers[fetch.key_header] = key
        try:
            download, url = fetch_file(fetch, transport, headers, cache)
        except FetchError as failure:
            return Outcome(fetch.name, "failed", f"{failure.kind}: {failure}")
        if isinstance(download, bytes):
            cache_download(fetch, download, url, cache)
    taken = f" from {local_file.name}" if local_file is not None else ""
    try:
        excerpt = fetch.cut(download, url, folder)
        if current and excerpt.text == current[0].read_text(encoding="utf-8"):  # same figures, whatever the name
            return Outcome(fetch.name, "unchanged", f"release {excerpt.release}{taken} is already in the snapshot")
        with tempfile.TemporaryDirectory(prefix="refresh-") as scratch:
            staging = Path(scratch) / "data"
            stage(job.source, fetch.excerpt_glob, excerpt, data_dir, staging, today)
            changes = check_staged(job.source, data_dir, staging)
            commit(staging, data_dir)
    except FetchError as error:
        return Outcome(fetch.name, "failed", f"{error.kind}: {error}")
    return Outcome(fetch.name, "refreshed", f"release {excerpt.release}{taken}", changes)


def run(jobs: list[Job], transport: Transport, data_dir: Path, reports_dir: Path, today: dt.date,
        check_network: bool = True) -> int:
    """Refresh every job's file, write the change report; the exit status."""
    offline = os.environ.get("REFRESH_OFFLINE") == "1"  # lets a scheduler or a test force the offline path
    if check_network and (offline or not network_available(sorted({host for job in jobs for host in job.hosts}))):
        print("refresh: no network connection, no source could be reached; the snapshot is unchanged.")
        return EXIT_NO_NETWORK
    outcomes = [refresh_job(job, transport, data_dir, today) for job in jobs]
    outcomes += [Outcome(name, "skipped", reason) for name, reason in not_refreshed().items()]
    for outcome in outcomes:
        print(f"{outcome.status:>9}  {outcome.source}: {outcome.detail}", flush=True)
    report = write_change_report(outcomes, reports_dir, today)
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    print(f"refresh: {sum(o.status == 'refreshed' for o in outcomes)} refreshed, "
          f"{sum(o.status == 'unchanged' for o in outcomes)} unchanged, {len(failed)} failed; "
          f"details in {report}")
    return EXIT_FAILED if failed else 0


def job_for_file(jobs: list[Job], path: Path) -> Job:
    """The job whose publisher's file ``path`` is, by its name (a file downloaded in a browser, FROM=)."""
    found = [job for job in jobs if job.fetch.file_pattern and fnmatch(path.name, job.fetch.file_pattern)]
    if len(found) != 1:
        patterns = ", ".join(f"{job.fetch.file_pattern} ({job.name})" for job in jobs if job.fetch.file_pattern)
        raise FetchError("invalid", f"{path.name} is not the name of a publisher's file the refresh knows; "
                                    f"expected one of: {patterns}")
    return found[0]


def refresh_from_file(path: Path, data_dir: Path, reports_dir: Path, today: dt.date) -> int:
    """Take a publisher's file the user downloaded (in a browser, past a site that blocks scripts) in place of
    the fetch: it is cut, validated and recorded exactly as a fetched file would be."""
    if not path.is_file():
        print(f"refresh: expected a downloaded publisher's file at {path}, found none", file=sys.stderr)
        return EXIT_FAILED
    try:
        job = job_for_file(planned_jobs(today), path)
    except FetchError as error:
        print(f"refresh: {error}", file=sys.stderr)
        return EXIT_FAILED
    outcome = refresh_job(job, NoTransport(), data_dir, today, local_file=path)
    print(f"{outcome.status:>9}  {outcome.source}: {outcome.detail}", flush=True)
    report = write_change_report([outcome], reports_dir, today)
    print(f"refresh: details in {report}")
    return EXIT_FAILED if outcome.status == "failed" else 0
