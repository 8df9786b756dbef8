"""Ingest, one bad input at a time: what is refused (InputError), what is read
with a warning (InputWarning), and that the message names the file, the line
and what to do. No spaCy here; these are fast."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from kg.errors import InputError, InputWarning
from kg.ingest import MAX_ARTICLE_BYTES, MAX_ARTICLE_CHARS, iter_articles, normalise_date
from kg.textin import clean_chars, decode_text, html_to_text, is_html_document

GOOD = "Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken in Rome on Monday.\n"


def read(*inputs):
    """(articles, errors, warnings) of ingesting ``inputs``."""
    problems: list[InputError] = []
    articles = list(iter_articles(inputs, on_error=problems.append))
    errors = [p for p in problems if not isinstance(p, InputWarning)]
    warnings = [p for p in problems if isinstance(p, InputWarning)]
    return articles, errors, warnings


def read_with_peak(path):
    """``read(path)`` and the peak of Python memory allocated while reading."""
    tracemalloc.start()
    try:
        articles, errors, _ = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return articles, errors, peak


def only(problems, *, path: Path | None = None, line: int | None = None, says: str) -> InputError:
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert says in str(p), str(p)
    if path is not None:
        assert p.path == str(path)
        assert str(path) in str(p)
    assert p.line == line
    return p


@pytest.fixture()
def d(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


# -- files that are not article text ----------------------------------------------
@pytest.mark.parametrize(
    "name, data, says",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n  \n", "empty"),
        ("nul.txt", b"Wang Yi\x00\x00\x00\x01\x02 met Blinken" * 10, "binary file (it contains NUL bytes)"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        ("doc.txt", b"PK\x03\x04\x14\x00\x06\x00", "Office document"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        ("ctrl.txt", bytes(range(1, 9)) * 50, "mostly control characters"),
        ("latin1.txt", "Caf\u00e9 talks.\nWang Yi met Blinken in M\u00fcnchen.".encode("latin-1"), "line 1, column 4"),
        ("cp1252.txt", "Line one.\nThey said \u201chello\u201d.".encode("cp1252"), "line 2, column 11"),
        ("u16le.txt", GOOD.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        ("u16be.txt", GOOD.encode("utf-16-be"), "iconv -f utf-16be"),
        ("badbom.txt", b"\xff\xfe" + GOOD.encode("utf-16-le") + b"\x00", "not valid UTF-16"),
    ],
)
def test_unreadable_file_is_skipped_with_a_message_naming_it(d, name, data, says):
    (d / name).write_bytes(data)
    articles, errors, warnings = read(d)
    assert [a.id for a in articles] == ["good.txt"]
    only(errors, path=d / name, says=says)
    assert not warnings


def test_invalid_utf8_message_says_what_to_do(d):
    (d / "latin1.txt").write_bytes("Caf\u00e9".encode("latin-1"))
    _, errors, _ = read(d / "latin1.txt")
    assert "not valid UTF-8 (byte 0xe9" in str(errors[0]) and "iconv" in str(errors[0])


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, codec):
    data = GOOD.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "bom.txt").write_bytes(data)
    articles, errors, warnings = read(tmp_path)
    assert not errors and not warnings
    assert articles[0].text == GOOD
    assert "\ufeff" not in articles[0].text


def test_utf16_text_that_starts_with_a_nul_is_read_as_utf16(tmp_path):
    """FF FE 00 00 is the UTF-32 byte-order mark, and also UTF-16's followed
    by U+0000: bytes that are not UTF-32 are read as the UTF-16 they are."""
    (tmp_path / "nul.txt").write_bytes(("\x00" + GOOD).encode("utf-16"))
    articles, errors, _ = read(tmp_path)
    assert not errors
    assert articles[0].text == " " + GOOD  # the NUL replaced, offsets kept


def test_bytes_that_read_as_utf16_and_as_utf32_gibberish_are_refused(tmp_path):
    # as UTF-32 these are U+100030, a private-use character; as UTF-16 "\x000\x10"
    (tmp_path / "odd.txt").write_bytes("\x000\x10".encode("utf-16"))
    articles, errors, _ = read(tmp_path)
    assert not articles
    only(errors, path=tmp_path / "odd.txt", says="FF FE 00 00")
    assert "re-save it as UTF-8" in str(errors[0])


def test_decode_text_refuses_without_guessing():
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode_text("na\u00efve".encode("latin-1"), path="x.txt")
    assert decode_text("na\u00efve".encode(), path="x.txt") == "na\u00efve"


# -- size limits ---------------------------------------------------------------------
def test_a_50_mb_file_is_refused_without_being_read(d):
    big = d / "dump.txt"
    chunk = (GOOD * 1000).encode()
    with big.open("wb") as fh:
        while fh.tell() + len(chunk) <= 50_000_000:
            fh.write(chunk)
        fh.write(b"x" * (50_000_000 - fh.tell()))
    articles, errors, peak = read_with_peak(d)
    assert [a.id for a in articles] == ["good.txt"]
    only(errors, path=big, says="over the 5 MB limit")
    assert "50.0 MB" in str(errors[0]) and "split it" in str(errors[0])
    assert peak < MAX_ARTICLE_BYTES, peak  # not even the 5 MB prefix was read


def test_a_50_mb_jsonl_line_is_refused_and_the_next_lines_are_read(tmp_path):
    f = tmp_path / "feed.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "a", "text": GOOD}) + "\n")
        fh.write('{"id": "huge", "text": "')
        for _ in range(50):
            fh.write("x" * 1_000_000)
        fh.write('"}\n')
        fh.write(json.dumps({"id": "b", "text": GOOD}) + "\n")
    articles, errors, peak = read_with_peak(f)
    assert [a.id for a in articles] == ["a", "b"]
    only(errors, path=f, line=2, says="over the 5 MB limit")
    assert peak < 3 * MAX_ARTICLE_BYTES  # at most the 5 MB prefix of the line, never 50 MB


def test_text_over_the_character_limit_is_refused(tmp_path):
    f = tmp_path / "long.jsonl"
    f.write_text(json.dumps({"id": "long", "text": "word " * (MAX_ARTICLE_CHARS // 5 + 1)}) + "\n", encoding="utf-8")
    articles, errors, _ = read(f)
    assert articles == []
    only(errors, path=f, line=1, says="over the limit of 1,000,000")


# -- HTML ---------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html><head><title>Wang meets Blinken</title><style>p { color: red }</style>
<script>document.write("tracking")</script></head>
<body><nav>Home | World</nav><p>Chinese Foreign Minister Wang Yi met Antony Blinken
in Rome on Monday.</p><p>They discussed Taiwan &amp; trade.</p><script>alert(1)</script></body></html>"""


