"""The plain-text clean stage against the gold corpus: body F1 and titles.

Scored here from the gold files directly (not through ``score.py``) so the
floor is checked by the test suite, with the same rules: blank lines of the
article never count, titles compare after folding case, accents and
punctuation.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from watchfloor.clean.text import clean_text

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
CORPUS = GOLD.parent / "corpus"
BODY_F1_FLOOR = 0.95

pytestmark = [
    pytest.mark.gold,
    pytest.mark.skipif(not GOLD.is_dir(), reason=f"no gold annotations at {GOLD}"),
]


def gold_docs() -> list[Path]:
    return sorted(GOLD.glob("*.gold.json")) if GOLD.is_dir() else []


def fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def lines_of(ranges: list[list[int]]) -> set[int]:
    return {n for lo, hi in ranges for n in range(lo, hi + 1)}


def test_body_f1_and_titles_on_gold() -> None:
    tp = fp = fn = 0
    wrong_titles = []
    for gold_file in gold_docs():
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (CORPUS / gold["doc"]).read_text(encoding="utf-8")
        blank = {n for n, line in enumerate(text.split("\n"), 1) if not line.strip()}
        art = clean_text(text, doc=gold["doc"], origin=str(CORPUS / gold["doc"]))
        predicted = {line.number for line in art.body_lines} - blank
        expected = lines_of(gold["body_lines"]) - blank
        tp += len(predicted & expected)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
        if fold(art.title) != fold(gold["title"]):
            wrong_titles.append((gold["doc"], art.title, gold["title"]))
    if not tp + fp + fn:
        pytest.skip("no gold articles to score")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= BODY_F1_FLOOR, f"body F1 {f1:.3f} (p={precision:.3f} r={recall:.3f})"
    assert not wrong_titles


@pytest.mark.parametrize("gold_file", gold_docs(), ids=lambda p: p.name)
def test_gold_dates_and_duplicates(gold_file: Path) -> None:
    """A stated dateline is read; a missing one is left None, never guessed."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = (CORPUS / gold["doc"]).read_text(encoding="utf-8")
    art = clean_text(text, doc=gold["doc"], origin=gold["doc"])
    if art.published is not None:
        assert art.published.startswith(gold["published"])
        assert art.published_evidence and art.published_evidence in text
    elif gold.get("published_evidence") and gold["published_evidence"] in text:
        pytest.fail(f"dateline {gold['published_evidence']!r} was not read")
    assert [line.number for line in art.body_lines if line.duplicate_of] == gold["duplicate_lines"]
