"""Grader calibration against human judgements (runnable and importable).

1. SemEval-2013 Task 7 (2-way): each reference answer is a plain key point (no `about`, no
   `terms`), each student answer a justification. Reports the AUC of `key_point_coverage` for
   correct vs incorrect answers and its macro-F1 at the grader's own fixed MATCH_THRESHOLD, next
   to a bag-of-words cosine baseline (lowercased word counts, the usual default vectoriser)
   computed in the same run.
2. Expert-graded justifications: Spearman's rho against the expert score, band agreement, the
   share within 10 points, mean absolute error, and every trap case scoring 50 or more.

Data is read from ../shared/data beside the repository (never copied in). Prints JSON last.
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.grading import MATCH_THRESHOLD, band_for, grade, key_point_coverage
from bot.packs.schema import Drill

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEMEVAL = "semeval2013_train_2way.jsonl"
JUSTIFICATIONS = "calibration_justifications.jsonl"
TRAPS = frozenset({"generic_filler", "keyword_stuffing", "negated_keywords", "wrong_ranking",
                   "contradicts_ranking", "prompt_injection", "off_topic_one_line"})
_WORD = re.compile(r"\b\w\w+\b")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and values[order[j]] == values[order[i]]:
            j += 1
        for k in range(i, j):
            result[order[k]] = (i + j - 1) / 2 + 1
        i = j
    return result


def auc(scores: list[float], labels: list[int]) -> float:
    """Mann-Whitney AUC: the chance a positive scores above a negative (ties count half)."""
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(r for r, y in zip(ranks(scores), labels, strict=True) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def macro_f1(predicted: list[bool], labels: list[int]) -> float:
    total = 0.0
    for cls in (True, False):
        tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p == cls and bool(y) == cls)
        fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p == cls and bool(y) != cls)
        fn = sum(1 for p, y in zip(predicted, labels, strict=True) if p != cls and bool(y) == cls)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / 2


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    num = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    den = math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))
    return num / den if den else 0.0


def bow_cosine(a: str, b: str) -> float:
    ca, cb = Counter(_WORD.findall(a.lower())), Counter(_WORD.findall(b.lower()))
    dot = sum(ca[t] * cb[t] for t in ca)
    norm = math.sqrt(sum(v * v for v in ca.values()) * sum(v * v for v in cb.values()))
    return dot / norm if norm else 0.0


def best_threshold_f1(scores: list[float], labels: list[int]) -> tuple[float, float]:
    """The baseline's macro-F1 at its best threshold (an optimistic baseline: chosen on the data)."""
    best = (0.0, 0.0)
    for threshold in sorted({round(s, 2) for s in scores}):
        f1 = macro_f1([s >= threshold for s in scores], labels)
        best = max(best, (f1, threshold))
    return best


def semeval_report(path: Path | None = None) -> dict[str, Any]:
    rows = read_jsonl(path or DATA / SEMEVAL)
    labels = [int(r["score"]) for r in rows]
    started = time.perf_counter()
    grader = [key_point_coverage(r["reference"], r["answer"], prompt=r["question"]) for r in rows]
    seconds = time.perf_counter() - started
    baseline = [bow_cosine(r["reference"], r["answer"]) for r in rows]
    baseline_f1, baseline_threshold = best_threshold_f1(baseline, labels)
    grader_auc, baseline_auc = auc(grader, labels), auc(baseline, labels)
    by_corpus = {}
    for corpus in sorted({r["corpus"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["corpus"] == corpus]
        by_corpus[corpus] = {
            "grader_auc": round(auc([grader[i] for i in idx], [labels[i] for i in idx]), 4),
            "baseline_auc": round(auc([baseline[i] for i in idx], [labels[i] for i in idx]), 4),
        }
    return {
        "rows": len(rows),
        "grader_auc": round(grader_auc, 4),
        "baseline_auc": round(baseline_auc, 4),
        "auc_gain": round(grader_auc - baseline_auc, 4),
        "threshold": MATCH_THRESHOLD,
        "grader_macro_f1": round(macro_f1([s >= MATCH_THRESHOLD for s in grader], labels), 4),
        "baseline_macro_f1_best_threshold": round(baseline_f1, 4),
        "baseline_best_threshold": baseline_threshold,
        "by_corpus": by_corpus,
        "grader_ms_per_answer": round(1000 * seconds / len(rows), 3),
    }


def justification_report(path: Path | None = None) -> dict[str, Any]:
    rows = read_jsonl(path or DATA / JUSTIFICATIONS)
    expert, got, cases = [], [], []
    by_kind: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        drill = Drill.model_validate(row["drill"])
        result = grade(drill, row["ranking"], row["justification"])
        expert.append(row["expert_score"])
        got.append(result.score)
        by_kind[row["kind"]].append(result.score - row["expert_score"])
        cases.append({"id": row["id"], "kind": row["kind"], "expert": row["expert_score"], "score": result.score,
                      "band": result.band, "expert_band": row["expert_band"], "flags": result.flags})
    n = len(rows)
    traps = [c for c in cases if c["kind"] in TRAPS and c["score"] >= 50]
    return {
        "rows": n,
        "spearman": round(spearman(expert, got), 4),
        "band_agreement": round(sum(band_for(e) == band_for(g) for e, g in zip(expert, got, strict=True)) / n, 4),
        "within_10": round(sum(abs(e - g) <= 10 for e, g in zip(expert, got, strict=True)) / n, 4),
        "mean_abs_error": round(sum(abs(e - g) for e, g in zip(expert, got, strict=True)) / n, 2),
        "traps_scoring_50_or_more": traps,
        "mean_error_by_kind": {k: round(sum(v) / len(v), 1) for k, v in sorted(by_kind.items())},
        "cases": cases,
    }


def main(argv: list[str] | None = None) -> int:
    del argv
    if not (DATA / SEMEVAL).exists() or not (DATA / JUSTIFICATIONS).exists():
        print(json.dumps({"bench": "grader_calibration", "error": f"data not found in {DATA}"}))
        return 1
    semeval = semeval_report()
    justifications = justification_report()
    print(f"SemEval: grader AUC {semeval['grader_auc']} vs bag-of-words {semeval['baseline_auc']} "
          f"(gain {semeval['auc_gain']}); macro-F1 {semeval['grader_macro_f1']} at {semeval['threshold']}")
    print(f"Expert justifications: Spearman {justifications['spearman']}, band agreement "
          f"{justifications['band_agreement']}, within 10 points {justifications['within_10']}, "
          f"traps >= 50: {len(justifications['traps_scoring_50_or_more'])}")
    for case in justifications["cases"]:
        mark = "" if abs(case["score"] - case["expert"]) <= 10 else "  <-- off by more than 10"
        print(f"  {case['id']:6} {case['kind']:20} expert {case['expert']:3} grader {case['score']:3}{mark}")
    summary = {k: v for k, v in justifications.items() if k != "cases"}
    print(json.dumps({"bench": "grader_calibration", "semeval": semeval, "justifications": summary}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
