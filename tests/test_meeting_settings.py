"""Where, when and whether a meeting took place, when the meeting's own
clause does not say it all.

Every text was written for these tests in the style of wire reports (none
comes from the seed or development articles). Each row names two people of
the meeting and the place, date and status expected of it (None: the row
does not check that attribute; NO_PLACE, NO_DATE: the meeting must have no
place, no date).
"""

from __future__ import annotations

import unicodedata

import pytest

NO_PLACE = "no-place"
NO_DATE = "no-date"

ROWS = [
    # -- the summit a meeting was held on the margins of, named earlier
    ("Leaders gathered for the ASEAN summit in Jakarta on Tuesday. On the sidelines of the summit, Japanese Prime Minister "
     "Fumio Kishida met Indian Prime Minister Narendra Modi.", "2023-09-06", ("Fumio Kishida", "Narendra Modi"), "Jakarta", None, None),
    # -- a party the article puts at a summit is there for its other meetings
    ("On the sidelines of the G7 summit in Hiroshima, Joe Biden held talks with several leaders. Tariffs were not discussed, "
     "officials said. Biden later met Australian Prime Minister Anthony Albanese.", "2023-05-20",
     ("Joe Biden", "Anthony Albanese"), "Hiroshima", None, None),
    # -- a place that only names the gathering ("the Shangri-La Dialogue") yields to the gathering's own place
    ("U.S. Defense Secretary Lloyd Austin met with Chinese Defense Minister Dong Jun on the sidelines of the Shangri-La Dialogue "
     "in Singapore on Friday.", "2024-06-01", ("Lloyd Austin", "Dong Jun"), "Singapore", "2024-05-31", "occurred"),
    ("Jake Sullivan met Yang Jiechi at the Rome Cavalieri hotel on Monday.", "2022-03-15", ("Jake Sullivan", "Yang Jiechi"), "Rome", None, None),
    # -- "here" and the dateline (also "here" the parse hangs on "visiting")
    ("BEIJING, Sept 12 (Xinhua) -- Chinese Vice President Han Zheng met with visiting Venezuelan President Nicolas Maduro here on Tuesday.",
     "2023-09-12", ("Han Zheng", "Nicolás Maduro"), "Beijing", "2023-09-12", "occurred"),
    # -- a seat of government the tagger calls an organisation is still in its capital
    ("Russian President Vladimir Putin and Chinese President Xi Jinping held talks in the Kremlin on Tuesday, the second day of "
     "Xi's state visit.", "2023-03-21", ("Vladimir Putin", "Xi Jinping"), "Moscow", "2023-03-21", "occurred"),
    # -- "X later held a meeting with Z": the place and day of X's meeting told before
    ("Turkish President Recep Tayyip Erdogan met Swedish Prime Minister Ulf Kristersson in Vilnius on Monday.\n\nThe two leaders "
     "discussed counter-terrorism cooperation.\n\nErdogan later held a separate meeting with Greek Prime Minister Kyriakos Mitsotakis.",
     "2023-07-11", ("Recep Tayyip Erdoğan", "Kyriakos Mitsotakis"), "Vilnius", "2023-07-10", "occurred"),
    # -- "will travel to X next month ... and will meet Y": the trip's date
    ("Prime Minister Anthony Albanese will travel to China next month, becoming the first Australian leader to visit since 2016, "
     "and will meet President Xi Jinping.", "2023-10-22", ("Anthony Albanese", "Xi Jinping"), "China", "2023-11", "planned"),
    ("Anthony Albanese travelled to Beijing on Monday and met Xi Jinping on Tuesday.", "2023-11-08", ("Anthony Albanese", "Xi Jinping"),
     "Beijing", "2023-11-07", "occurred"),
    ("ANKARA, Turkey \u2014 Recep Tayyip Erdogan held talks here with Hungarian Prime Minister Viktor Orban on Tuesday.", "2024-05-08",
     ("Recep Tayyip Erdogan", "Viktor Orban"), "Ankara", "2024-05-07", "occurred"),
    ("NAIROBI: Kenyan President William Ruto met Somali President Hassan Sheikh Mohamud in Kenya on Monday.", "2024-05-07",
     ("William Ruto", "Hassan Sheikh Mohamud"), "Nairobi", "2024-05-06", "occurred"),
    # -- a stay or a trip told before
    ("UN relief chief Martin Griffiths is in Sudan for a three-day visit. He met army chief Abdel Fattah al-Burhan on Wednesday.", "2024-05-10",
     ("Martin Griffiths", "Abdel Fattah al-Burhan"), "Sudan", None, None),
    ("Antony Blinken arrived in Kyiv on Wednesday to hold talks with President Volodymyr Zelensky.", "2024-05-16",
     ("Antony Blinken", "Volodymyr Zelensky"), "Kyiv", "2024-05-15", None),
    # -- a call has no place
    ("Emmanuel Macron, who is in Paris this week, spoke by phone with Joe Biden on Monday.", "2024-05-08",
     ("Emmanuel Macron", "Joe Biden"), NO_PLACE, None, None),
    # -- a place inside what was discussed is not where they met
    ("Kenyan President William Ruto held talks with Ethiopian Prime Minister Abiy Ahmed on the war in Sudan.", "2024-05-08",
     ("William Ruto", "Abiy Ahmed"), NO_PLACE, None, None),
    # -- "is on Tuesday hosting X": the progressive's phrases and tense are the meeting's
    ("President Cyril Ramaphosa is on Tuesday hosting Kenyan President William Ruto at the Union Buildings in Pretoria.", "2024-05-07",
     ("Cyril Ramaphosa", "William Ruto"), "Pretoria", "2024-05-07", "occurred"),
    # -- an embedded post's timestamp is not the meeting's date
    ("Crown Prince Mohammed bin Salman met Antony Blinken at Al-Salam Palace in Jeddah. "
     "pic.twitter.com/xYz12 \u2014 Saudi Gazette (@Saudi_Gazette) June 7, 2023", "2023-06-08",
     ("Mohammed bin Salman", "Antony Blinken"), "Jeddah", None, None),
    # -- a plan is not the meeting of the same people told as past
    ("Xi Jinping will meet Vladimir Putin in Moscow next week. The two leaders last met in Beijing in February 2022.", "2023-03-10",
     ("Xi Jinping", "Vladimir Putin"), "Moscow", None, "planned"),
    ("Joe Biden will meet Xi Jinping in Woodside next week. Biden last saw Xi at the G20 summit in Bali.", "2023-11-08",
     ("Joe Biden", "Xi Jinping"), "Woodside", None, "planned"),
    # -- "here" on the verb of the clause a meeting word hangs from
    ("WARSAW, Poland \u2014 Olaf Scholz held discussions in separate meetings here with Polish President Andrzej Duda and "
     "Lithuanian President Gitanas Nauseda on Friday.", "2024-06-08", ("Olaf Scholz", "Andrzej Duda"), "Warsaw", None, "occurred"),
    # -- a participle of visiting on a party: where they are
    ("Australian Prime Minister Anthony Albanese, visiting Osaka, held a meeting with Japanese Prime Minister Fumio Kishida on Monday.",
     "2024-06-11", ("Anthony Albanese", "Fumio Kishida"), "Osaka", "2024-06-10", "occurred"),
    # -- a venue followed by its city
    ("Ghanaian President Nana Akufo-Addo on Tuesday met Togolese President Faure Gnassingbe on the crisis in Niger. Former Ghanaian "
     "president John Mahama also attended the meeting held at the Jubilee House, Accra.",
     "2024-06-12", ("Nana Akufo-Addo", "Faure Gnassingbe"), "Accra", "2024-06-11", "occurred"),
    # -- a dateline in capitals the tagger does not name
    ("NOUAKCHOTT: Senegalese President Bassirou Diomaye Faye met Mauritanian President Mohamed Ould Ghazouani in Mauritania on Thursday.",
     "2024-06-14", ("Bassirou Diomaye Faye", "Mohamed Ould Ghazouani"), "Nouakchott", None, "occurred"),
    # -- talks of two in a place, and a third meeting each of them apart in the same sentence
    ("Talks between Serbian President Aleksandar Vucic and Kosovo Prime Minister Albin Kurti in Brussels kicked off on Monday, with "
     "EU envoy Miroslav Lajcak, who brokered the meeting, met with the two leaders separately ahead of the session.", "2024-06-11",
     ("Aleksandar Vucic", "Albin Kurti"), "Brussels", "2024-06-10", "occurred"),
    ("Talks between Serbian President Aleksandar Vucic and Kosovo Prime Minister Albin Kurti in Brussels kicked off on Monday, with "
     "EU envoy Miroslav Lajcak, who brokered the meeting, met with the two leaders separately ahead of the session.", "2024-06-11",
     ("Miroslav Lajcak", "Albin Kurti"), "Brussels", None, "occurred"),
    # -- "last weekend"; "led the delegation to a meeting" is a trip made
    ("Former Kenyan president Uhuru Kenyatta led the African Union delegation to a meeting with Sudanese army chief "
     "Abdel Fattah al-Burhan last weekend in Port Sudan.", "2024-06-04", ("Uhuru Kenyatta", "Abdel Fattah al-Burhan"),
     "Port Sudan", "2024-06", "occurred"),
    # -- "the team also met X": the place and date of the meeting told before
    ("Uhuru Kenyatta led the African Union delegation to a meeting with army chief Abdel Fattah al-Burhan on Saturday in Port Sudan. "
     "The team, which included former Ghanaian president John Mahama, also met with Sudanese Prime Minister Kamil Idris.", "2024-06-04",
     ("John Mahama", "Kamil Idris"), "Port Sudan", "2024-06-01", "occurred"),
    # -- after the lede's dated news, an undated meeting elsewhere is background, one in the same place this month's
    ("President Luiz Inacio Lula da Silva is on Wednesday hosting Chilean President Gabriel Boric at the Planalto Palace in Brasilia. "
     "Lula has been building ties with leaders across the region. He met Colombian President Gustavo Petro, where they discussed trade.",
     "2024-06-12", ("Luiz Inacio Lula da Silva", "Gustavo Petro"), None, NO_DATE, "occurred"),
    ("UN envoy Hans Grundberg is in Yemen for a visit to see the humanitarian crisis. He met Yemeni President Rashad al-Alimi upon his "
     "arrival in the capital on Monday. Grundberg met with Yemeni Foreign Minister Shaya al-Zindani and the Health Minister.",
     "2024-06-12", ("Hans Grundberg", "Shaya al-Zindani"), "Yemen", "2024-06", "occurred"),
    # -- expectations about a summit: a plan
    ("Expectations about a summit between Donald Trump and Vladimir Putin are increasing, officials said.", "2018-06-26",
     ("Donald Trump", "Vladimir Putin"), None, NO_DATE, "planned"),
    ("A meeting between Vladimir Putin and Recep Tayyip Erdogan is eyed to take place in Sochi around the security forum in "
     "early September.", "2024-08-20", ("Vladimir Putin", "Recep Tayyip Erdogan"), "Sochi", "2024-09", "planned"),
    # -- the talks a trip was made for, told again with their own day
    ("Indian Prime Minister Narendra Modi arrived in Canberra on Tuesday for talks with Australian Prime Minister Anthony Albanese. "
     "Modi is scheduled to hold talks with Albanese on Wednesday.", "2024-06-11", ("Narendra Modi", "Anthony Albanese"),
     "Canberra", "2024-06-12", "planned"),
    ("Egyptian Foreign Minister Sameh Shoukry and President Abdel Fattah el-Sisi will meet with Antony Blinken on Thursday. "
     "Blinken arrived on Wednesday in Egypt to hold talks with the Egyptian president, Abdel Fattah el-Sisi.", "2024-06-12", ("Antony Blinken", "Sameh Shoukry"),
     "Egypt", "2024-06-13", "planned"),
    # -- a meeting the talks are about is not where they are
    ("Japanese Prime Minister Fumio Kishida arrived in Washington on Monday for talks with US President Joe Biden about strategies "
     "for Biden's upcoming summit with Chinese President Xi Jinping.", "2023-11-07", ("Joe Biden", "Xi Jinping"), NO_PLACE, None, "planned"),
]


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize("text,published,pair,place,date,status", ROWS, ids=[r[0][:60] for r in ROWS])
def test_meeting_setting(extract, text, published, pair, place, date, status):
    record = extract(text, published=published)
    names = {p.key: _plain(p.name) for p in record.people}
    want = {_plain(n) for n in pair}
    found = [m for m in record.meetings if want <= {names.get(k) for k in m.participants}]
    assert found, f"no meeting of {sorted(want)}: {[(m.participants, m.place) for m in record.meetings]}"
    meeting = found[0]
    if place == NO_PLACE:
        assert meeting.place is None
    elif place is not None:
        assert meeting.place is not None and _plain(meeting.place.name) == place
    if date == NO_DATE:
        assert meeting.date is None
    elif date is not None:
        assert meeting.date == date
    if status is not None:
        assert meeting.status == status


