"""How the refresh reaches the publishers: plain HTTPS, a quick test for any network, and the refusal
of the pages a bot filter answers with in place of the file asked for."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Protocol
from urllib.parse import urlparse

from analysis.sources._fetch import FetchError

TIMEOUT_SECONDS = 60
USER_AGENT = "partnership-report-refresh (research use)"
STREAM_CHUNK = 1 << 20
# Markers of the pages a bot filter answers with instead of the file asked for.
CHALLENGE_MARKERS = (b"cf-chl", b"challenge-platform", b"captcha", b"Just a moment", b"Access denied",
                     b"Please enable JavaScript", b"verify you are human", b"Request unsuccessful")


class Transport(Protocol):
    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> bytes: ...

    def download(self, url: str, destination: Path, timeout: float) -> Path: ...


class HttpTransport:
    """Plain HTTPS with the standard library (GET, or POST of a JSON body); errors become ``FetchError`` kinds."""

    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> bytes:
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/json"
        with _opened(urllib.request.Request(url, data=body, headers=sent), url, timeout) as response:
            expected = response.headers.get("Content-Length")
            answer = response.read()
        if expected is not None and len(answer) != int(expected):
            raise FetchError("truncated", f"{url} sent {len(answer)} of {expected} bytes")
        return answer

    def download(self, url: str, destination: Path, timeout: float) -> Path:
        """Stream a large file to ``destination`` a megabyte at a time, never holding it whole in memory."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with _opened(request, url, timeout) as response, destination.open("wb") as handle:
            expected = response.headers.get("Content-Length")
            while chunk := response.read(STREAM_CHUNK):
                handle.write(chunk)
        if expected is not None and destination.stat().st_size != int(expected):
            raise FetchError("truncated", f"{url} sent {destination.stat().st_size} of {expected} bytes")
        return destination


class NoTransport:
    """The transport of a refresh from a local file: nothing is fetched."""

    def get(self, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
            ) -> bytes:
        raise FetchError("invalid", f"a refresh from a file fetches nothing (asked for {url})")


@contextmanager
def _opened(request: urllib.request.Request, url: str, timeout: float) -> Iterator:
    """An open answer to ``request``; network and HTTP errors (also while it is read) become ``FetchError`` kinds."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            yield response
    except urllib.error.HTTPError as error:
        raise FetchError("http error", f"HTTP {error.code} from {url}") from error
    except (socket.timeout, TimeoutError) as error:
        raise FetchError("timeout", f"no answer from {url} within {timeout:.0f} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise FetchError("timeout", f"no answer from {url} within {timeout:.0f} s") from error
        raise FetchError("no network", f"cannot reach {urlparse(url).netloc}: {error.reason}") from error


def refuse_challenge(answer: bytes, url: str) -> None:
    """Fail as "blocked by the site" when a bot filter answered instead of the publisher."""
    head = answer[:20_000]
    if head.lstrip()[:1] == b"<" and any(marker.lower() in head.lower() for marker in CHALLENGE_MARKERS):
        raise FetchError("blocked by the site",
                         f"{urlparse(url).netloc} answered with a page that checks for a browser instead of the "
                         f"file; download it in a browser and give it to the refresh with FROM=<file>")


def network_available(hosts: list[str]) -> bool:
    """Whether any of the sources' host names resolves (a quick test before any download)."""
    for host in hosts:
        try:
            socket.getaddrinfo(host, 443)
            return True
        except OSError:
            continue
    return False
