"""Who takes part in a meeting, when the parse alone does not say.

Every sentence was written for these tests in the style of wire reports and
government readouts (none comes from the seed or development articles). Rows
give the exact set of people of the meeting that holds the first of them, or
NO_MEETING when the listed people must not share a meeting; a status or mode
is checked where the row gives one.
"""

from __future__ import annotations

import pytest

from .test_real_news import _names, _plain

NO_MEETING = "no-meeting"

ROWS = [
    # -- lists of names on the words, and a lost subject or "with" phrase
    ("Yoon Suk Yeol, Fumio Kishida and Joe Biden met at Camp David on Friday.",
     {"Yoon Suk Yeol", "Fumio Kishida", "Joe Biden"}, None, None),
    ("Kenyan President William Ruto Tuesday welcomed his Ugandan counterpart Yoweri Museveni at State House in Nairobi.",
     {"William Ruto", "Yoweri Museveni"}, "occurred", None),
    ("Chancellor Olaf Scholz discussed energy supplies, grid investment, hydrogen exports and regional security with Norwegian Prime Minister Jonas Gahr Store.",
     {"Olaf Scholz", "Jonas Gahr Støre"}, None, None),
    ("Antony Blinken met Wang Yi in Beijing. Blinken's adviser Derek Chollet, Ambassador Nicholas Burns and Assistant Secretary Daniel Kritenbrink also attended the meeting.",
     {"Antony Blinken", "Wang Yi", "Derek Chollet", "Nicholas Burns", "Daniel Kritenbrink"}, None, None),
    ("Kenyan envoys Raila Odinga, Kalonzo Musyoka and Musalia Mudavadi, on a peace mission, had a meeting behind closed doors with Salva Kiir at the presidential palace.",
     {"Raila Odinga", "Kalonzo Musyoka", "Musalia Mudavadi", "Salva Kiir"}, None, None),
    ("A meeting will be held on Friday between the foreign ministers of Peru and Ecuador, Javier Gonzalez-Olaechea and Gabriela Sommerfeld.",
     {"Javier Gonzalez-Olaechea", "Gabriela Sommerfeld"}, "planned", None),
    ("King Charles hosted a state banquet in honour of French President Emmanuel Macron at Windsor Castle on Wednesday.",
     {"King Charles", "Emmanuel Macron"}, None, None),
    ("Vladimir Putin had dinner with Kim Jong Un in Vladivostok on Wednesday.", {"Vladimir Putin", "Kim Jong Un"}, None, None),
    # the subject of "is due to meet" / "is set to meet"; not of "likely to talk" (a guess)
    ("Mr Sunak is due to meet Irish premier Leo Varadkar in Belfast later this month, Downing Street confirmed.",
     {"Rishi Sunak", "Leo Varadkar"}, "planned", None),
    # "called on X in <city>": a visit, also when the parse cuts the name from the office before it
    ("External Affairs Minister Dr. S. Jaishankar called on President of the UAE His Highness Sheikh Mohamed bin Zayed Al Nahyan"
     " in Abu Dhabi today.", {"S. Jaishankar", "Mohamed bin Zayed"}, "occurred", "in_person"),
    # a courtesy call on X is a visit; a call from X; a lunch for X
    ("Indonesian Foreign Minister Retno Marsudi paid a courtesy call on Japanese Prime Minister Fumio Kishida in Tokyo on Tuesday.",
     {"Retno Marsudi", "Fumio Kishida"}, "occurred", "in_person"),
    ("Egyptian President Abdel Fattah el-Sisi received a phone call from U.S. President Joe Biden on Saturday.",
     {"Abdel Fattah el-Sisi", "Joe Biden"}, "occurred", "phone"),
    ("French Foreign Minister Catherine Colonna hosted a working lunch for her Indian counterpart S. Jaishankar at the Quai d'Orsay.",
     {"Catherine Colonna", "S. Jaishankar"}, "occurred", "in_person"),
    # "a call on Wednesday": a day, not a party
    ("Emmanuel Macron and Donald Trump discussed the war in Ukraine in a call on Wednesday, the Elysee said.",
     {"Emmanuel Macron", "Donald Trump"}, "occurred", "phone"),
    # a stance towards talks is not a meeting
    ("Vladimir Putin has repeatedly said he is open to talks with Ukraine, but Volodymyr Zelensky has ruled out negotiations.",
     {"Vladimir Putin", "Volodymyr Zelensky"}, NO_MEETING, None),
    ("Volodymyr Zelensky said he was ready to meet Vladimir Putin.", {"Vladimir Putin", "Volodymyr Zelensky"}, NO_MEETING, None),
    # not meeting during a summit is no meeting at the summit
    ("Narendra Modi and Shehbaz Sharif did not meet during the summit in Astana.", {"Narendra Modi", "Shehbaz Sharif"}, NO_MEETING, None),
    # a known surname alone the tagger calls an organisation, as the object of "meet"
    ("Volodymyr Zelensky will meet Biden in Washington on Thursday, U.S. officials said.", {"Volodymyr Zelensky", "Joe Biden"}, "planned", None),
    # "join Y for talks": Y is the other party
    ("Antony Blinken will join Wang Yi for talks in Vientiane.", {"Antony Blinken", "Wang Yi"}, "planned", None),
    # sitting by a meeting's people: at that meeting; by someone else: not
    ("The foreign ministers of Egypt and Jordan held talks in Cairo on Sunday.\n\nEgyptian Foreign Minister Sameh Shoukry and"
     " Jordanian Foreign Minister Ayman Safadi discussed the situation in Gaza.\n\nIraqi Foreign Minister Fuad Hussein sat"
     " between Shoukry and Safadi.", {"Sameh Shoukry", "Ayman Safadi", "Fuad Hussein"}, "occurred", None),
    ("Joe Biden hosted Fumio Kishida at the White House on Friday.\n\nAntony Blinken was seated next to Kishida during the talks.",
     {"Joe Biden", "Fumio Kishida", "Antony Blinken"}, "occurred", None),
    ("Joe Biden hosted Fumio Kishida at the White House on Friday.\n\nAt the concert on Saturday, Antony Blinken sat next to his wife.",
     {"Joe Biden", "Fumio Kishida"}, "occurred", None),
    # "who attended" of an apposition: the person it describes attended
    ("Joe Biden and Xi Jinping met on Wednesday in Woodside. Antony Blinken, the U.S. secretary of state who attended the meeting"
     " along with his Chinese counterpart, Wang Yi, said the talks were candid.",
     {"Joe Biden", "Xi Jinping", "Antony Blinken", "Wang Yi"}, "occurred", None),
    # -- who arranges or describes is not a party
    ("Turkish President Recep Tayyip Erdogan has offered to arrange a meeting between Vladimir Putin and Volodymyr Zelensky in Istanbul.",
     {"Vladimir Putin", "Volodymyr Zelensky"}, None, None),
    ("Brett McGurk met Ali Bagheri Kani, a deputy to Iranian Foreign Minister Hossein Amir-Abdollahian, in Muscat on Monday.",
     {"Brett McGurk", "Ali Bagheri Kani"}, None, None),
    ("The first phone call Joe Biden held as president was with Canadian Prime Minister Justin Trudeau, the White House said.",
     {"Joe Biden", "Justin Trudeau"}, None, "phone"),
    # -- groups named before: "the duo", "the two"
    ("Joe Biden and Chinese President Xi Jinping shook hands in Bali. The duo's three-hour meeting focused on Taiwan.",
     {"Joe Biden", "Xi Jinping"}, None, None),
    ("Israeli Prime Minister Benjamin Netanyahu and Palestinian President Mahmoud Abbas said they were ready to talk. "
     "Egypt has offered to host a meeting between the two in Cairo.",
     {"Benjamin Netanyahu", "Mahmoud Abbas"}, None, None),
    # -- offices for people named before
    ("US Secretary of State Antony Blinken arrived in Jeddah on Tuesday. Later that day Crown Prince Mohammed bin Salman received the Secretary of State at Al-Salam Palace.",
     {"Mohammed bin Salman", "Antony Blinken"}, None, None),
    ("Chinese Premier Li Qiang landed in Canberra on Saturday. Australian Prime Minister Anthony Albanese hosted the premier at Parliament House.",
     {"Anthony Albanese", "Li Qiang"}, None, None),
    ("The foreign ministers of Egypt and Jordan met in Amman on Sunday. Egyptian Foreign Minister Sameh Shoukry said Jordanian Foreign Minister Ayman Safadi had proposed a joint plan.",
     {"Sameh Shoukry", "Ayman Safadi"}, None, None),
    ("During the visit, Narendra Modi will hold talks with Gulf leaders including Emir Tamim bin Hamad Al Thani and King Hamad bin Isa Al Khalifa.",
     {"Narendra Modi", "Tamim bin Hamad Al Thani", "Hamad bin Isa Al Khalifa"}, "planned", None),
    # -- further participants named after a phrase
    ("Lula will host Alberto Fernández in Brasilia on Monday in the presence of Uruguayan President Luis Lacalle Pou.",
     {"Luiz Inácio Lula da Silva", "Alberto Fernández", "Luis Lacalle Pou"}, "planned", None),
    ("Wang Yi, who attended the talks along with his deputy Ma Zhaoxu, said Xi Jinping and Joe Biden met for four hours.",
     {"Xi Jinping", "Joe Biden", "Wang Yi", "Ma Zhaoxu"}, None, None),
    # -- "I" in a quotation is its speaker
    ("\u201cI look forward to meeting President Lula in Brasilia next month,\u201d German Chancellor Olaf Scholz said on Tuesday.",
     {"Olaf Scholz", "Luiz Inácio Lula da Silva"}, "planned", None),
    ("Japanese Prime Minister Fumio Kishida told reporters: \u201cI spoke with President Yoon Suk Yeol by phone this morning.\u201d",
     {"Fumio Kishida", "Yoon Suk Yeol"}, None, "phone"),
    # -- the setting of another clause keeps its clause's negation and plans out
    ("In the meeting with Indian Prime Minister Narendra Modi, Japanese Prime Minister Fumio Kishida sought support for a free and open Indo-Pacific.",
     {"Narendra Modi", "Fumio Kishida"}, "occurred", None),
    ("Antony Blinken did not smile during the talks with Wang Yi in Beijing on Friday.", {"Antony Blinken", "Wang Yi"}, None, None),
    ("Chancellor Olaf Scholz travelled to Beijing on Friday to meet President Xi Jinping.", {"Olaf Scholz", "Xi Jinping"}, "occurred", None),
    # -- not meetings
    ("Thabo Mbeki flew back to Pretoria without meeting opposition leader Nelson Chamisa.", {"Thabo Mbeki", "Nelson Chamisa"}, NO_MEETING, None),
    ("Emmanuel Macron travelled to Kyiv instead of meeting Vladimir Putin in Moscow.", {"Emmanuel Macron", "Vladimir Putin"}, NO_MEETING, None),
    ("Opposition leader Rahul Gandhi declined to attend the state banquet for Joe Biden at Rashtrapati Bhavan.", {"Rahul Gandhi", "Joe Biden"}, NO_MEETING, None),
    ("Xi Jinping welcomed the proposal by Emmanuel Macron to meet Volodymyr Zelensky in Paris.", {"Emmanuel Macron", "Volodymyr Zelensky"}, NO_MEETING, None),
]