@pytest.mark.parametrize("text,owner,guest,place", [
    ("Pakistani Foreign Minister Ishaq Dar telephoned Turkish Foreign Minister Hakan Fidan to explain the postponement of "
     "his visit to Ankara.", "ishaq-dar", "hakan-fidan", "Ankara"),
    ("Kenyan President William Ruto called Ugandan President Yoweri Museveni to explain the cancellation of his visit to Kampala.",
     "william-ruto", "yoweri-museveni", "Kampala"),
])
def test_a_possessive_visit_is_the_subjects(extract, text, owner, guest, place):
    """ "X called Y about the postponement of his visit to Z": the visit is
    X's; Y is the one X called, not a party to the visit."""
    record = extract(text, published="2024-06-12")
    visits = [m for m in record.meetings if m.status == "cancelled"]
    assert visits and all(owner in m.participants and guest not in m.participants for m in visits)
    assert visits[0].place is not None and visits[0].place.name == place
    assert any({owner, guest} <= set(m.participants) and m.mode == "phone" for m in record.meetings)


def test_a_hyphen_after_an_abbreviation_splits_two_countries(extract):
    record = extract("The U.S.-North Korea summit was held in Singapore in June.", published="2018-06-20")
    assert any({"US", "KP"} <= set(m.countries) for m in record.meetings)
