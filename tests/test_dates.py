"""Date expressions resolved against the publication date, with the
precision the text supports."""

from __future__ import annotations

import pytest

from kg.extract.dates import resolve_date


@pytest.mark.parametrize(
    "text,published,future,expected",
    [
        ("on Monday", "2022-03-13", True, "2022-03-14"),   # a Sunday article: the next Monday
        ("Monday", "2022-03-15", False, "2022-03-14"),     # a Tuesday article: the last Monday
        ("Sunday", "2022-12-12", False, "2022-12-11"),
        ("Saturday", "2022-07-09", False, "2022-07-09"),   # the same day
        ("Dec. 11 and 12", "2022-12-12", False, "2022-12-11"),
        ("Dec 12 to 14", "2022-12-12", False, "2022-12-12"),
        ("November 14", "2022-12-12", False, "2022-11-14"),
        ("Oct. 5", "2023-10-10", False, "2023-10-05"),
        ("a June 13", "2022-07-09", False, "2022-06-13"),
        ("Feb. 24", "2022-03-15", False, "2022-02-24"),
        ("5 March 2023", None, False, "2023-03-05"),
        ("March 14, 2022", None, False, "2022-03-14"),
        ("2021-11-16", None, False, "2021-11-16"),
        ("in November", "2022-03-15", False, "2021-11"),   # months point back by default
        ("November", "2024-01-30", False, "2023-11"),
        ("in May", "2024-01-30", True, "2024-05"),         # ...forward for planned meetings
        ("next month", "2023-03-10", True, "2023-04"),
        ("last month", "2024-01-10", False, "2023-12"),
        ("last week", "2024-01-30", False, "2024-01"),
        ("this week", "2024-01-30", False, "2024-01"),
        ("next week", "2023-12-28", True, "2024-01"),
        ("yesterday", "2024-03-01", False, "2024-02-29"),
        ("tomorrow", "2023-12-31", True, "2024-01-01"),
        ("in October last year", "2022-03-15", False, "2021-10"),
        ("in 2019", "2022-03-15", False, "2019"),
        ("last weekend", "2023-05-16", False, "2023-05"),   # a Tuesday article: the weekend of the 13th and 14th
        ("last weekend", "2024-06-04", False, "2024-06"),   # Saturday June 1
        ("last weekend", "2024-03-01", False, "2024-02"),   # a Friday article: Saturday February 24
        ("this weekend", "2024-02-28", True, "2024-03"),    # Saturday March 2
        ("next weekend", "2024-05-21", True, "2024-06"),    # Saturday June 1
        ("on Monday", None, False, None),                   # nothing to resolve against
        ("recently", "2022-03-15", False, None),
    ],
)
def test_resolve_date(text, published, future, expected):
    assert resolve_date(text, published, future=future) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("Olaf Scholz met Emmanuel Macron on Dec. 7.", "2023-12-12", "2023-12-07"),
        ("Olaf Scholz will meet Emmanuel Macron on Monday.", "2024-05-08", "2024-05-13"),
        # "since October" is not the date; the lede's undated meeting gets the publication month
        ("Olaf Scholz met Emmanuel Macron for the first time since October.", "2024-05-08", "2024-05"),
        ("Olaf Scholz met Emmanuel Macron, who had visited Rome in March.", "2024-05-08", "2024-05"),
        ("Officials said on Tuesday that Olaf Scholz and Emmanuel Macron had held talks in Paris last week.", "2024-05-08", "2024-05"),
        # a date that bounds the meeting gives its month: an event it came after, a dateline, the day a source said so
        ("The first phone call Olaf Scholz held after his swearing-in on Sunday was with Emmanuel Macron, aides said.", "2024-06-01", "2024-05"),
        ("Berlin, May 6 German Chancellor Olaf Scholz spoke by phone with French President Emmanuel Macron, the chancellery said.",
         "2024-05-07", "2024-05"),
        ("The Elysee said on Thursday that Olaf Scholz had discussed the budget rules with Emmanuel Macron in Paris.", "2024-06-01", "2024-05"),
        ("After the talks with Emmanuel Macron on Monday, Olaf Scholz said the meeting went well.", "2024-05-08", "2024-05-06"),
        # a year in a relative clause of another noun is that noun's
        ("Olaf Scholz met Emmanuel Macron a week after the reopening of the bridge, which had been closed in 2019.", "2024-05-08", "2024-05"),
        # the gathering it is held around or during
        ("A meeting between Olaf Scholz and Emmanuel Macron is eyed to take place around the EU summit in late June.", "2024-05-08", "2024-06"),
        ("A meeting between Olaf Scholz and Emmanuel Macron is due to be held in Aachen on June 3.", "2024-05-08", "2024-06-03"),
    ],
)
def test_meeting_dates_come_from_the_meetings_own_clause(extract, text, published, expected):
    record = extract(text, published=published)
    m = next(m for m in record.meetings if {"olaf-scholz", "emmanuel-macron"} <= set(m.participants))
    assert m.date == expected


#: An article without a publication date: an embedded post's signature line is when it was at least written.
POST = "\u2014 Olaf Scholz (@Bundeskanzler) {day}\n\n"


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # "this Saturday" read against the day the embedded post was sent (a Saturday)
        ("Olaf Scholz held a meeting this Saturday in Paris with Emmanuel Macron.\n\nWe had a long talk.\n"
         + POST.format(day="May 4, 2024"), None, "2024-05-04"),
        # the latest of several posts
        ("Olaf Scholz met Emmanuel Macron on Monday.\n\nA good talk.\n" + POST.format(day="April 20, 2024")
         + "Thank you, Paris.\n" + POST.format(day="May 7, 2024"), None, "2024-05-06"),
        # a publication date wins over any post
        ("Olaf Scholz met Emmanuel Macron on Monday.\n\nA good talk.\n" + POST.format(day="May 7, 2024"), "2024-06-12", "2024-06-10"),
        # no publication date and no post: nothing to read "on Monday" against
        ("Olaf Scholz met Emmanuel Macron on Monday in Paris.", None, None),
    ],
)
def test_an_article_without_a_date_reads_relative_dates_against_its_posts(extract, text, published, expected):
    record = extract(text, published=published)
    m = next(m for m in record.meetings if {"olaf-scholz", "emmanuel-macron"} <= set(m.participants))
    assert m.date == expected
    assert record.article.published == published  # the article's own date is never made up
