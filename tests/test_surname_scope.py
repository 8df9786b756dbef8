"""A surname alone resolves within its own article first: the one person
the article names in full with that surname, whatever other people of that
surname other articles bring. Such an article then depends on no other one,
so a later person of the same surname rewrites nothing; a surname alone
that the article does not name in full still follows the store (and a
third person of a surname changes nothing two left ambiguous). An index of
the schema before this rule is upgraded and its graphs written as a fresh
build writes them. Records are written here (no spaCy)."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from kg.build import GraphWriter, build
from kg.index import INDEX_FILE
from kg.rdf.iris import article_graph_iri
from kg.resolve import Resolver
from kg.store import LocalStore
from kg.types import Article, ArticleRecord, MeetingRecord, PersonRecord


def _record(aid: str, published: str, people: list[tuple[str, str, str | None]], meet: tuple[str, ...] = (),
            date: str | None = None) -> ArticleRecord:
    persons = tuple(PersonRecord(key, name, (), country) for key, name, country in people)
    countries = {key: country for key, _, country in people}
    meetings = (MeetingRecord(tuple(sorted(meet)), tuple(sorted({countries[k] for k in meet if countries[k]})), None,
                              date, "in_person", "occurred"),) if meet else ()
    return ArticleRecord(Article(id=aid, text=aid, published=published), persons, (), (), meetings)


#: Ilona Varkonyi met Marek Dobrovsky; "Varkonyi said ..." in the same article, as a person of its own.
BOTH = _record("both.txt", "2024-01-10", [("ilona-varkonyi", "Ilona Varkonyi", "HU"), ("varkonyi", "Varkonyi", None),
                                          ("marek-dobrovsky", "Marek Dobrovsky", "SK")],
               ("ilona-varkonyi", "marek-dobrovsky"), "2024-01-09")
#: Only "Varkonyi" (and Dobrovsky): resolved by the people the store knows.
ALONE = _record("alone.txt", "2024-01-12", [("varkonyi", "Varkonyi", None), ("marek-dobrovsky", "Marek Dobrovsky", "SK")],
                ("marek-dobrovsky", "varkonyi"))
ZSOFIA = _record("zsofia.txt", "2024-01-11", [("zsofia-varkonyi", "Zsofia Varkonyi", "HU"),
                                              ("jan-novak", "Jan Novak", "CZ")], ("jan-novak", "zsofia-varkonyi"), "2024-01-11")
PETER = _record("peter.txt", "2024-01-15", [("peter-varkonyi", "Peter Varkonyi", "RO"),
                                            ("jan-novak", "Jan Novak", "CZ")], ("jan-novak", "peter-varkonyi"), "2024-01-14")


def _people(resolver: Resolver, aid: str) -> set[str]:
    return {p.key for p in resolver.resolved(aid).record.people}


@pytest.mark.parametrize("order", list(itertools.permutations([BOTH, ALONE, ZSOFIA])), ids=lambda o: "-".join(
    r.article.id.split(".")[0] for r in o))
def test_a_surname_named_in_full_in_its_article_is_that_person_in_any_order(gazetteer, order):
    resolver = Resolver(gazetteer)
    for r in order:
        resolver.apply([r])
        resolver.commit()
    assert _people(resolver, "both.txt") == {"ilona-varkonyi", "marek-dobrovsky"}
    # two Varkonyis known, the article alone names neither in full: it keeps its own node
    assert _people(resolver, "alone.txt") == {"varkonyi", "marek-dobrovsky"}


def test_a_later_person_of_the_surname_rewrites_only_what_it_changes(gazetteer, tmp_path):
    with LocalStore(tmp_path / "s") as st:
        index = st.resolution_index()
        writer = GraphWriter(st, Resolver(gazetteer, index), country_name=gazetteer.country_name)
        writer.write([BOTH, ALONE])
        assert _people(writer.resolver, "alone.txt") == {"ilona-varkonyi", "marek-dobrovsky"}
        writer.write([ZSOFIA])  # "Varkonyi" alone is now ambiguous: alone.txt is rewritten, both.txt is not
        assert writer.rewritten == 1
        assert _people(writer.resolver, "alone.txt") == {"varkonyi", "marek-dobrovsky"}
        writer.write([PETER])  # a third Varkonyi: nothing that two left ambiguous changes
        assert writer.rewritten == 1
        index.close()


def _quads(st: LocalStore) -> set:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in st.quads()}


def test_an_index_of_schema_2_is_upgraded_and_its_graphs_written_as_a_fresh_build(gazetteer, tmp_path):
    records = [BOTH, ALONE, ZSOFIA, PETER]
    with LocalStore(tmp_path / "fresh") as st:
        index = st.resolution_index()
        GraphWriter(st, Resolver(gazetteer, index), country_name=gazetteer.country_name).write(records)
        index.close()
        fresh = _quads(st)
    path = tmp_path / "old"
    with LocalStore(path) as st:
        index = st.resolution_index()
        GraphWriter(st, Resolver(gazetteer, index), country_name=gazetteer.country_name).write(records)
        index.close()
        # the earlier rule left the surname of both.txt ambiguous: its graph said so
        st.replace_graphs([(article_graph_iri("both.txt"), [])])
    db = sqlite3.connect(path / INDEX_FILE)
    db.executescript("""
        DROP TABLE report_key; DROP TABLE surname_ref;
        CREATE TABLE report_key(key TEXT, bucket TEXT, date TEXT, published TEXT, article TEXT, idx INTEGER);
        CREATE INDEX report_key_date ON report_key(key, bucket, date);
        CREATE INDEX report_key_article ON report_key(article);
        CREATE TABLE surname_ref(surname TEXT, article TEXT, PRIMARY KEY(surname, article));
        INSERT INTO surname_ref VALUES ('Varkonyi', 'both.txt'), ('Varkonyi', 'alone.txt');
        UPDATE meta SET v='2' WHERE k='schema';""")
    db.close()
    with LocalStore(path) as st:
        build([], store=st)
        assert _quads(st) == fresh
        index = st.resolution_index()
        try:
            assert not index.needs_regroup()
            assert index.surname_refs("Varkonyi") == ["alone.txt"]
        finally:
            index.close()