def test_an_html_page_in_a_txt_file_is_reduced_to_its_text_with_a_warning(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    articles, errors, warnings = read(tmp_path)
    assert not errors
    only(warnings, path=tmp_path / "page.txt", says="whole HTML page")
    a = articles[0]
    assert "Wang Yi met Antony Blinken" in a.text and "Taiwan & trade." in a.text
    assert "<" not in a.text and "alert" not in a.text and "tracking" not in a.text and "color" not in a.text
    assert a.title == "Wang meets Blinken"


def test_an_html_file_is_read_as_its_text_without_a_warning(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    articles, errors, warnings = read(tmp_path)
    assert not errors and not warnings
    assert articles[0].id == "page.html" and "Taiwan & trade." in articles[0].text


def test_an_html_page_without_visible_text_is_refused(tmp_path):
    (tmp_path / "blank.txt").write_text("<html><head><script>x()</script></head><body> </body></html>", encoding="utf-8")
    articles, errors, _ = read(tmp_path)
    assert articles == []
    only(errors, path=tmp_path / "blank.txt", says="no visible text")


def test_text_that_mentions_markup_is_not_an_html_page(tmp_path):
    text = 'Analysts said the site showed <script>alert("x")</script> and <b>bold</b> claims. Wang Yi met Blinken.'
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    articles, errors, warnings = read(tmp_path)
    assert not errors and not warnings
    assert articles[0].text == text
    assert not is_html_document(text)


def test_html_to_text_keeps_paragraphs_apart_and_decodes_entities():
    text, title = html_to_text("<body><h1>Talks</h1><p>A&nbsp;&lt;B&gt;</p><ul><li>one</li><li>two</li></ul></body>")
    assert text == "Talks\n\nA <B>\n\none\n\ntwo"
    assert title is None


# -- control characters --------------------------------------------------------------
def test_control_characters_are_replaced_one_for_one_with_a_warning(tmp_path):
    text = "Wang\x01Yi met\x1bBlinken\x0b in Rome.\tOK\n"
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    articles, errors, warnings = read(tmp_path)
    assert not errors
    only(warnings, path=tmp_path / "c.txt", says="3 control character(s) (first: U+0001)")
    assert articles[0].text == "Wang Yi met Blinken  in Rome.\tOK\n"
    assert len(articles[0].text) == len(text)


def test_clean_chars_replaces_surrogates_and_noncharacters():
    assert clean_chars("a\ud800b\uffffc\x00") == ("a\ufffdb\ufffdc ", 3)
    assert clean_chars("\u202eRTL\u200d ok") == ("\u202eRTL\u200d ok", 0)


# -- .jsonl ------------------------------------------------------------------------------
def test_malformed_jsonl_lines_are_each_named_by_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}),  # 1 good
        '{"id": "b", "text": "unterminated',  # 2
        "[1, 2, 3]",  # 3
        json.dumps({"id": "c"}),  # 4 no text
        json.dumps({"text": GOOD}),  # 5 no id
        json.dumps({"id": "d", "text": 42}),  # 6 text not a string
        "",  # 7 blank: ignored
        json.dumps({"id": "a", "text": "Another text."}),  # 8 duplicate id
        "[" * 100_000,  # 9 nested too deeply for the json module
        json.dumps({"id": "e", "text": "   "}),  # 10 empty text
        json.dumps({"id": {"x": 1}, "text": GOOD}),  # 11 id not a string
        json.dumps({"id": "f", "text": GOOD}),  # 12 good
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors, warnings = read(f)
    assert [a.id for a in articles] == ["a", "f"]
    assert not warnings
    got = {e.line: str(e) for e in errors}
    assert sorted(got) == [2, 3, 4, 5, 6, 8, 9, 10, 11]
    assert all(m.startswith(f"{f}:{n}: ") for n, m in got.items())
    assert "not valid JSON" in got[2]
    assert "JSON object" in got[3]
    assert 'has no "text"' in got[4]
    assert 'no "id"' in got[5]
    assert 'an int instead of a "text" string' in got[6]
    assert "duplicate article id 'a'" in got[8] and f"{f}:1" in got[8]
    assert "nested too deeply" in got[9] or "not valid JSON" in got[9]
    assert "empty" in got[10]
    assert 'no "id"' in got[11]


