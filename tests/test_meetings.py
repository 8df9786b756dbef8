"""Meeting extraction on wire-style sentences written for these tests.

Each row: text, publication date, the people expected to have met (canonical
names; empty for a meeting named only by its sides), expected mode, status,
place and date (None = not checked). A row whose participants are NO_MEETING
expects no meeting between the listed people at all.
"""

from __future__ import annotations

import unicodedata

import pytest

NO_MEETING = "no-meeting"

CASES = [
    # verbs: met, held talks, spoke by phone, visited, hosted, received, telephoned
    ("Australian Foreign Minister Penny Wong met her Indonesian counterpart Retno Marsudi in Jakarta on Tuesday.",
     "2024-03-14", {"Penny Wong", "Retno Marsudi"}, "in_person", "occurred", "Jakarta", "2024-03-12"),
    ("German Chancellor Olaf Scholz held talks with French President Emmanuel Macron in Paris on Monday.",
     "2024-05-08", {"Olaf Scholz", "Emmanuel Macron"}, "in_person", "occurred", "Paris", "2024-05-06"),
    ("Indian Prime Minister Narendra Modi spoke by phone with Russian President Vladimir Putin on Friday.",
     "2024-07-01", {"Narendra Modi", "Vladimir Putin"}, "phone", "occurred", None, "2024-06-28"),
    ("Turkish President Recep Tayyip Erdogan hosted Ukrainian President Volodymyr Zelensky in Istanbul on Saturday.",
     "2023-07-10", {"Recep Tayyip Erdogan", "Volodymyr Zelensky"}, "in_person", "occurred", "Istanbul", "2023-07-08"),
    ("Kenyan President William Ruto telephoned Ethiopian Prime Minister Abiy Ahmed on Sunday to discuss the border dispute.",
     "2024-02-13", {"William Ruto", "Abiy Ahmed"}, "phone", "occurred", None, "2024-02-11"),
    ("Chinese Foreign Minister Wang Yi received Pakistani Foreign Minister Ishaq Dar in Beijing on Tuesday.",
     "2024-05-16", {"Wang Yi", "Ishaq Dar"}, "in_person", "occurred", "Beijing", "2024-05-14"),
    ("Singapore's Prime Minister Lee Hsien Loong met Malaysian Prime Minister Anwar Ibrahim on Monday.",
     "2023-01-31", {"Lee Hsien Loong", "Anwar Ibrahim"}, "in_person", "occurred", None, "2023-01-30"),
    ("Biden and Xi spoke by phone on Tuesday, the White House said.",
     "2024-04-04", {"Joe Biden", "Xi Jinping"}, "phone", "occurred", None, "2024-04-02"),
    # nouns and patterns: talks between, X's meeting with Y, a meeting between, consultations, dialogue
    ("The talks between Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev took place in Brussels on Oct. 5.",
     "2023-10-10", {"Nikol Pashinyan", "Ilham Aliyev"}, "in_person", "occurred", "Brussels", "2023-10-05"),
    ("Macron's meeting with Scholz in Berlin lasted three hours.",
     "2024-03-20", {"Emmanuel Macron", "Olaf Scholz"}, "in_person", "occurred", "Berlin", None),
    ("A meeting between Israeli Prime Minister Benjamin Netanyahu and US President Joe Biden is planned for next week.",
     "2023-09-12", {"Benjamin Netanyahu", "Joe Biden"}, "in_person", "planned", None, None),
    ("Vice Foreign Minister Sun Weidong held consultations with Indian Foreign Secretary Vinay Kwatra in New Delhi on Monday.",
     "2023-03-24", {"Sun Weidong", "Vinay Kwatra"}, "in_person", "occurred", "New Delhi", "2023-03-20"),
    ("In a phone call on Tuesday, Saudi Foreign Minister Faisal bin Farhan and Iranian Foreign Minister Hossein Amir-Abdollahian discussed regional security.",
     "2023-11-02", {"Faisal bin Farhan", "Hossein Amir-Abdollahian"}, "phone", "occurred", None, "2023-10-31"),
    ("The strategic dialogue between India and Japan was held in Tokyo on Friday.",
     "2024-06-10", set(), "in_person", "occurred", "Tokyo", "2024-06-07"),
    ("US and Chinese military officials met in Hawaii on Monday for maritime safety talks.",
     "2024-04-05", set(), "in_person", "occurred", "Hawaii", "2024-04-01"),
    ("Foreign ministers of Kazakhstan and Uzbekistan met in Tashkent last week.",
     "2024-02-20", set(), "in_person", "occurred", "Tashkent", None),
    # video
    ("Biden held a virtual meeting with Chinese President Xi Jinping in November.",
     "2021-12-01", {"Joe Biden", "Xi Jinping"}, "video", "occurred", None, "2021-11"),
    ("Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk Yeol held a video call on Wednesday.",
     "2023-08-04", {"Fumio Kishida", "Yoon Suk Yeol"}, "video", "occurred", None, "2023-08-02"),
    # visits
    ("Blinken visited Kyiv on Wednesday, where he met Ukrainian Foreign Minister Dmytro Kuleba.",
     "2023-09-08", {"Antony Blinken", "Dmytro Kuleba"}, "in_person", "occurred", "Kyiv", "2023-09-06"),
    ("Brazilian President Luiz Inacio Lula da Silva will visit Beijing next month to meet Chinese President Xi Jinping.",
     "2023-03-10", {"Luiz Inacio Lula da Silva", "Xi Jinping"}, "in_person", "planned", "Beijing", "2023-04"),
    ("Indian Prime Minister Narendra Modi plans to visit Washington in June to meet President Joe Biden.",
     "2023-03-02", {"Narendra Modi", "Joe Biden"}, "in_person", "planned", "Washington", "2023-06"),
    # planned summits and meetings
    ("Putin and North Korean leader Kim Jong Un are expected to hold a summit in Vladivostok later this month.",
     "2023-09-05", {"Vladimir Putin", "Kim Jong Un"}, "in_person", "planned", "Vladivostok", None),
    ("Greek Prime Minister Kyriakos Mitsotakis and Turkish President Recep Tayyip Erdogan will meet in Athens on Dec. 7.",
     "2023-12-01", {"Kyriakos Mitsotakis", "Recep Tayyip Erdogan"}, "in_person", "planned", "Athens", "2023-12-07"),
    ("Spanish Prime Minister Pedro Sanchez will travel to Rabat next week for talks with Moroccan Prime Minister Aziz Akhannouch.",
     "2024-02-14", {"Pedro Sanchez", "Aziz Akhannouch"}, "in_person", "planned", "Rabat", None),
    # cancelled
    ("Polish President Andrzej Duda cancelled a planned meeting with Hungarian Prime Minister Viktor Orban.",
     "2024-01-10", {"Andrzej Duda", "Viktor Orban"}, "in_person", "cancelled", None, None),
    ("A planned meeting between Scholz and Polish Prime Minister Donald Tusk was postponed.",
     "2024-02-01", {"Olaf Scholz", "Donald Tusk"}, "in_person", "cancelled", None, None),
    # quotes and analysts next to meetings are not participants
    ("Saudi Crown Prince Mohammed bin Salman met US national security adviser Jake Sullivan in Riyadh, said Karim Haddad, an analyst at the Gulf Policy Institute.",
     "2023-05-09", {"Mohammed bin Salman", "Jake Sullivan"}, "in_person", "occurred", "Riyadh", None),
    ("Lavrov met Syrian Foreign Minister Faisal Mekdad in Moscow on Monday, according to Anna Petrova, a researcher at the Carnegie Endowment.",
     "2024-06-05", {"Sergei Lavrov", "Faisal Mekdad"}, "in_person", "occurred", "Moscow", "2024-06-03"),
    ("\u201cWe had a frank exchange,\u201d Dutch Prime Minister Mark Rutte said after meeting Hungarian Prime Minister Viktor Orban in The Hague.",
     "2023-06-01", {"Mark Rutte", "Viktor Orban"}, "in_person", "occurred", None, None),
    # delegations and unknown officials (not in the gazetteer)
    ("A US delegation led by Deputy Secretary of State Kurt Campbell met Philippine officials in Manila on Thursday.",
     "2024-03-18", {"Kurt Campbell"}, "in_person", "occurred", "Manila", "2024-03-14"),
    ("Ambassador Tomas Varga of Slovakia met with Moldovan Deputy Prime Minister Ilie Radu in Chisinau on Wednesday.",
     "2024-04-12", {"Tomas Varga", "Ilie Radu"}, "in_person", "occurred", "Chisinau", "2024-04-10"),
    ("Finnish Foreign Minister Aino Lahtinen spoke by phone with Estonian Foreign Minister Kaarel Tammsaar on Thursday.",
     "2024-04-12", {"Aino Lahtinen", "Kaarel Tammsaar"}, "phone", "occurred", None, "2024-04-11"),
    ("Prime Minister Keir Starmer hosted Irish Taoiseach Simon Harris at Downing Street on Monday.",
     "2024-09-10", {"Keir Starmer", "Simon Harris"}, "in_person", "occurred", None, "2024-09-09"),
    # refusals, negations, denials and speech acts are not meetings
    ("Secretary of State Antony Blinken refused to meet Iranian Foreign Minister Hossein Amirabdollahian.",
     "2023-09-20", NO_MEETING, None, None, None, None),
    ("Canadian Foreign Minister Melanie Joly declined to meet with her Chinese counterpart Wang Yi during the forum.",
     "2023-07-14", NO_MEETING, None, None, None, None),
    ("Australian Prime Minister Anthony Albanese said he would not meet Chinese Premier Li Qiang at the summit.",
     "2023-09-05", NO_MEETING, None, None, None, None),
    ("North Korean leader Kim Jong Un rejected talks with South Korean President Yoon Suk Yeol.",
     "2024-01-16", NO_MEETING, None, None, None, None),
    ("Egyptian Foreign Minister Sameh Shoukry told reporters that Israeli Prime Minister Benjamin Netanyahu must allow aid into Gaza.",
     "2023-11-20", NO_MEETING, None, None, None, None),
    ("The Kremlin denied that Putin had met Belarusian opposition leader Sviatlana Tsikhanouskaya.",
     "2023-05-02", NO_MEETING, None, None, None, None),
    ("Officials said Erdogan did not meet Syrian President Bashar al-Assad in Moscow.",
     "2023-04-28", NO_MEETING, None, None, None, None),
    ("Former US President Donald Trump praised Hungarian Prime Minister Viktor Orban in a speech on Saturday.",
     "2024-03-10", NO_MEETING, None, None, None, None),
    ("French President Emmanuel Macron was speaking at a security forum in Munich when he criticised Putin.",
     "2024-02-18", NO_MEETING, None, None, None, None),
]


