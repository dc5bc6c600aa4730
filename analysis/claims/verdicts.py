"""The verdict vocabulary and the record each claim's rule returns.

A verdict is never typed: each pillar module has a rule function that takes
measured values and returns a ``Verdict`` whose ``rule`` field states the
thresholds in words, taken from the same constants the code compares with.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SUPPORTED = "supported"
PARTLY_SUPPORTED = "partly supported"
NOT_SUPPORTED = "not supported"
INSUFFICIENT_DATA = "insufficient data"

VERDICTS = (SUPPORTED, PARTLY_SUPPORTED, NOT_SUPPORTED, INSUFFICIENT_DATA)


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    verdict: str
    metric: str
    value: str
    rule: str
    reason: str
    sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict for {self.claim_id} must be one of {VERDICTS}, found {self.verdict!r}")

    def as_dict(self) -> dict:
        record = asdict(self)
        record["sources"] = list(self.sources)
        return record


def all_some_none(passed: int, total: int) -> str:
    """The common grading: supported if every test passes, partly if some do, not supported if none."""
    return SUPPORTED if passed == total else PARTLY_SUPPORTED if passed else NOT_SUPPORTED


def percent(fraction: float, digits: int = 1) -> str:
    """0.1934 -> '19.3 %'."""
    return f"{fraction * 100:.{digits}f} %"
