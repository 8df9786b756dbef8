"""Topics: the SKOS issue vocabulary and what the text ties to a meeting."""

from __future__ import annotations

import pytest


def _labels(meeting):
    return {t.label for t in meeting.topics}


def test_vocabulary_is_skos_with_pref_alt_and_broader(vocabulary):
    assert len(vocabulary.concepts) >= 30
    assert any(c.alt_labels for c in vocabulary.concepts.values())
    assert any(c.broader for c in vocabulary.concepts.values())
    labels = {label.lower() for label in vocabulary.labels()}
    assert {"taiwan", "fentanyl", "sanctions"} <= labels


def test_topics_of_the_meeting_sentence_and_its_coreferent_mentions(extract):
    text = (
        "Japanese Foreign Minister Yoko Kamikawa met Chinese Foreign Minister Wang Yi in Busan on Sunday. "
        "During the talks, Kamikawa raised fentanyl and export controls. "
        "Separately, Japan's economy grew in the third quarter."
    )
    record = extract(text, published="2023-11-28")
    (m,) = [m for m in record.meetings if len(m.participants) == 2]
    labels = {label.lower() for label in _labels(m)}
    assert "fentanyl" in labels
    assert any("export control" in label for label in labels)


def test_unrelated_sentences_do_not_add_topics(extract):
    text = (
        "Olaf Scholz met Emmanuel Macron in Paris on Monday. "
        "In a separate development, oil prices rose on fears over Red Sea shipping."
    )
    record = extract(text, published="2024-05-08")
    (m,) = record.meetings
    assert not any("red sea" in label.lower() or "houthi" in label.lower() for label in _labels(m))


def test_the_meeting_itself_is_not_a_topic(extract):
    record = extract("Biden held a virtual summit with Xi Jinping in November.", published="2021-12-01")
    (m,) = record.meetings
    assert not any("summit" in label.lower() for label in _labels(m))


def test_issue_outside_the_vocabulary_becomes_a_new_concept(extract):
    record = extract("Olaf Scholz met Emmanuel Macron in Paris on Monday and discussed pension harmonisation.",
                     published="2024-05-08")
    (m,) = record.meetings
    new = [t for t in m.topics if t.new]
    assert [t.label for t in new] == ["pension harmonisation"]


def test_generic_objects_are_not_new_concepts(extract):
    record = extract("Olaf Scholz met Emmanuel Macron in Paris on Monday and discussed ways to cooperate.",
                     published="2024-05-08")
    (m,) = record.meetings
    assert not any(t.new for t in m.topics)


def test_top_concepts_are_categories_not_topics():
    from kg.extract.topics import specific
    from kg.types import Topic
    from kg.vocab import Concept, Vocabulary

    vocab = Vocabulary(
        {
            "Security": Concept("Security", "International security", top=True),
            "Taiwan": Concept("Taiwan", "Taiwan", broader=("Security",)),
        }
    )
    broad, narrow = Topic("Security", "International security"), Topic("Taiwan", "Taiwan")
    new = Topic("new/chip-subsidies", "chip subsidies", new=True)
    assert specific([broad, narrow], vocab) == [narrow]
    assert specific([broad], vocab) == [], "a category names no issue of its own"
    assert specific([broad, new], vocab) == [new]


def test_the_vocabulary_marks_its_top_concepts(vocabulary):
    tops = {c.label for c in vocabulary.concepts.values() if c.top}
    assert "International security" in tops
    assert "Taiwan" not in tops


# -- the issues of a meeting, from sentences written for these tests ------------------------------

def _meeting_with(record, *keys):
    found = [m for m in record.meetings if set(keys) <= set(m.participants)]
    assert found, f"no meeting of {keys}: {[m.participants for m in record.meetings]}"
    return found[0]


