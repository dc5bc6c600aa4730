"""The verdict vocabulary, the tests a rule makes, and the record each claim's rule returns.

A verdict is never typed. A rule measures values and compares each with a threshold (a
``Comparison``), or states a fact it checked (a ``Check``), and ``judge`` turns those tests into
a ``Verdict``: the verdict follows from which tests pass, and the reason is made of the tests'
own sentences ("pipeline gas in 2024 as a share of design capacity: 102 %, above 90 % (the rule's
threshold): met"), so a card cannot state a threshold as if it were the result.

``judge`` also says how firm the verdict is: the margin of the test nearest to its threshold,
and whether the verdict survives thresholds 20 % stricter and 20 % looser (``ROBUSTNESS_SHIFT``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Iterable, Sequence

SUPPORTED = "supported"
PARTLY_SUPPORTED = "partly supported"
NOT_SUPPORTED = "not supported"
INSUFFICIENT_DATA = "insufficient data"

VERDICTS = (SUPPORTED, PARTLY_SUPPORTED, NOT_SUPPORTED, INSUFFICIENT_DATA)

# How values and thresholds are written.
SHARE = "share"  # a fraction, written as a percentage: 0.9 -> '90 %'
TIMES = "times"  # a multiple: 2.4 -> '2.4×'
NUMBER = "number"  # a count or an amount written as it is: 16 -> '16', 1.5 -> '1.5'
GROWTH = "growth"  # a rate, written signed: 0.052 -> '+5.2 %'
RATIO = "ratio"  # a ratio of two amounts or its change, to two decimals: 0.4512 -> '0.45'
POINTS = "points"  # a difference of two shares, in percentage points: 0.077 -> '7.7 points'
# How far a threshold moves when the verdict's robustness is tested: 20 % stricter and 20 % looser.
ROBUSTNESS_SHIFT = 0.20

ROBUST = "robust"
FRAGILE = "fragile"


def _trimmed(text: str) -> str:
    """'10.0' -> '10', '7.70' -> '7.7': no trailing zeros after the decimal point."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def written(value: float, unit: str) -> str:
    """A value as the report writes it, with no more decimals than it needs (at most one for percentages)."""
    if unit == SHARE:
        return f"{_trimmed(f'{value * 100:.1f}')} %"
    if unit == POINTS:
        return f"{_trimmed(f'{value * 100:.1f}')} points"
    if unit == GROWTH:
        return f"{_trimmed(f'{value * 100:+.1f}')} %"
    if unit == TIMES:
        return f"{_trimmed(f'{value:.2f}')}×"
    if unit == RATIO:
        return f"{value:.2f}"
    return _trimmed(f"{value:,.1f}")


@dataclass(frozen=True)
class Comparison:
    """A measured value against a threshold; it passes when the value is at least the threshold
    (``above=True``: strictly above it; ``at_most=True``: when it is at most the threshold)."""

    measured: str  # what was measured, with its year: "pipeline gas in 2024 as a share of design capacity"
    value: float
    threshold: float
    unit: str = NUMBER
    above: bool = False
    at_most: bool = False
    # Whose value the threshold is: the rule's own constant (moved when robustness is tested) or another
    # measured value such as the same series years earlier (not moved).
    threshold_label: str = "the rule's threshold"
    rule_threshold: bool = True

    @property
    def passed(self) -> bool:
        value, threshold = round(self.value, 9), round(self.threshold, 9)  # 120/100 - 1 is not exactly 0.2
        if self.at_most:
            return value <= threshold
        return value > threshold if self.above else value >= threshold

    @property
    def sentence(self) -> str:
        relation = ("above" if round(self.value, 9) > round(self.threshold, 9) else
                    "below" if round(self.value, 9) < round(self.threshold, 9) else "at")
        return (f"{self.measured}: {written(self.value, self.unit)}, {relation} "
                f"{written(self.threshold, self.unit)} ({self.threshold_label}): {'met' if self.passed else 'not met'}")

    @property
    def margin(self) -> float | None:
        """How far the value lies from the threshold, relative to it (positive on the passing side)."""
        if not self.rule_threshold or self.threshold == 0:
            return None
        distance = (self.value - self.threshold) / abs(self.threshold)
        return -distance if self.at_most else distance

    def shifted(self, stricter: bool, by: float = ROBUSTNESS_SHIFT) -> "Comparison":
        """The same test with its threshold moved ``by`` (a share of it) the harder or the easier way."""
        if not self.rule_threshold:
            return self
        harder = stricter != self.at_most
        return replace(self, threshold=self.threshold + (1 if harder else -1) * by * abs(self.threshold))

    def as_dict(self) -> dict:
        return {"test": self.sentence, "value": self.value, "threshold": self.threshold, "passed": self.passed}


@dataclass(frozen=True)
class Check:
    """A fact a rule checks that has no threshold (the largest origin, a series that exists)."""

    passed: bool
    if_true: str
    if_false: str

    @property
    def sentence(self) -> str:
        return self.if_true if self.passed else self.if_false

    @property
    def margin(self) -> None:
        return None

    def shifted(self, stricter: bool, by: float = ROBUSTNESS_SHIFT) -> "Check":
        return self

    def as_dict(self) -> dict:
        return {"test": self.sentence, "passed": self.passed}


RuleTest = Comparison | Check
Decision = Callable[[Sequence[bool]], str]


def all_some_none(passed: int, total: int) -> str:
    """The common grading: supported if every test passes, partly if some do, not supported if none."""
    return SUPPORTED if passed == total else PARTLY_SUPPORTED if passed else NOT_SUPPORTED