@pytest.mark.parametrize("text,people,status,mode", ROWS, ids=[r[0][:60] for r in ROWS])
def test_participants(extract, text, people, status, mode):
    record = extract(text, published="2024-05-10")
    want = {_plain(n) for n in people}
    found = [_names(record, m) for m in record.meetings]
    if status == NO_MEETING:
        assert not any(want <= f for f in found), f"{sorted(want)} share a meeting: {found}"
        return
    first = sorted(want)[0]
    meeting = next((m for m in record.meetings if first in _names(record, m)), None)
    assert meeting is not None, f"no meeting of {first}: {found}"
    assert _names(record, meeting) == want
    if status is not None:
        assert meeting.status == status
    if mode is not None:
        assert meeting.mode == mode


LISTS = [
    ("Kenyan envoys Raila Odinga, Stephen Kalonzo Musyoka and Musalia Mudavadi arrived in Juba.",
     [["Raila Odinga", "Stephen Kalonzo Musyoka", "Musalia Mudavadi"]]),
    ("Baleka Mbete, Sydney Mufamadi and Jeff Radebe flew out of Harare on Monday.", [["Baleka Mbete", "Sydney Mufamadi", "Jeff Radebe"]]),
    ("Former president Thabo Mbeki and former ministers Naledi Pandor and Jeff Radebe arrived on Monday.",
     [["Thabo Mbeki", "Naledi Pandor", "Jeff Radebe"]]),
    ("Joe Biden met Xi Jinping, Chinese Foreign Minister Wang Yi said.", []),
    ("Jake Sullivan met Luigi Mattiolo, a top adviser to Italian Prime Minister Mario Draghi, in Rome.", []),
    ("Attending were Blinken's deputy Kurt Campbell and Ambassador Nicholas Burns.", [["Kurt Campbell", "Nicholas Burns"]]),
    # a list ends with "and": a comma alone parts a fronted phrase from the subject
    ("After his talks with Olaf Scholz, Emmanuel Macron spoke by phone with Rishi Sunak.", []),
    ("Fumio Kishida, Yoon Suk Yeol, Anthony Albanese and Chris Hipkins, the leaders of the four partners, met in Vilnius.",
     [["Fumio Kishida", "Yoon Suk Yeol", "Anthony Albanese", "Chris Hipkins"]]),
]


