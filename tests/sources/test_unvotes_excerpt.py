"""The excerpts of the unvotes copy for TidyTuesday (analysis.sources.unvotes): votes joined to their roll
calls, and excerpts in an unknown form refused."""

from __future__ import annotations

import pytest

from analysis.sources import unvotes
from analysis.sources._tables import FormatError

UNVOTES = "rcid,country,country_code,vote\n1,China,CN,yes\n1,Russia,RU,yes\n1,United States,US,no\n" \
          "2,China,CN,abstain\n2,Russia,RU,yes\n2,United States,US,abstain\n3,China,CN,no\n3,United States,US,no\n"
ROLL_CALLS = "rcid,session,importantvote,date,unres\n1,74,NA,2019-11-07,A/RES/74/7\n" \
             "2,74,NA,2019-12-13,A/RES/74/112\n3,74,NA,2019-12-19,A/RES/74/224\n"


def test_roll_calls_are_joined_to_their_dates_and_coded_as_the_other_vote_tables():
    table = unvotes.parse_excerpt(UNVOTES, ROLL_CALLS)
    assert len(table) == 8
    row = table[(table["rcid"] == 2) & (table["country"] == "CHN")].iloc[0]
    assert (row["date"], row["resolution"], row["vote"]) == ("2019-12-13", "A/RES/74/112", "A")
    assert set(table["country"]) == {"CHN", "RUS", "USA"}


def test_roll_call_excerpts_in_an_unknown_form_are_refused():
    with pytest.raises(FormatError, match="alpha-3"):
        unvotes.parse_excerpt(UNVOTES + "3,Narnia,NN,yes\n", ROLL_CALLS)
    with pytest.raises(FormatError, match="expected votes"):
        unvotes.parse_excerpt(UNVOTES.replace("3,China,CN,no", "3,China,CN,absent"), ROLL_CALLS)
    with pytest.raises(FormatError, match="missing from the roll-call file"):
        unvotes.parse_excerpt(UNVOTES, ROLL_CALLS.replace("3,74,NA,2019-12-19,A/RES/74/224\n", ""))
    with pytest.raises(FormatError, match="columns"):
        unvotes.parse_excerpt(UNVOTES.replace("rcid,country", "id,country"), ROLL_CALLS)
