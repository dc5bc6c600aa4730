"""SIPRI's military expenditure (analysis.sources.sipri_milex): the workbook's figures as the excerpt keeps them."""

from __future__ import annotations

from analysis.sources import sipri_milex


def test_sipri_figures_are_rounded_half_up_to_one_decimal():
    assert sipri_milex.figure_text(426.3085399449036) == "426.3"
    assert sipri_milex.figure_text(1748.04) == "1748"
    assert sipri_milex.figure_text(0.25) == "0.3"
    assert sipri_milex.figure_text(44) == "44" and sipri_milex.figure_text("...") == "..."
