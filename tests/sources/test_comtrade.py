"""UN Comtrade (analysis.sources.comtrade): the requests the refresh sends."""

from __future__ import annotations

from analysis.sources import comtrade


def test_the_years_since_1992_are_asked_in_requests_of_twelve_at_most():
    urls = comtrade.requests(2025)
    assert len(urls) == 3
    assert "period=1992,1993," in urls[0] and urls[2].endswith("&partner2Code=0") and "period=2016," in urls[2]
    assert all(len(url.split("period=")[1].split("&")[0].split(",")) <= 12 for url in urls)
