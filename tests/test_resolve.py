"""resolve and graph.build on hand-built Documents and Mentions: no spaCy, each rule on its own."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from graphkit.graph.build import Iris, document_quads
from graphkit.knowledge.topics import TopicIndex
from graphkit.model import Comment, Document, Extracted, Mention, Reply, Span
from graphkit.resolve import resolve_document

INDEX = TopicIndex(concepts={})


def mention(kind: str, text: str, found: str, post: str = "", extractor: str = "test", **attrs: str) -> Mention:
    """A mention of `found` (its first occurrence) in a post's text."""
    start = text.index(found)
    return Mention(kind, found, Span.of(text, start, start + len(found), post), extractor, 0.9, attrs)


def resolve(doc: Document, *mentions: Mention, replies: tuple[Reply, ...] = ()):
    return resolve_document(doc, Extracted(tuple(mentions), replies), INDEX)


def links(res, kind: str) -> dict[tuple[str, int], str]:
    return {(link.post, link.mention.span.start): link.key for link in res.mentions if link.kind == kind}


def org(text: str, name: str, **attrs: str) -> Mention:
    return mention("organisation", text, name, **{"type": "charity_or_think_tank", **attrs})


def test_the_trust_names_the_one_organisation_whose_name_ends_in_trust():
    body = "The Nuffield Trust said so. Later the Trust said more."
    start = body.index("the Trust")
    ref = Mention("reference", "Trust", Span.of(body, start, start + 9), "definite-reference", 0.7)
    res = resolve(Document("d", body), org(body, "Nuffield Trust"), ref)
    assert links(res, "organisation")[("", start)] == "nuffield-trust"
    assert "the Trust" in res.entities[("organisation", "nuffield-trust")].aliases


def test_two_trusts_make_the_trust_ambiguous_unless_one_is_the_publisher():
    body = "The Nuffield Trust and the Health Trust met. The Trust said no."
    start = body.index("The Trust")
    ref = Mention("reference", "Trust", Span.of(body, start, start + 9), "definite-reference", 0.7)
    mentions = (org(body, "Nuffield Trust"), org(body, "Health Trust"), ref)
    assert ("", start) not in links(resolve(Document("d", body), *mentions), "organisation")
    published = resolve(Document("d", body, publisher="Health Trust"), *mentions)
    assert links(published, "organisation")[("", start)] == "health-trust"


def test_a_surname_names_the_one_person_who_has_it():
    body = "Matt Hancock spoke. Hancock said beds. Ali Smith and Jo Smith agreed; Smith left."
    surname = body.index("Hancock said")
    smith = body.rindex("Smith")
    res = resolve(
        Document("d", body),
        mention("person", body, "Matt Hancock"),
        mention("person", body, "Ali Smith"),
        mention("person", body, "Jo Smith"),
        Mention("surname", "Hancock", Span.of(body, surname, surname + 7), "surname", 0.7),
        Mention("surname", "Smith", Span.of(body, smith, smith + 5), "surname", 0.7),
    )
    people = links(res, "person")
    assert people[("", surname)] == "matt-hancock"
    assert ("", smith) not in people  # two Smiths: neither


def test_a_first_person_handle_in_the_article_names_its_publisher():
    body = "Sign up to our newsletter and follow @NuffieldTrust. The Nuffield Trust is a think tank."
    handle = mention("handle", body, "@NuffieldTrust", first_person="1")
    handle = Mention("handle", "NuffieldTrust", handle.span, "handle", 1.0, {"first_person": "1"})
    res = resolve(Document("d", body), org(body, "Nuffield Trust"), handle)
    assert res.publisher == "nuffield-trust"
    # Without the first person, the handle still belongs to the trust but says nothing of the publisher.
    plain = Mention("handle", "NuffieldTrust", handle.span, "handle", 1.0)
    res = resolve(Document("d", body), org(body, "Nuffield Trust"), plain)
    assert res.publisher is None and res.entities[("handle", "nuffieldtrust")].owner == (
        "organisation",
        "nuffield-trust",
    )


