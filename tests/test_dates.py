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
        # either direction (a cancelled meeting's day): the nearest to the publication date
        ("June 12", "2024-05-20", None, "2024-06-12"),
        ("December 28", "2024-01-03", None, "2023-12-28"),
        ("later this evening", "2024-05-08", False, "2024-05-08"),
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
        # a participle that sets the meeting's time ("set for", "slated for", "planned for")
        ("Aides are preparing Olaf Scholz for his talks with Emmanuel Macron set for June 12 in Paris.", "2024-05-20", "2024-06-12"),
        ("Olaf Scholz will hold talks with Emmanuel Macron slated for Friday.", "2024-05-20", "2024-05-24"),
        # a cancelled meeting's "June 12" is the one nearest the report, ahead of it here
        ("The talks between Olaf Scholz and Emmanuel Macron, planned for June 12, were called off.", "2024-05-20", "2024-06-12"),
        # "planned as a follow-up to ..." sets no time: November is the summit's
        ("Olaf Scholz met Emmanuel Macron in Paris; the meeting, which was planned as a follow-up to the summit in Brussels"
         " in November, lasted two hours.", "2024-05-08", "2024-05"),
        # a time of day is not a year; a time that names a day dates the meeting
        ("Olaf Scholz met Emmanuel Macron at 1930 GMT in Paris.", "2024-05-08", "2024-05"),
        ("Olaf Scholz met Emmanuel Macron on Monday at 1600 local time in Paris.", "2024-05-08", "2024-05-06"),
        ("Olaf Scholz will host Emmanuel Macron for a dinner later this evening.", "2024-05-08", "2024-05-08"),
        # the time right after the meeting's phrase, hung by the parse on another word
        ("Olaf Scholz was busy with other meetings before his dinner with Emmanuel Macron later this evening.", "2024-05-08", "2024-05-08"),
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


@pytest.mark.parametrize(
    "text,published,pair,expected",
    [
        # "set for June 16" hung by the parse on another noun still dates the talks it follows
        ("Macron, who held talks with Putin on April 2, is expected to share with Biden his experiences of dealing with"
         " the Kremlin leader so as to help Biden prepare for his own talks with Putin set for June 16 in Geneva.",
         "2021-05-20", {"joe-biden", "vladimir-putin"}, "2021-06-16"),
        ("Macron, who held talks with Putin on April 2, is expected to share with Biden his experiences of dealing with"
         " the Kremlin leader so as to help Biden prepare for his own talks with Putin set for June 16 in Geneva.",
         "2021-05-20", {"emmanuel-macron", "vladimir-putin"}, "2021-04-02"),
    ],
)
def test_a_scheduling_participle_the_parse_misplaced_dates_the_meeting_before_it(extract, text, published, pair, expected):
    record = extract(text, published=published)
    assert next(m.date for m in record.meetings if set(m.participants) == pair) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # "Afterwards, ..." continues the day told last before it
        ("Emmanuel Macron will arrive in Berlin on June 3, when he will lay a wreath at the Neue Wache memorial.\n\n"
         "Afterwards, he will go to the Chancellery to meet Chancellor Olaf Scholz.", "2024-05-28", "2024-06-03"),
        ("Emmanuel Macron arrives in Berlin on Monday.\n\nHe will open an exhibition on Tuesday.\n\n"
         "Later, he will hold talks with Chancellor Olaf Scholz.", "2024-05-08", "2024-05-14"),
        # its own date wins; with no date told before, it stays undated
        ("Emmanuel Macron arrives in Berlin on Monday.\n\nLater this month, he will hold talks with Chancellor Olaf Scholz.",
         "2024-05-08", "2024-05"),
        ("Emmanuel Macron will lay a wreath at the memorial.\n\nAfterwards, he will meet Chancellor Olaf Scholz.", "2024-05-08", None),
        # one of the two told the other something on a day: the meeting's day
        ("Olaf Scholz met Emmanuel Macron in Paris ahead of the summit.\n\nScholz told Macron on Saturday that the budget"
         " rules must change.", "2024-05-06", "2024-05-04"),
        ("Olaf Scholz met Emmanuel Macron in Paris ahead of the summit.\n\nMacron assured Scholz on Saturday that France"
         " would back the plan.", "2024-05-06", "2024-05-04"),
        # said to someone else, or by phone: not the meeting's day
        ("Olaf Scholz met Emmanuel Macron in Paris ahead of the summit.\n\nScholz told reporters on Saturday that the"
         " budget rules must change.", "2024-05-06", "2024-05"),
        ("Olaf Scholz met Emmanuel Macron in Paris ahead of the summit.\n\nScholz told Macron by phone on Saturday that"
         " the budget rules must change.", "2024-05-06", "2024-05"),
    ],
)
def test_a_meeting_is_dated_by_the_sentences_around_it(extract, text, published, expected):
    record = extract(text, published=published)
    m = next(m for m in record.meetings if {"olaf-scholz", "emmanuel-macron"} <= set(m.participants))
    assert m.date == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # "since" another meeting's day: between that day and the report (the month they share, else the year)
        ("Emmanuel Macron held talks with Olaf Scholz in Berlin on April 27.\n\nMacron has already held two telephone"
         " conversations with Rishi Sunak since his talks with Scholz.", "2024-05-22", "2024"),
        ("Emmanuel Macron held talks with Olaf Scholz in Berlin on April 17.\n\nMacron has already held two telephone"
         " conversations with Rishi Sunak since his talks with Scholz.", "2024-04-30", "2024-04"),
        # "after", "following": that meeting's month
        ("Emmanuel Macron held talks with Olaf Scholz in Berlin on April 27.\n\nAfter his talks with Scholz, Macron spoke"
         " by phone with Rishi Sunak.", "2024-05-22", "2024-04"),
        ("Emmanuel Macron held talks with Olaf Scholz in Berlin on April 27.\n\nFollowing the talks, Macron held a video"
         " call with Rishi Sunak.", "2024-05-22", "2024-04"),
    ],
)
def test_a_meeting_held_since_or_after_another_is_dated_by_it(extract, text, published, expected):
    record = extract(text, published=published)
    call = [m for m in record.meetings if "rishi-sunak" in m.participants]
    assert [(sorted(m.participants), m.date) for m in call] == [(["emmanuel-macron", "rishi-sunak"], expected)]