@pytest.mark.parametrize(
    "text,people,expected",
    [
        # the names people use for common agenda items
        ("Kenyan President William Ruto met Indian Prime Minister Narendra Modi in New Delhi on Tuesday and discussed "
         "health, agriculture and education.", ("william-ruto", "narendra-modi"), {"Health", "Agriculture", "Education cooperation"}),
        ("Brazilian President Luiz Inacio Lula da Silva met German Chancellor Olaf Scholz in Brasilia on Monday and "
         "discussed the fight against the coronavirus pandemic and vaccine supplies.", ("olaf-scholz",), {"COVID-19"}),
        ("US Secretary of State Antony Blinken met Russian Foreign Minister Sergei Lavrov in Geneva on Friday and raised "
         "Russian meddling in the election and cyber threats.", ("antony-blinken", "sergei-lavrov"),
         {"Election interference", "Cybersecurity"}),
        ("Egyptian President Abdel Fattah el-Sisi met French President Emmanuel Macron in Cairo on Thursday and discussed "
         "the humanitarian situation in Gaza.", ("emmanuel-macron",), {"Humanitarian situation", "Israel-Gaza war"}),
        ("Turkish President Recep Tayyip Erdogan met Iranian President Ebrahim Raisi in Ankara on Wednesday to discuss "
         "the Syrian civil war and the crisis in the Middle East.", ("ebrahim-raisi",), {"Syria", "Middle East"}),
        ("German Chancellor Olaf Scholz spoke by phone with French President Emmanuel Macron on Monday and congratulated "
         "him on his election victory.", ("olaf-scholz", "emmanuel-macron"), {"Election congratulations"}),
        ("US Trade Representative Katherine Tai held trade talks with Japanese Economy Minister Yasutoshi Nishimura in "
         "Tokyo on Monday.", ("katherine-tai",), {"Trade"}),
        # issues stated in the sentences after the meeting sentence
        ("Vietnamese Prime Minister Pham Minh Chinh spoke by phone with Indian Prime Minister Narendra Modi on Saturday. "
         "The two PMs agreed to expand defence cooperation and coordination in UN peacekeeping operations.",
         ("narendra-modi",), {"Defence cooperation", "UN peacekeeping"}),
        ("Australian Prime Minister Anthony Albanese met Indonesian President Joko Widodo in Jakarta on Wednesday. "
         "The two leaders discussed trade and investment, climate change and regional stability.",
         ("anthony-albanese", "joko-widodo"), {"Trade", "Investment", "Climate change", "Regional stability"}),
        ("Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Seoul on Sunday. "
         "Maritime security and counter-terrorism also came up for discussion.", ("fumio-kishida",),
         {"Maritime security", "Terrorism"}),
        ("Spanish Prime Minister Pedro Sanchez met Moroccan King Mohammed VI in Rabat on Wednesday. "
         "The talks focused on migration and energy security.", ("pedro-sanchez",), {"Migration", "Energy security"}),
        ("Chinese Foreign Minister Wang Yi met Indonesian Foreign Minister Retno Marsudi in Beijing on Monday. "
         "During the talks, Wang raised the situation in Myanmar.", ("wang-yi", "retno-marsudi"), {"Myanmar"}),
        ("Nigerian President Bola Tinubu met Ghanaian President Nana Akufo-Addo in Abuja on Friday. "
         "He affirmed that Nigeria wants closer cooperation on counter-terrorism and railways.",
         ("bola-tinubu",), {"Terrorism", "Railways"}),
        # countries named as what was discussed; relations of two countries
        ("UN Secretary-General Antonio Guterres met US President Joe Biden at the White House on Tuesday. "
         "They discussed Syria, Yemen and South Sudan.", ("joe-biden",), {"Syria", "Yemen", "South Sudan"}),
        ("Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday and welcomed the plan "
         "to settle the crisis in Ukraine.", ("xi-jinping", "vladimir-putin"), {"Russia-Ukraine war"}),
        ("Japanese Prime Minister Fumio Kishida met US President Joe Biden in Delaware on Saturday. "
         "The two leaders reviewed the progress of Japan-U.S. relations.", ("joe-biden",), {"Japan-US relations"}),
        ("Chinese Foreign Minister Wang Yi met US Secretary of State Antony Blinken in Munich on Saturday and said "
         "China-US relations had stabilised.", ("wang-yi",), {"US-China relations"}),
        ("Pakistani Foreign Minister Ishaq Dar met Saudi Foreign Minister Faisal bin Farhan in Riyadh on Sunday. "
         "They discussed pressing issues such as Afghanistan and Kashmir.", ("ishaq-dar",),
         {"Afghanistan", "India-Pakistan tensions"}),
        ("Qatari Emir Tamim bin Hamad Al Thani met US Secretary of State Antony Blinken in Doha on Monday to discuss "
         "the peace process.", ("antony-blinken",), {"Peace talks"}),
        ("Turkish Foreign Minister Hakan Fidan met Syrian interim leader Ahmed al-Sharaa in Damascus on Sunday and "
         "pledged to help rebuild Syria.", ("hakan-fidan",), {"Syria"}),
        ("Indonesian President Prabowo Subianto met Chinese President Xi Jinping in Beijing on Saturday. The two "
         "leaders issued a joint statement on maritime cooperation.", ("xi-jinping",), {"Maritime security"}),
        ("US Secretary of State Marco Rubio spoke with Panamanian President Jose Raul Mulino on Sunday about "
         "Chinese influence over the Panama Canal.", ("marco-rubio",), {"Panama Canal"}),
        # outside the vocabulary: the object of "discussed"
        ("Indian Prime Minister Narendra Modi held talks with Sri Lankan President Ranil Wickremesinghe in New Delhi "
         "on Friday. The leaders discussed the fishermen issue.", ("narendra-modi",), {"fishermen issue"}),
    ],
)
def test_topics_of_a_meeting(extract, text, people, expected):
    m = _meeting_with(extract(text, published="2024-03-12"), *people)
    assert expected <= _labels(m), _labels(m)