def test_a_byline_gives_titles_at_the_organisation_and_a_place():
    byline = "Consultant Surgeon; Clinical Lead\nNHS Tayside, Dundee"
    comment = Comment("7", "Sam Majumdar", "Thanks.", byline=byline)
    found = [
        Mention("job-title", t, Span.of(byline, byline.index(t), byline.index(t) + len(t), "7", "byline"), "byline")
        for t in ("Consultant Surgeon", "Clinical Lead")
    ]
    at = byline.index("NHS Tayside")
    found.append(Mention("employer", "NHS Tayside", Span.of(byline, at, at + 11, "7", "byline"), "byline"))
    at = byline.index("Dundee")
    found.append(Mention("workplace", "Dundee", Span.of(byline, at, at + 6, "7", "byline"), "byline"))
    res = resolve(Document("d", "An article.", comments=[comment]), *found)
    person = res.authors["7"]
    assert {(m.role, m.organisation) for m in res.memberships if m.person == person} == {
        ("Consultant Surgeon", "nhs-tayside"),
        ("Clinical Lead", "nhs-tayside"),
    }
    assert [(loc.person, loc.place) for loc in res.locations] == [(person, "dundee")]


def test_anonymous_commenters_are_different_people():
    comments = [Comment("1", "Anonymous", "One."), Comment("2", "anonymous", "Two."), Comment("3", "Ann Lee", "x")]
    res = resolve(Document("d", "Article.", comments=comments))
    assert len({res.authors["1"], res.authors["2"], res.authors["3"]}) == 3


def test_an_acronym_the_text_defines_resolves_its_later_uses():
    body = "The Royal College of Nursing (RCN) wrote. Later the RCN said more."
    full = org(body, "Royal College of Nursing", acronym="RCN", type="professional_body")
    later = body.rindex("RCN")
    bare = Mention("organisation", "RCN", Span.of(body, later, later + 3), "ner", 0.4, {"acronym_only": "1"})
    res = resolve(Document("d", body), full, bare)
    assert links(res, "organisation")[("", later)] == "royal-college-of-nursing"


def _quads(doc: Document, *mentions: Mention, replies: tuple[Reply, ...] = ()) -> list[ox.Quad]:
    return list(document_quads(resolve(doc, *mentions, replies=replies), Iris("https://example.org/kg/")))


def test_graph_emits_each_quad_once_and_quotes_match_their_offsets():
    body = "NHS Tayside met NHS Tayside again, and Matt Hancock met NHS Tayside."
    occurrences = [i for i in range(len(body)) if body.startswith("NHS Tayside", i)]
    mentions = [
        Mention("organisation", "NHS Tayside", Span.of(body, i, i + 11), "ner", 0.9, {"type": "health_board"})
        for i in occurrences
    ]
    comments = [Comment("1", "Ann Lee", "I agree with the article.", position=1)]
    quads = _quads(Document("d", body, comments=comments), *mentions, mention("person", body, "Matt Hancock"))
    assert not [q for q, n in Counter(quads).items() if n > 1]
    store = ox.Store()
    store.extend(quads)
    rows = list(
        store.query("""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end WHERE { GRAPH ?g { ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
          ?t oa:hasSelector ?q, ?p } }""")
    )
    assert len(rows) == 4
    assert all(body[int(r["start"].value) : int(r["end"].value)] == r["exact"].value for r in rows)
    mentions_ = [q for q in quads if q.predicate.value == "https://schema.org/mentions"]
    assert len(mentions_) == 2  # the organisation once, however often named, and the person


def test_a_comment_replies_to_the_article_unless_a_reply_says_otherwise():
    comments = [Comment("1", "Ann Lee", "First.", position=1), Comment("2", "Bo Yu", "Ann, yes.", position=2)]
    reply = Reply("2", "1", Span.of("Ann, yes.", 0, 3, "2"), "reply-address", 0.9)
    quads = _quads(Document("d", "Article.", comments=comments), replies=(reply,))
    reply_of = {
        q.subject.value.rsplit("/", 1)[-1]: q.object.value for q in quads if q.predicate.value.endswith("reply_of")
    }
    assert reply_of == {"1": "https://example.org/kg/post/d", "2": "https://example.org/kg/post/d/comment/1"}


def test_ids_with_any_characters_mint_valid_iris_and_the_source_is_the_file_name():
    doc = Document("a b|c", "Text.", comments=[Comment("x/y z", "Ann", "Hi.", position=1)], source="in/notes:2019.json")
    quads = _quads(doc)
    assert all(ox.NamedNode(q.subject.value) == q.subject for q in quads)
    assert "https://example.org/kg/post/a%20b%7Cc/comment/x%2Fy%20z" in {q.subject.value for q in quads}
    sources = {q.object.value for q in quads if q.predicate.value == "http://purl.org/dc/terms/source"}
    assert sources == {"notes:2019.json"}


def test_a_span_quotes_its_text_by_construction():
    text = "The Fund's report"
    span = Span.of(text, 0, 8, "")
    assert span.text == "The Fund" and span.shifted(5).text == "The Fund" and span.shifted(5).start == 5