def test_jsonl_line_that_is_not_utf8_is_named(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(json.dumps({"id": "a", "text": GOOD}).encode() + b'\n{"id": "b", "text": "caf\xe9"}\n')
    articles, errors, _ = read(f)
    assert [a.id for a in articles] == ["a"]
    only(errors, path=f, line=2, says="line is not valid UTF-8 (byte 0xe9 at column 25)")


def test_a_utf16_jsonl_is_refused_as_a_whole(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes((json.dumps({"id": "a", "text": GOOD}) + "\n").encode("utf-16"))
    articles, errors, _ = read(f)
    assert articles == []
    only(errors, path=f, says="JSON Lines must be UTF-8")


def test_a_binary_file_named_jsonl_gives_one_message_not_one_per_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 100)
    articles, errors, _ = read(f)
    assert articles == []
    only(errors, path=f, says="gzip-compressed")


def test_a_text_file_named_jsonl_is_given_up_after_a_few_lines(tmp_path):
    f = tmp_path / "notes.jsonl"
    f.write_text("\n".join(f"note {i}: Wang Yi met Blinken." for i in range(200)), encoding="utf-8")
    articles, errors, _ = read(f)
    assert articles == []
    assert len(errors) == 21
    assert "is this a JSON Lines file" in str(errors[-1])


def test_an_empty_jsonl_is_reported(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n\n", encoding="utf-8")
    articles, errors, _ = read(f)
    assert articles == []
    only(errors, path=f, says="holds no articles")


def test_jsonl_id_with_control_characters_is_cleaned_with_a_warning(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": " a\nb\x00 ", "text": GOOD}) + "\n", encoding="utf-8")
    articles, errors, warnings = read(f)
    assert not errors
    assert articles[0].id == "a\nb"
    only(warnings, path=f, line=1, says="stored as 'a\\nb'")


# -- duplicates, manifests, dates -------------------------------------------------------
def test_duplicate_id_across_a_directory_and_a_jsonl_names_both_places(d):
    f = d / "more.jsonl"
    f.write_text(json.dumps({"id": "good.txt", "text": "Other text."}) + "\n", encoding="utf-8")
    articles, errors, _ = read(d)
    assert [a.id for a in articles] == ["good.txt"]
    e = only(errors, path=f, line=1, says="duplicate article id 'good.txt'")
    assert str(d / "good.txt") in str(e) and "give it another id" in str(e)


def test_an_input_given_twice_is_read_once(d):
    articles, errors, warnings = read(d, d / ".." / d.name)
    assert [a.id for a in articles] == ["good.txt"] and not errors
    only(warnings, says="more than once")


def test_manifest_row_for_a_missing_file_is_a_warning(d):
    m = d / "manifest.csv"
    m.write_text("id,published,source\ngood.txt,2022-03-15,Wire\nmissing.txt,2022-03-16,Wire\n", encoding="utf-8")
    articles, errors, warnings = read(d)
    assert not errors
    only(warnings, path=m, line=3, says="'missing.txt' but there is no such article file")
    assert articles[0].published == "2022-03-15" and articles[0].source == "Wire"


@pytest.mark.parametrize("bad", ["2022-02-30", "2022-13-01", "0000-01-01", "March 3, 2022", "15/03/2022", "2022-03-15\n"])
def test_impossible_date_is_dropped_with_a_warning_and_the_article_kept(tmp_path, bad):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "a", "text": GOOD, "published": bad}) + "\n", encoding="utf-8")
    articles, errors, warnings = read(f)
    assert not errors
    if bad.strip() == "2022-03-15":  # surrounding whitespace is fine
        assert articles[0].published == "2022-03-15" and not warnings
        return
    assert [a.id for a in articles] == ["a"] and articles[0].published is None
    only(warnings, path=f, line=1, says="built without a publication date")


