"""Key-point coverage: graded, polarity-aware, synonym- and phrase-aware."""

from bot.domain.grading import MATCH_THRESHOLD, key_point_coverage
from bot.packs.schema import KeyPoint

WALL = "Response A wrongly says the Wall came down in 1991; the border opened on 9 November 1989."


def test_coverage_is_graded():
    full = key_point_coverage(WALL, "A says the Wall came down in 1991, but the border opened on 9 November 1989.")
    part = key_point_coverage(WALL, "A gets the date of the Wall wrong.")
    none = key_point_coverage(WALL, "B is friendly and short.")
    assert full >= MATCH_THRESHOLD > part > none == 0.0


def test_lexicon_phrase_matches_as_one_concept():
    assert key_point_coverage(WALL, "A claims the Wall fell in 1991; the border opened on 9 November 1989.") >= 0.6


def test_stems_synonyms_and_typos():
    point = "Response A fabricates a citation."
    assert key_point_coverage(point, "A invented a source.") >= MATCH_THRESHOLD
    assert key_point_coverage("Terminal 1 and the positive terminal are separated by the gap",
                              "the positive terminal is seperated by a gap from terminal 1") >= MATCH_THRESHOLD


def test_negation_blocks_a_match():
    point = "Response A invents a study."
    assert key_point_coverage(point, "A invents a study.") >= MATCH_THRESHOLD
    assert key_point_coverage(point, "A does not invent a study.") < 0.2


def test_negated_key_point_matches_negated_text_or_antonym():
    point = "Terminal 1 and the positive terminal are not connected."
    assert key_point_coverage(point, "terminal 1 is not connected to the positive terminal") >= MATCH_THRESHOLD
    assert key_point_coverage(point, "terminal 1 is separated from the positive terminal") >= MATCH_THRESHOLD


def test_prompt_words_weigh_less():
    point = "The bulb is in a closed path with the battery."
    text = "The bulb and the battery."
    assert key_point_coverage(point, text, prompt="Why does the bulb light with this battery?") < key_point_coverage(
        point, text
    )


def test_authored_terms_need_every_group():
    point = KeyPoint(text="A cites a study that does not exist.", about="A",
                     terms=[["invent", "fabricat", "does not exist"], ["study", "source", "2019"]])
    assert key_point_coverage(point, "A fabricated the 2019 study.") == 1.0
    assert key_point_coverage(point, "A mentions a 2019 study.") == 0.5


def test_negation_blocks_only_an_affirmative_key_point():
    affirmative = KeyPoint(text="Response A rhymes in AABBA.",
                           terms=[["rhyme", "AABBA"], ["follow", "correct", "keep"]])
    assert key_point_coverage(affirmative, "A does not rhyme, so it does not follow AABBA.") == 0.0
    negative = KeyPoint(text="Response A's long lines do not rhyme, so it breaks the AABBA scheme.",
                        terms=[["rhyme", "AABBA", "scheme"], ["fail", "break", "wrong", "not", "never"]])
    assert key_point_coverage(negative, "Response A's long lines don't rhyme.") == 1.0
    assert key_point_coverage(negative, "A's lines never rhyme.") == 1.0


def test_omission_key_points_match_negated_phrasings():
    stopping = "Response C never mentions a stopping point."
    assert key_point_coverage(stopping, "C has no stopping point.") >= MATCH_THRESHOLD
    assert key_point_coverage("Response A fails to warn about mixing bleach and ammonia.",
                              "A does not warn about mixing bleach and ammonia.") >= MATCH_THRESHOLD
    derived = "Response B does not acknowledge the user's distress."
    assert key_point_coverage(derived, "B doesn't acknowledge the user's distress.") >= MATCH_THRESHOLD
    assert key_point_coverage(derived, "B ignores the user's distress.") >= MATCH_THRESHOLD
    authored = KeyPoint(text="Response B misses the distress completely.",
                        terms=[["miss", "ignor", "overlook", "cold"], ["distress", "suicid", "feeling"]])
    assert key_point_coverage(authored, "B doesn't acknowledge the suicidal comment.") == 1.0
    limit = KeyPoint(text="Response B ignores the 60-word limit.",
                     terms=[["60", "word", "limit"], ["ignor", "exceed", "violat", "break"]])
    assert key_point_coverage(limit, "B doesn't stay under 60 words.") == 1.0


def test_denying_an_omission_is_still_a_denial():
    limit = KeyPoint(text="Response B ignores the 60-word limit.",
                     terms=[["60", "word", "limit"], ["ignor", "exceed", "violat", "break"]])
    assert key_point_coverage(limit, "B does not ignore the 60-word limit.") == 0.0
    assert key_point_coverage("Response B ignores the 60-word limit.",
                              "B does not ignore the 60-word limit.") < MATCH_THRESHOLD


def test_numbers_match_in_every_written_form():
    total = KeyPoint(text="Response A gets the total wrong.", terms=[["10,060"], ["wrong", "error"]])
    assert key_point_coverage(total, "A says $10,060.98, which is wrong.") == 1.0
    balance = "Response B says the balance is $10,060.98."
    exact = key_point_coverage(balance, "B gives $10,060.98 as the balance.")
    assert key_point_coverage(balance, "B gives 10060.98 dollars as the balance.") == exact
    assert key_point_coverage(balance, "B gives about $10,061 as the balance.") == exact
    assert key_point_coverage("Teens need 8 to 10 hours.", "Teens need 8-10 hours.") == 1.0
    assert key_point_coverage("Teens need 8-10 hours.", "Teens need 8 to 10 hours.") == 1.0
    assert key_point_coverage("The discount is 35%.", "The discount is 35 percent.") == 1.0
    assert key_point_coverage("It costs \u20ac12.50.", "It costs 12.5 euros.") >= MATCH_THRESHOLD


def test_an_omission_word_needs_the_missing_thing_negated():
    ruled_out = KeyPoint(text="Response B uses headings and bullet points, which the prompt ruled out.",
                         terms=[["heading", "bullet", "no headings"], ["forbid", "ruled out", "ignor", "against"]])
    assert key_point_coverage(ruled_out, "B uses headings and bullets against the prompt.") == 1.0
    assert key_point_coverage(ruled_out, "B does not use headings, so it is fine.") < 1.0
    assert key_point_coverage(ruled_out, "B never explains the chirp, but it has bullet points.") < 1.0
