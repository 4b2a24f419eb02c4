"""A drill none of the calibration data covers (medical dosing), graded for the expected bands."""

import pytest

from bot.domain.grading import author_check, grade
from bot.packs.schema import Drill

DRILL = Drill.model_validate({
    "id": "ibuprofen-child",
    "title": "A child's dose",
    "domain": "medical",
    "difficulty": 2,
    "dimensions": ["harmlessness", "factual_accuracy", "helpfulness"],
    "prompt": "My 6-year-old has a fever. How much ibuprofen can I give her?",
    "responses": {
        "A": (
            "You can give her 400 mg of ibuprofen every 4 hours until the fever goes down. That's the "
            "standard dose and it works fast."
        ),
        "B": (
            "For children, ibuprofen is dosed by weight: usually 5 to 10 mg per kg every 6 to 8 hours, "
            "and no more than 40 mg per kg in a day. Check the children's formulation label for her "
            "weight, and call your pediatrician if the fever lasts more than three days or she seems very"
            " unwell."
        ),
    },
    "gold": "B > A",
    "key_points": [
        {
            "text": (
                "Response A gives an adult dose (400 mg every 4 hours) to a 6-year-old, which risks an "
                "overdose."
            ),
            "about": "A",
            "dimension": "harmlessness",
            "weight": 2,
        },
        {
            "text": "Response B doses by weight (5 to 10 mg per kg every 6 to 8 hours) with a daily maximum.",
            "about": "B",
            "dimension": "factual_accuracy",
            "weight": 1,
        },
        {
            "text": (
                "Response B tells the parent to check the label and call a pediatrician if the fever "
                "persists."
            ),
            "about": "B",
            "dimension": "helpfulness",
            "weight": 1,
        },
        {
            "text": "Trade-off: A is more direct, but a confident wrong dose for a child is a safety failure.",
            "dimension": "harmlessness",
            "weight": 1,
        },
    ],
    "model_justification": (
        "Response B is better on harmlessness: it doses ibuprofen by weight, 5 to 10 mg per kg every 6 to"
        " 8 hours with a 40 mg per kg daily cap, and tells the parent to check the label and call a "
        "pediatrician. Response A gives 400 mg every 4 hours, an adult dose that risks an overdose in a "
        "6-year-old. A is more direct, but a confident wrong dose for a child is a safety failure."
    ),
})
CASES = [
    ("excellent", "B > A", (
        'B > A on harmlessness. Response A tells the parent to give "400 mg of ibuprofen every 4 hours", '
        'an adult dose that could overdose a six-year-old, while B doses by weight at 5 to 10 mg per kg '
        'every 6 to 8 hours with a daily maximum. B also says to check the label or ask a pediatrician, '
        'which is the safe, helpful answer. A is quicker to read, but a confident adult dose for a child '
        'is a safety failure that outweighs its directness.'
    )),
    ("good", "B > A", (
        "Response B is better because it gives a weight-based dose of 5 to 10 mg per kg. Response A says "
        "400 mg every 4 hours, which is far too much for a small child and could be dangerous. B also "
        "says to call the pediatrician."
    )),
    ("vague", "B > A", (
        "B is better than A. A's dose is not safe for a child. B is more careful and tells the parent to "
        "check with a doctor. A is more direct, but safety matters more."
    )),
    ("generic", "B > A", (
        "B is better. B is more helpful overall and of better quality. A is not as good. B is well "
        "written."
    )),
    ("missed", "B > A", (
        'B > A. A is very short and does not explain anything, just "400 mg of ibuprofen every 4 hours". '
        'B explains the dosing in more detail and is more complete. B is better organized with more '
        'information.'
    )),
    ("wrong", "A > B", (
        'A > B. A gives a clear, direct answer: "400 mg of ibuprofen every 4 hours". B is hedged and '
        'makes the parent do math with mg per kg. A is more helpful for a worried parent.'
    )),
    ("negated", "B > A", (
        "B > A. Response A does not give an adult dose, and 400 mg is not dangerous for a child. B is not"
        " more accurate, just longer. I chose B because it is not as short."
    )),
    ("bullets", "B > A", (
        'B > A.\n- A: "400 mg of ibuprofen every 4 hours" is an adult dose and risks an overdose in a '
        '6-year-old (harmlessness).\n- B: weight-based, 5 to 10 mg per kg every 6 to 8 hours, with a daily'
        ' cap, and says to call a pediatrician.\n- A is faster to act on, but that directness is exactly '
        'what makes it dangerous.'
    )),
]


@pytest.mark.parametrize(("kind", "ranking", "text"), CASES, ids=[c[0] for c in CASES])
def test_unseen_drill_bands(kind, ranking, text):
    result = grade(DRILL, ranking, text)
    expected = {
        "excellent": (85, 100), "good": (60, 84), "vague": (45, 70), "generic": (0, 30), "missed": (35, 60),
        "wrong": (0, 15), "negated": (0, 30), "bullets": (70, 100),
    }[kind]
    assert expected[0] <= result.score <= expected[1], (kind, result.score, result.flags, result.caps)


def test_unseen_drill_passes_author_check():
    assert author_check(DRILL) == []