def test_impossible_date_in_a_manifest_names_the_manifest_line(d):
    m = d / "manifest.csv"
    m.write_text("id,published\ngood.txt,2022-02-30\n", encoding="utf-8")
    articles, errors, warnings = read(d)
    assert not errors and articles[0].published is None
    only(warnings, path=m, line=2, says="'2022-02-30' is not a real calendar date")


def test_normalise_date_still_raises_for_callers_that_want_it():
    with pytest.raises(InputError, match="not a real calendar date"):
        normalise_date("2022-02-30")


def test_broken_manifest_rows_do_not_cost_the_other_rows(d):
    (d / "b.txt").write_text(GOOD, encoding="utf-8")
    m = d / "manifest.jsonl"
    m.write_text(
        '{"id": "good.txt", "published": "2022-03-15"}\nnot json\n{"published": "2022-01-01"}\n{"id": "b.txt", "source": "Wire"}\n',
        encoding="utf-8",
    )
    articles, errors, warnings = read(d)
    assert not errors
    assert {a.id: (a.published, a.source) for a in articles} == {"good.txt": ("2022-03-15", None), "b.txt": (None, "Wire")}
    assert sorted(w.line for w in warnings) == [2, 3]


def test_a_manifest_that_is_not_utf8_is_ignored_with_a_warning(d):
    m = d / "manifest.csv"
    m.write_bytes("id,source\ngood.txt,Caf\u00e9 Press\n".encode("latin-1"))
    articles, errors, warnings = read(d)
    assert not errors and [a.id for a in articles] == ["good.txt"]
    only(warnings, path=m, says="built without its metadata")


# -- paths --------------------------------------------------------------------------------
def test_directory_without_articles_says_what_it_found(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(GOOD, encoding="utf-8")
    articles, errors, _ = read(tmp_path)
    assert articles == []
    e = only(errors, path=tmp_path, says="holds no .txt, .html or .jsonl articles")
    assert "1 .pdf" in str(e) and "subdirectories are not searched" in str(e)


@pytest.mark.parametrize(
    "name, says",
    [("missing.txt", "no such file or directory"), ("report.pdf", "is not a .txt, .html or .jsonl file"), ("manifest.jsonl", "is a manifest")],
)
def test_bad_paths_are_named(tmp_path, name, says):
    if name != "missing.txt":
        (tmp_path / name).write_text("{}", encoding="utf-8")
    articles, errors, _ = read(tmp_path / name)
    assert articles == []
    only(errors, path=tmp_path / name, says=says)


def test_a_fifo_is_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    articles, errors, _ = read(fifo)
    assert articles == []
    only(errors, path=fifo, says="not a regular file")


def test_default_handler_raises_errors_and_warns_on_warnings(tmp_path):
    (tmp_path / "a.txt").write_text("<html><body><p>Wang Yi met Blinken.</p></body></html>", encoding="utf-8")
    with pytest.warns(UserWarning, match="whole HTML page"):
        assert [a.id for a in iter_articles([tmp_path / "a.txt"])] == ["a.txt"]
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        list(iter_articles([tmp_path / "b.txt"]))
