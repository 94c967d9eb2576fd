"""The query language: parsing, clear errors, name expansion and snippets (no database)."""

from __future__ import annotations

import pytest

from declass.errors import QueryError
from declass.search import And, Filter, Not, Or, Text, default_expander, parse, snippet


def root(query: str):
    return parse(query, expander=None).root


def test_words_phrases_or_not_prefix_and_groups() -> None:
    assert root("Peiping") == Text(("Peiping",))
    assert root('"Sino-Soviet" talks') == And((Text(("Sino-Soviet",)), Text(("talks",))))
    assert root('"Mao Tse-tung"') == Text(("Mao", "Tse-tung"))
    assert root("a OR b c") == And((Or((Text(("a",)), Text(("b",)))), Text(("c",))))
    assert root("-Formosa NOT Quemoy") == And((Not(Text(("Formosa",))), Not(Text(("Quemoy",)))))
    assert root("commun*") == Text(("commun",), prefix=True)
    assert root("(a OR b) AND -c") == And((Or((Text(("a",)), Text(("b",)))), Not(Text(("c",)))))
    assert root("") is None and root("   ") is None
    assert root("; -- ;") is None  # punctuation alone searches for nothing
    assert root("Sino-Soviet") == Text(("Sino-Soviet",))  # a hyphen inside a word is not an exclusion


def test_filters_are_normalised() -> None:
    assert root("year:1953..1954") == Filter("year", ("1953-01-01", "1954-12-31"))
    assert root("year:1953..") == Filter("year", ("1953-01-01", None))
    assert root("date:1953-11..1954-02") == Filter("date", ("1953-11-01", "1954-02-28"))
    assert root("date:1956-02") == Filter("date", ("1956-02-01", "1956-02-29"))
    assert root("date:unknown") == Filter("date", "unknown")
    assert root("classification:TS") == Filter("classification", "top secret")
    assert root("classification:top_secret") == Filter("classification", "top secret")
    assert root("Collection:FRUS") == Filter("collection", "frus")
    assert root('from:"Secretary of State"') == Filter("from", "Secretary of State")
    assert root("has:Redactions") == Filter("has", "redactions")
    assert parse("x year:1954").has_date_filter and not parse("x").has_date_filter


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"Sino-Soviet', "unclosed quote"),
        ("a OR", "nothing after it"),
        ("OR a", "nothing before it"),
        ("(a b", "never closed"),
        ("a b)", "has no '\\('"),
        ("subject:Berlin", "unknown field 'subject'"),
        ("year:53", "not a year"),
        ("year:1955..1953", "ends before it starts"),
        ("year:..", "at least one end"),
        ("date:1954-02-30", "not a real date"),
        ("date:yesterday", "not a date"),
        ("has:stamps", "has:redactions or has:revisions"),
        ("classification:purple", "not a classification level"),
        ("collection:", "has no value"),
        ("from:;;", "no letters or digits"),
        ("x" * 3000, "limit"),
        ("a\x00b", "NUL"),
    ],
)
def test_malformed_queries_say_where_and_why(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(query, expander=None)


def test_field_errors_name_the_position() -> None:
    with pytest.raises(QueryError, match="character 8"):
        parse("Dulles year:19x", expander=None)


TABLE = {"beijing": ["Beijing", "Peiping", "Peking"], "mao zedong": ["Mao Zedong", "Mao Tse-tung"]}


def expander(term: str) -> list[str]:
    return TABLE.get(term.lower(), [])


def test_names_expand_to_their_spellings() -> None:
    q = parse("Beijing", expander=expander)
    assert q.root == Or((Text(("Beijing",)), Text(("Peiping",)), Text(("Peking",))))
    assert Text(("Peking",)) in q.highlight
    # a run of words naming an entity expands as a whole, keeping the words themselves
    q = parse("Mao Zedong communique", expander=expander)
    assert q.root == And(
        (Or((And((Text(("Mao",)), Text(("Zedong",)))), Text(("Mao", "Tse-tung")))), Text(("communique",)))
    )
    assert parse('"Mao Zedong"', expander=expander).root == Or((Text(("Mao", "Zedong")), Text(("Mao", "Tse-tung"))))
    assert parse("-Beijing", expander=expander).root == Not(
        Or((Text(("Beijing",)), Text(("Peiping",)), Text(("Peking",))))
    )
    assert parse("Beijing", expander=None).root == Text(("Beijing",))
    assert parse("Peip*", expander=expander).root == Text(("Peip",), prefix=True)


def test_default_expander_uses_the_names_table_when_installed() -> None:
    fn = default_expander()
    if fn is None:  # the names table is optional; searching still works without it
        assert parse("Beijing").root == Text(("Beijing",))
        return
    assert "Peiping" in fn("Beijing")
    assert Text(("Peiping",)) in parse("Beijing").highlight


def test_snippets_highlight_and_escape() -> None:
    text = "Intro. " + "filler " * 60 + "The Sino-Soviet talks in Peiping <b>ended</b> & resumed. " + "tail " * 60
    terms = parse('"Sino-Soviet" Peiping', expander=None).highlight
    out = snippet(text, terms)
    assert "<mark>Sino-Soviet</mark>" in out and "<mark>Peiping</mark>" in out
    assert "&lt;b&gt;ended&lt;/b&gt; &amp; resumed" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(out) < 320
    assert snippet("Short text.", []) == "Short text."
    assert "<mark>communiques</mark>" in snippet("the communiques were", parse("commun*", expander=None).highlight)