def graded(supported: bool, partly: bool) -> str:
    """The verdict of a rule with two tiers: supported if its 'supported' condition holds, partly supported if
    its 'partly' condition does, not supported otherwise."""
    return SUPPORTED if supported else PARTLY_SUPPORTED if partly else NOT_SUPPORTED


def every_some_none(results: Sequence[bool]) -> str:
    """``all_some_none`` over the tests' results."""
    return all_some_none(sum(results), len(results))


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    verdict: str
    metric: str
    value: str
    rule: str
    reason: str
    sources: tuple[str, ...] = field(default=())
    tests: tuple[dict, ...] = field(default=())  # each test's sentence, value, threshold and outcome
    margin: str = ""  # the test nearest to its threshold, and how near
    robustness: str = ""  # 'robust', or 'fragile: ...' with what flips the verdict
    history: tuple[tuple[int, str], ...] = ()  # (year, verdict) with the data as it stood at the end of each year

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict for {self.claim_id} must be one of {VERDICTS}, found {self.verdict!r}")

    def as_dict(self) -> dict:
        record = asdict(self)
        record["sources"] = list(self.sources)
        record["tests"] = list(self.tests)
        record["history"] = [list(entry) for entry in self.history]
        return record


def nearest_margin(tests: Sequence[RuleTest]) -> str:
    """The comparison nearest to its threshold: '<measured>: <value> against <threshold> (+13 %)'."""
    measured = [test for test in tests if test.margin is not None]
    if not measured:
        return ""
    nearest = min(measured, key=lambda test: abs(test.margin))
    return (f"{nearest.measured}: {written(nearest.value, nearest.unit)} against "
            f"{written(nearest.threshold, nearest.unit)} ({round(nearest.margin * 100) + 0:+d} % of the threshold)")


def robustness(tests: Sequence[RuleTest], decide: Decision, verdict: str) -> str:
    """'robust', or 'fragile' with the verdict that thresholds 20 % stricter or looser would give."""
    flips = []
    for stricter, label in ((True, "stricter"), (False, "looser")):
        moved = decide([test.shifted(stricter).passed for test in tests])
        if moved != verdict:
            flips.append(f"thresholds {ROBUSTNESS_SHIFT:.0%} {label} give '{moved}'")
    return f"{FRAGILE}: " + "; ".join(flips) if flips else ROBUST


def judge(claim_id: str, metric: str, rule: str, value: str, tests: Sequence[RuleTest], sources: Sequence[str],
          decide: Decision = every_some_none, notes: Sequence[str] = ()) -> Verdict:
    """The verdict the tests give, with a reason made of their sentences (and ``notes``: context that
    decides nothing), the nearest margin and the robustness."""
    verdict = decide([test.passed for test in tests])
    reason = "; ".join([test.sentence for test in tests] + list(notes))
    return Verdict(claim_id, verdict, metric, value, rule, reason, tuple(sources),
                   tuple(test.as_dict() for test in tests), nearest_margin(tests), robustness(tests, decide, verdict))


# The column a chapter's table of curated rows shows, and its cells: whether a second source confirms the row.
SECOND_SOURCE = "Second source"


def confirmed_mark(confirmed_by: object) -> str:
    """'yes' for a row a second source confirms, 'none found' for an unconfirmed one."""
    return "yes" if isinstance(confirmed_by, str) and confirmed_by else "none found"


def second_source_notes(confirmed_by: Iterable[str], noun: str) -> list[str]:
    """The note that says how many of the hand-curated rows a verdict counts a second, independent source
    confirms ('54 of 56 exercises are confirmed by a second source; 2 are not'), from each row's
    ``confirmed_by`` (a citation id, empty where no second source confirms the row); none without rows."""
    cells = [str(cell) for cell in confirmed_by]
    if not cells:
        return []
    confirmed = sum(1 for cell in cells if cell and cell != "nan")
    unconfirmed = len(cells) - confirmed
    if not unconfirmed:
        return [f"all {len(cells)} {noun} are confirmed by a second source"]
    return [f"{confirmed} of {len(cells)} {noun} are confirmed by a second source; "
            f"{unconfirmed} {'is' if unconfirmed == 1 else 'are'} not"]


def insufficient(claim_id: str, metric: str, rule: str, value: str, reason: str, sources: Sequence[str]) -> Verdict:
    """The verdict when the data to apply the rule is missing; ``reason`` says which."""
    return Verdict(claim_id, INSUFFICIENT_DATA, metric, value, rule, reason, tuple(sources))


def history_runs(history: Sequence[Sequence]) -> str:
    """'2010–2013 insufficient data; 2014–2025 supported': a verdict's history as runs of years."""
    runs: list[list] = []
    for year, verdict in history:
        if runs and runs[-1][2] == verdict and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year, verdict])
    return "; ".join(f"{first}{f'–{last}' if last != first else ''} {verdict}" for first, last, verdict in runs)


def history_years(runs: str) -> list[tuple[int, str]]:
    """The inverse of ``history_runs``: (year, verdict) for every year the runs cover."""
    years = []
    for run in filter(None, runs.split("; ")):
        span, verdict = run.split(" ", 1)
        first, _, last = span.partition("–")
        years += [(year, verdict) for year in range(int(first), int(last or first) + 1)]
    return years


def percent(fraction: float, digits: int = 1) -> str:
    """0.1934 -> '19.3 %'."""
    return f"{fraction * 100:.{digits}f} %"
