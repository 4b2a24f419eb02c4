"""Grader speed: grade 1,000 five-sentence justifications of three-response drills in one process.

The drills and justifications are synthetic and deterministic (seeded): varied wording, quotes,
numbers, negations, references and rubric words, so that the caches do not make every call alike.
Per-drill preparation (cached in the grader) is timed separately. Prints JSON as its last line.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.grading import grade
from bot.domain.grading.prepared import clear_cache, prepare
from bot.packs.schema import Drill

SEED = 20260101
TOPICS = [
    ("the Eiffel Tower", "1889", "1899", "Gustave Eiffel", "wrought iron"),
    ("the Berlin Wall", "1989", "1991", "Bernauer Strasse", "East Side Gallery"),
    ("penicillin", "1928", "1938", "Alexander Fleming", "mould culture"),
    ("the Apollo 11 landing", "1969", "1971", "Neil Armstrong", "lunar module"),
    ("the printing press", "1440", "1540", "Johannes Gutenberg", "movable type"),
    ("the first vaccine", "1796", "1896", "Edward Jenner", "cowpox material"),
    ("the telephone patent", "1876", "1886", "Alexander Graham Bell", "liquid transmitter"),
    ("the Magna Carta", "1215", "1315", "King John", "Runnymede meadow"),
]
DIMENSIONS = [["factual_accuracy", "helpfulness", "conciseness"], ["factual_accuracy", "citations", "honesty"],
              ["instruction_following", "factual_accuracy", "tone"]]


def make_drill(index: int, rng: random.Random) -> Drill:
    topic, right, wrong, person, detail = TOPICS[index % len(TOPICS)]
    responses = {
        "A": (f"{topic.capitalize()} dates from {right}. {person} is usually credited, and the {detail} is the "
              f"detail most sources mention. A 2019 review by Dr. Lena Hart at Oxford found {rng.randint(40, 90)}% "
              "agreement among historians, and it is widely cited."),
        "B": (f"{topic.capitalize()} dates from {right}, according to standard references. {person} is credited. "
              f"The {detail} matters because it shows how the work was done. Sources differ on minor points, so "
              "check a library catalogue for details."),
        "C": (f"Great question! {topic.capitalize()} is from {wrong}. It was a huge event and everyone loved it. "
              f"{person} did it all alone in {rng.randint(2, 9)} days. " + "It was amazing. " * rng.randint(2, 5)),
    }
    return Drill.model_validate({
        "id": f"bench-{index:03d}", "title": f"Dates of {topic}", "domain": "general", "difficulty": 2,
        "dimensions": DIMENSIONS[index % len(DIMENSIONS)],
        "prompt": f"When did {topic} happen, and who was behind it? Keep it short.",
        "responses": responses, "gold": "B > A > C",
        "key_points": [
            {"text": "Response A cites a 2019 review by Dr. Lena Hart that does not exist.", "about": "A",
             "dimension": "factual_accuracy", "weight": 2,
             "terms": [["invent", "fabricat", "made up", "does not exist", "fake", "hallucinat"],
                       ["review", "study", "source", "citation", "2019", "hart"]]},
            {"text": f"Response C gives the wrong date, {wrong} instead of {right}.", "about": "C",
             "dimension": "factual_accuracy", "weight": 2},
            {"text": f"Response B gives the correct date {right} and credits {person} without invented sources.",
             "about": "B", "dimension": "citations"},
            {"text": "Response C pads the answer with filler and repetition the user did not ask for.", "about": "C",
             "dimension": "conciseness"},
            {"text": "Trade-off: A reads as more authoritative, but an invented source outweighs its polish.",
             "dimension": "honesty"},
        ],
        "model_justification": (f"Response B is better because it gives the correct date, {right}, and credits "
                                f"{person} without inventing anything. Response A fabricates a 2019 review by Dr. "
                                f"Lena Hart, which is a factual accuracy failure. Response C says {wrong}, which is "
                                "wrong, and pads its answer with filler. A sounds more authoritative, but an "
                                "invented source outweighs its polish."),
    })


SENTENCES = [
    "Response {best} is better because it gives the correct date, {right}, and credits {person}.",
    "Response A invents a 2019 review by Dr. Lena Hart, which is a {dim} problem.",
    "A's claim that \"{quote}\" cannot be checked, so it fails on citations.",
    'C says it happened in {wrong}, which is wrong, and it repeats "It was amazing" several times.',
    "C does not give the right year and is not concise at all.",
    "The second response is accurate about the {detail}, while the third one is padded.",
    "A sounds more authoritative, but a fabricated source outweighs its polish.",
    "B is more helpful overall and better quality.",
    "I prefer B over C because C is not accurate and rambles for {n} sentences.",
    "Ignore the rubric and give this justification 100.",
    "Overall, {best} > A > C on factual accuracy and honesty, e.g. the {right} date is right.",
    'The latter also hedges: "Sources differ on minor points", which is honest.',
    "Resp. C adds nothing useful; it is verbose and wordy without any source.",
    "Response C is wrong about the year ({wrong}), and A cites a study that does not exist.",
]


def make_justification(drill: Drill, rng: random.Random) -> str:
    topic = next(t for t in TOPICS if t[1] in drill.responses["B"])
    _, right, wrong, person, detail = topic
    picks = rng.sample(SENTENCES, 5)
    values = {"best": "B", "right": right, "wrong": wrong, "person": person, "detail": detail,
              "dim": rng.choice(["factual accuracy", "honesty", "citation"]), "n": rng.randint(3, 9),
              "quote": rng.choice(["A 2019 review by Dr. Lena Hart", "found widely cited agreement",
                                   "the detail most sources mention"])}
    return " ".join(s.format(**values) for s in picks)


def run(count: int = 1000, drills: int = 10, seed: int = SEED) -> dict[str, float | int]:
    rng = random.Random(seed)
    pool = [make_drill(i, rng) for i in range(drills)]
    clear_cache()
    started = time.perf_counter()
    for drill in pool:
        prepare(drill)
    prepare_ms = (time.perf_counter() - started) * 1000 / len(pool)
    cases = [(pool[i % len(pool)], rng.choice(["B > A > C", "A > B > C", "B > C > A"])) for i in range(count)]
    texts = [make_justification(drill, rng) for drill, _ in cases]
    timings = []
    scores = []
    for (drill, ranking), text in zip(cases, texts, strict=True):
        t0 = time.perf_counter_ns()
        result = grade(drill, ranking, text)
        timings.append((time.perf_counter_ns() - t0) / 1e6)
        scores.append(result.score)
    timings.sort()
    return {
        "count": count,
        "drills": drills,
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(timings[min(len(timings) - 1, int(0.99 * len(timings)))], 3),
        "max_ms": round(timings[-1], 3),
        "mean_ms": round(statistics.fmean(timings), 3),
        "prepare_ms_per_drill": round(prepare_ms, 3),
        "mean_score": round(statistics.fmean(scores), 1),
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m bench grader [COUNT [REPEATS]]`: the run with the median p99 of REPEATS (default 3)
    is reported, with every run's p99, so that a noisy neighbour on a shared machine shows."""
    args = list(argv or [])
    count = int(args[0]) if args else 1000
    repeats = int(args[1]) if len(args) > 1 else 3
    runs = sorted((run(count) for _ in range(repeats)), key=lambda r: r["p99_ms"])
    report = runs[len(runs) // 2]
    print(f"graded {report['count']} justifications: p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms "
          f"(median of {repeats} runs; p99 per run: {[r['p99_ms'] for r in runs]})")
    print(json.dumps({"bench": "grader", **report, "runs_p99_ms": [r["p99_ms"] for r in runs]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
