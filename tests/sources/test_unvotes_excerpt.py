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


def test_the_d6_themes_are_read_from_the_roll_call_titles():
    from analysis.data.schemas import UNGA_TOPICS
    from analysis.sources import unvotes

    assert unvotes.topic_of("Human rights and unilateral coercive measures") == "coercive measures"
    assert unvotes.topic_of("UNILATERAL ECONOMIC MEASURES AS A MEANS OF POLITICAL AND ECONOMIC COERSION") == \
        "coercive measures"
    assert unvotes.topic_of("Respect for the principles of national sovereignty and diversity of democratic systems "
                            "in electoral processes as an important element") == "non-interference"
    assert unvotes.topic_of("Question of Palestine") is None
    assert tuple(topic for topic, _ in unvotes.TOPIC_PATTERNS) == UNGA_TOPICS
    assert unvotes.roll_call_title("short title", "A/73/PV.48") == "short title"


def test_the_committed_d6_table_holds_the_two_themes():
    import csv

    from analysis import config

    rows = list(csv.DictReader(open(config.RAW_DIR / "unga_roll_call_topics.csv", encoding="utf-8")))
    counts = {topic: sum(row["topic"] == topic for row in rows) for topic in ("coercive measures", "non-interference")}
    assert counts == {"coercive measures": 42, "non-interference": 9}
    assert len({row["resolution"] for row in rows}) == len(rows)