def _plain(name: str) -> str:
    """Accents dropped: the gazetteer may spell "Orb\u00e1n"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _names(record, meeting) -> set[str]:
    names = {p.key: _plain(p.name) for p in record.people}
    return {names.get(k, k) for k in meeting.participants}


def _all_names(record) -> set[str]:
    return {_plain(p.name) for p in record.people}


def _find(record, expected: set[str]):
    for m in record.meetings:
        names = _names(record, m)
        if expected and expected <= names:
            return m
        if not expected and not m.participants and len(m.countries) >= 2:
            return m
    return None


@pytest.mark.parametrize("text,published,participants,mode,status,place,when", CASES, ids=[c[0][:40] for c in CASES])
def test_meeting_table(extract, text, published, participants, mode, status, place, when):
    record = extract(text, published=published)
    if participants == NO_MEETING:
        people = _all_names(record)
        for m in record.meetings:
            assert len(_names(record, m) & people) < 2, f"unexpected meeting {m}"
        return
    m = _find(record, participants)
    assert m is not None, f"no meeting with {participants}: {record.meetings}"
    if participants:
        # only the event's own arguments are participants
        assert _names(record, m) == participants
    assert m.mode == mode
    assert m.status == status
    if place is not None:
        assert m.place is not None and m.place.name == place
    if when is not None:
        assert m.date == when


def test_delegation_members_join_the_meeting(extract):
    text = (
        "Treasury Secretary Janet Yellen met a Chinese delegation in Washington on Friday. "
        "The Chinese delegation included Vice Premier He Lifeng and Commerce Minister Wang Wentao."
    )
    record = extract(text, published="2024-04-08")
    m = _find(record, {"Janet Yellen", "He Lifeng", "Wang Wentao"})
    assert m is not None
    assert set(m.countries) >= {"US", "CN"}


def test_coreferent_talks_add_topics_and_sources(extract):
    text = (
        "Japanese Foreign Minister Yoko Kamikawa met Chinese Foreign Minister Wang Yi in Busan on Sunday. "
        "During the talks, Kamikawa raised the detention of Japanese nationals and the East China Sea. "
        "Separately, a professor at Kyoto University said relations remained fragile."
    )
    record = extract(text, published="2023-11-28")
    m = _find(record, {"Yoko Kamikawa", "Wang Yi"})
    assert m is not None
    assert len(m.sources) == 2
    assert m.topics, "topics of the coreferent sentence attach to the meeting"


def test_meeting_carries_confidence_and_rule(extract):
    record = extract("Olaf Scholz met Emmanuel Macron in Paris on Monday.", published="2024-05-08")
    (m,) = record.meetings
    assert 0 < m.confidence <= 1
    assert m.rule.startswith("verb:meet")


def test_plural_reference_takes_the_last_pair(extract):
    text = (
        "Sullivan said the aim was a call between President Joe Biden and his Chinese counterpart Xi Jinping. "
        "He said the November summit between the leaders in San Francisco had helped."
    )
    record = extract(text, published="2024-01-30")
    summit = next(m for m in record.meetings if m.place and m.place.name == "San Francisco")
    assert _names(record, summit) == {"Joe Biden", "Xi Jinping"}
    assert summit.date == "2023-11" and summit.status == "occurred"


def test_also_meeting_inherits_the_trip(extract):
    text = (
        "Jake Sullivan travels to Rome on Monday to meet Yang Jiechi. "
        "Sullivan will also meet with Luigi Mattiolo, an adviser to the Italian prime minister."
    )
    record = extract(text, published="2022-03-13")
    m = _find(record, {"Jake Sullivan", "Luigi Mattiolo"})
    assert m is not None and m.place is not None and m.place.name == "Rome" and m.date == "2022-03-14"
    assert m.status == "planned"