@pytest.mark.parametrize(
    "text,people,unwanted",
    [
        # a discussion with someone outside the meeting belongs to another meeting, or to none
        ("Indian Prime Minister Narendra Modi met Turkish President Recep Tayyip Erdogan in Antalya on Monday. "
         "Modi later discussed tourism and railways with Spanish Prime Minister Pedro Sanchez.",
         ("recep-tayyip-erdogan",), {"Tourism", "Railways"}),
        # a side of the meeting is not its topic
        ("Colombian President Gustavo Petro met Venezuelan President Nicolas Maduro in Caracas on Saturday, months after "
         "relations between Colombia and Venezuela were restored.", ("gustavo-petro", "nicolas-maduro"), {"Venezuela", "Colombia"}),
        ("US national security adviser Jake Sullivan met Chinese Foreign Minister Wang Yi in Bangkok on Friday and raised "
         "concerns about China's support for Russia's defence industrial base.", ("jake-sullivan", "wang-yi"), {"China", "Russia"}),
        # generic issues count only where they are what was discussed
        ("South African President Cyril Ramaphosa met Ukrainian President Volodymyr Zelensky in Pretoria on Thursday, "
         "a year after the Africa Peace Initiative.", ("cyril-ramaphosa",), {"Peace talks"}),
        ("US envoy Sung Kim met Japanese diplomat Takehiro Funakoshi in Jakarta on Tuesday to counter North Korean "
         "threats to regional security.", ("sung-kim",), {"Regional stability"}),
        # a region that only qualifies a person is no topic; a briefer is not a party
        ("Russian President Vladimir Putin met his Middle East envoy Mikhail Bogdanov in Moscow on Monday.",
         ("vladimir-putin",), {"Middle East"}),
        ("US Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Monday. "
         "A senior State Department official acknowledged concerns about the Taiwan Strait.",
         ("antony-blinken", "wang-yi"), {"Taiwan"}),
        # the meeting's own words
        ("Joe Biden held a virtual summit with Xi Jinping on Monday and a phone call with Olaf Scholz on Tuesday.",
         ("joe-biden", "xi-jinping"), {"Leader-level engagement"}),
        # a generic object with only an adjective is no new issue
        ("Olaf Scholz met Emmanuel Macron in Paris on Monday and discussed a confidential issue.",
         ("olaf-scholz",), {"confidential issue", "issue"}),
        # an open border is not migration
        ("Colombian President Gustavo Petro met Venezuelan President Nicolas Maduro in Caracas on Saturday, days after "
         "the full reopening of the border crossings.", ("gustavo-petro",), {"Migration"}),
    ],
)
def test_not_topics_of_a_meeting(extract, text, people, unwanted):
    m = _meeting_with(extract(text, published="2024-03-12"), *people)
    assert not unwanted & _labels(m), _labels(m)