@pytest.mark.parametrize("text,lists", LISTS, ids=[r[0][:50] for r in LISTS])
def test_lists_of_names(nlp, gazetteer, text, lists):
    from kg.extract.lists import PersonIndex
    from kg.extract.people import TitleMatcher, extract_people

    doc = nlp(text)
    people = extract_people(doc, gazetteer=gazetteer, titles=TitleMatcher(gazetteer.titles), article_id="t", year=2024)
    index = PersonIndex(doc, people.token_keys)
    assert [[doc[r.start : r.end].text for r in group] for group in index.lists()] == lists


QUOTES = [
    ("\u201cWe met for two hours,\u201d Li said.", [(1, 7)]),
    ('He said: "It was useful." Then he left.', [(4, 8)]),
    ("No quotation here.", []),
    ("An open \u201c quotation that never closes.", []),
]


@pytest.mark.parametrize("text,spans", QUOTES, ids=[r[0][:30] for r in QUOTES])
def test_quotations(nlp, text, spans):
    from kg.extract.quotes import quotations

    assert quotations(nlp(text)) == spans


#: Sentences -> every meeting they give (sets of people), exactly.
MEETING_SETS = [
    # "he" of "X said he would ..." is X, not a person named in between
    ("Recep Tayyip Erdogan, who hosted Vladimir Putin in Sochi last week, said he would speak to Volodymyr Zelensky soon.",
     [{"Recep Tayyip Erdogan", "Vladimir Putin"}, {"Recep Tayyip Erdogan", "Volodymyr Zelensky"}]),
    # a meeting noun that only dates the clause ("ahead of the summit") is not one of the separate meetings,
    # and the talks between the two leaders stay a meeting of their own
    ("Talks between Serbian President Aleksandar Vucic and Kosovo Prime Minister Albin Kurti opened in Brussels on Monday, "
     "with EU envoy Miroslav Lajcak, who brokered the meeting, meeting the two leaders separately ahead of the summit.",
     [{"Aleksandar Vucic", "Albin Kurti"}, {"Miroslav Lajcak", "Aleksandar Vucic"}, {"Miroslav Lajcak", "Albin Kurti"}]),
    # the subject of an "-ing" clause is the person of the "with" right before it
    ("The ceasefire negotiations resumed in Doha on Sunday, with CIA Director William Burns meeting Qatari Prime Minister "
     "Mohammed bin Abdulrahman Al Thani.",
     [{"William Burns", "Mohammed bin Abdulrahman Al Thani"}]),
    # a country as the other side: its one official named in the sentence
    ("The visit of Japanese Foreign Minister Yoko Kamikawa to Canberra on Monday was called off due to a change in "
     "the schedule of Australian Foreign Minister Penny Wong.",
     [{"Yoko Kamikawa", "Penny Wong"}]),
    ("The visit of Japanese Foreign Minister Yoko Kamikawa to Canberra was postponed, Australian Prime Minister "
     "Anthony Albanese and Foreign Minister Penny Wong said in a joint statement.",
     []),
    ("Chancellor Olaf Scholz met President William Ruto and President Bola Tinubu separately before the summit in Berlin.",
     [{"Olaf Scholz", "William Ruto"}, {"Olaf Scholz", "Bola Tinubu"}]),
]


@pytest.mark.parametrize("text,meetings", MEETING_SETS, ids=[r[0][:60] for r in MEETING_SETS])
def test_every_meeting_of_a_sentence(extract, text, meetings):
    record = extract(text, published="2024-05-10")
    found = sorted(sorted(_names(record, m)) for m in record.meetings if len(m.participants) > 1)
    assert found == sorted(sorted(_plain(n) for n in m) for m in meetings)
