from bot.domain.grading.references import mentions
from bot.domain.grading.text import sentences

LABELS = ("A", "B", "C")


def texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_eg_and_ie_do_not_split():
    assert texts("B is better, e.g. it cites the source. It also hedges, i.e. it admits doubt.") == [
        "B is better, e.g. it cites the source.",
        "It also hedges, i.e. it admits doubt.",
    ]


def test_resp_abbreviation_decimals_and_code_do_not_split():
    assert texts("Resp. A says 32.5% off and uses c.name in the query. B is right.") == [
        "Resp. A says 32.5% off and uses c.name in the query.",
        "B is right.",
    ]


def test_label_at_sentence_end_splits():
    assert texts("The better one is Response A. It cites a real source.") == [
        "The better one is Response A.",
        "It cites a real source.",
    ]


def test_bullets_are_sentences():
    assert texts("My ranking:\n- A invents a study\n* B cites the AASM\n1. C is padded") == [
        "My ranking:", "A invents a study", "B cites the AASM", "C is padded",
    ]


def test_no_split_inside_quotes():
    found = texts("A ends with 'Enjoy your trip! Bye.' and that adds nothing. B is concise.")
    assert found == ["A ends with 'Enjoy your trip! Bye.' and that adds nothing.", "B is concise."]


def test_negation_marks_the_next_content_word():
    tokens = sentences("A does not invent a study.")[0].tokens
    negated = [t.norm for t in tokens if t.negated]
    assert negated == ["invent"]


def test_contractions_expand():
    tokens = sentences("B doesn't fabricate anything.")[0].tokens
    assert [t.norm for t in tokens][:3] == ["b", "does", "not"]
    assert next(t for t in tokens if t.norm == "fabricate").negated


def test_article_a_is_not_a_reference():
    assert mentions("A response that invents facts is bad.", LABELS) == []
    assert mentions("A good answer would cite a source.", LABELS) == []


def test_capital_a_as_label():
    assert [m.label for m in mentions("A invents a study, while B cites one.", LABELS)] == ["A", "B"]
    assert [m.label for m in mentions("A's answer is wrong.", LABELS)] == ["A"]
    assert [m.label for m in mentions("I prefer C over A.", LABELS)] == ["C", "A"]


def test_other_reference_forms():
    assert [m.label for m in mentions("Response 2 beats the first response.", LABELS)] == ["B", "A"]
    assert [m.label for m in mentions("Resp. C is padded.", LABELS)] == ["C"]
    assert [m.label for m in mentions("B is accurate; the latter also hedges.", LABELS)] == ["B", "B"]


def test_legal_v_and_vs_do_not_split():
    assert texts("Response A names Tinker v. Des Moines (1969). B cites Brown vs. Board of Education. A is right.") == [
        "Response A names Tinker v. Des Moines (1969).",
        "B cites Brown vs. Board of Education.",
        "A is right.",
    ]


def test_factorial_does_not_split():
    assert texts("B computes 8! / (3! \u00d7 5!) = 56 correctly. A counts n! orderings. It is wrong!") == [
        "B computes 8! / (3! \u00d7 5!) = 56 correctly.",
        "A counts n! orderings.",
        "It is wrong!",
    ]
    assert texts("The answer is 3! Then B repeats it.") == ["The answer is 3!", "Then B repeats it."]
    assert texts('B is right! "A 2019 study" is invented.') == ["B is right!", '"A 2019 study" is invented.']


def test_python_none_is_not_a_negator():
    tokens = sentences("B returns None for an empty list.")[0].tokens
    assert not any(t.negated or t.neg_clause for t in tokens)
    assert next(t for t in sentences("None of them cites a source.")[0].tokens if t.norm == "cites").neg_clause