def test_each_of_two_meetings_keeps_its_own_issues(extract):
    text = (
        "Indian External Affairs Minister S. Jaishankar met Japanese Foreign Minister Yoko Kamikawa in Tokyo on Monday "
        "and discussed semiconductors. On Tuesday, Jaishankar met South Korean Foreign Minister Cho Tae-yul in Seoul. "
        "The two ministers discussed shipbuilding and critical minerals."
    )
    record = extract(text, published="2024-03-12")
    tokyo = _meeting_with(record, "yoko-kamikawa")
    seoul = _meeting_with(record, "cho-tae-yul")
    assert "Critical minerals" in _labels(seoul) and "Critical minerals" not in _labels(tokyo)
    assert "Export controls" in _labels(tokyo) and "Export controls" not in _labels(seoul)


# -- who discusses: discussion_in ----------------------------------------------------------------------

def _keys(doc, names=()):
    """Person keys for the tokens written as one of ``names`` (lower case)."""
    return {t.i: t.text.lower() for t in doc if t.text in names}


@pytest.mark.parametrize(
    "text,people,partners,countries,group",
    [
        ("Modi discussed trade with Erdogan.", {"modi"}, {"erdogan"}, set(), False),
        ("Erdogan and Modi discussed trade.", {"modi", "erdogan"}, set(), set(), False),
        ("Trade was discussed by Modi.", {"modi"}, set(), set(), False),
        ("Modi discussed counter-terrorism and railways with Spanish Prime Minister Pedro Sanchez.",
         {"modi"}, {"sanchez"}, set(), False),
        ("He discussed energy with him.", set(), set(), set(), None),
        ("Scholz congratulated Macron on his victory.", {"scholz"}, {"macron"}, set(), False),
        ("The two leaders also discussed North Korea.", set(), set(), set(), True),
        ("The two PMs agreed to expand defence cooperation.", set(), set(), set(), True),
        ("Trade and migration also came up for discussion.", set(), set(), set(), True),
        ("Trade and migration were discussed.", set(), set(), set(), True),
        ("The talks focused on energy security.", set(), set(), set(), True),
        ("Their lengthy exchange on cyber threats yielded clashing accounts.", set(), set(), set(), True),
        ("India and Vietnam agreed to boost trade.", set(), set(), {"IN", "VN"}, False),
        ("The Chinese leader called for a ceasefire.", set(), set(), {"CN"}, False),
        ("The visit provides an opportunity to discuss trade and agriculture.", set(), set(), set(), True),
    ],
)
def test_who_discusses(nlp, gazetteer, text, people, partners, countries, group):
    from kg.extract.mentions import country_mentions
    from kg.extract.topics import discussion_in

    doc = nlp(text)
    codes = {}
    for m in country_mentions(doc, gazetteer=gazetteer):
        for t in doc.char_span(m.start, m.end, alignment_mode="expand"):
            codes[t.i] = m.key
    names = {w.title() for w in people | partners}
    said = discussion_in(next(doc.sents), token_keys=_keys(doc, names), countries=codes)
    if group is None:
        assert said is None, "pronouns nobody resolves name no one"
        return
    assert said is not None
    assert (set(said.people), set(said.partners), set(said.countries), said.group) == (people, partners, countries, group)


@pytest.mark.parametrize(
    "text",
    [
        "Oil prices rose on Monday.",
        "A senior official acknowledged concerns about the talks.",
        "Macron said the war must end.",
    ],
)
def test_sentences_that_say_no_one_discussed_anything(nlp, text):
    from kg.extract.topics import discussion_in

    doc = nlp(text)
    assert discussion_in(next(doc.sents), token_keys=_keys(doc, {"Macron"})) is None


# -- what the sentence makes a topic: in_topic_position -------------------------------------------------

@pytest.mark.parametrize(
    "text,word,expected",
    [
        ("They discussed Syria and Yemen.", "Yemen", True),
        ("On Libya, they agreed to back the UN process.", "Libya", True),
        ("In addition to Syria, they discussed trade.", "Syria", True),
        ("The talks on Ukraine lasted two hours.", "Ukraine", True),
        ("They talked about Venezuela.", "Venezuela", True),
        ("The leaders focused on Sudan and Yemen conflicts.", "Sudan", True),
        ("The situation in Kashmir worries both sides.", "Kashmir", True),
        ("They discussed issues such as Taiwan.", "Taiwan", True),
        ("Relations between Colombia and Venezuela were restored.", "Venezuela", False),
        ("He flew to Japan after the talks.", "Japan", False),
        ("They raised concerns about China's support for Russia.", "China", False),
        ("Putin's Middle East envoy met Netanyahu.", "East", False),
    ],
)
def test_topic_position(nlp, text, word, expected):
    from kg.extract.topics import in_topic_position

    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert in_topic_position(tok) is expected


# -- the vocabulary as data ----------------------------------------------------------------------------

def test_every_label_names_one_concept(vocabulary):
    seen: dict[str, str] = {}
    for c in vocabulary.concepts.values():
        for label in (c.label, *c.alt_labels):
            other = seen.setdefault(label.lower(), c.key)
            assert other == c.key, f"{label!r} is a label of {other} and {c.key}"


def test_every_broader_concept_exists_and_tops_have_none(vocabulary):
    for c in vocabulary.concepts.values():
        assert all(b in vocabulary.concepts for b in c.broader), c.key
        assert not (c.top and c.broader), c.key


@pytest.mark.parametrize(
    "phrase,label",
    [
        ("coronavirus", "COVID-19"), ("public health", "Health"), ("climate crisis", "Climate change"),
        ("Syrian civil war", "Syria"), ("cyber threats", "Cybersecurity"), ("election meddling", "Election interference"),
        ("defence industry", "Defence cooperation"), ("peacekeepers", "UN peacekeeping"), ("farm produce", "Agriculture"),
        ("humanitarian crisis", "Humanitarian situation"), ("regional developments", "Regional stability"),
        ("eastern Congo", "Eastern DRC conflict"), ("Artsakh", "Nagorno-Karabakh"), ("bilateral trade", "Trade"),
        ("renewable energy", "Renewable energy"), ("cooperation in space", "Space cooperation"),
        ("United Nations reform", "UN reform"), ("crisis in the Middle East", "Middle East"),
        ("NATO expansion", "NATO enlargement"), ("burden sharing", "Defence spending"), ("BRICS expansion", "BRICS"),
        ("One Belt One Road", "Belt and Road Initiative"), ("de-dollarisation", "Currency"),
        ("annexation of Greenland", "Greenland"), ("industrial overcapacity", "Overcapacity"),
    ],
)
def test_usual_phrasings_name_the_issue_by_its_common_name(vocabulary, phrase, label):
    key = vocabulary.key_for(phrase)
    assert key is not None, phrase
    assert vocabulary.concepts[key].label == label


def test_a_standfirst_the_body_repeats_counts_where_it_is_repeated(extract):
    text = (
        "Modi holds talks with Albanese in Antalya\n"
        "Energy security and tourism also came up for discussion.\n"
        "Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony Albanese in Antalya on Monday. "
        "They discussed critical minerals.\n"
        "Later, Modi met Turkish President Recep Tayyip Erdogan. Energy security and tourism also came up for discussion.\n"
    )
    record = extract(text, published="2024-03-12")
    albanese = _meeting_with(record, "anthony-albanese")
    erdogan = _meeting_with(record, "recep-tayyip-erdogan")
    assert {"Energy security", "Tourism"} <= _labels(erdogan)
    assert not {"Energy security", "Tourism"} & _labels(albanese)
    assert "Critical minerals" in _labels(albanese)
