"""A model trained on the library's own tags: spaCy's entity recogniser from a blank
multi-language pipeline ("xx": names carry across French and English), trained on the
paragraphs people tagged, saved beside the user's data (never inside the library), loaded by
the suggestion engine as the ``trained`` source. Settings in ``resources/suggest/trained.json``.
No database here: the façade (``core.library.training``) reads the examples."""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.suggest.backend import numpy_blas
from core.suggest.data import load
from core.suggest.lexicon import Match

Example = tuple[str, list[tuple[int, int, str]]]  # a paragraph and its tags (start, end, label)
META = "gloss-model.json"


@dataclass(frozen=True)
class Trained:
    """What a training made: how many paragraphs and tags it read, their labels, the
    library's state then (``key``), how long it took."""

    paragraphs: int
    tags: int
    labels: tuple[str, ...]
    key: tuple[int, int]
    seconds: float


def settings() -> dict[str, Any]:
    return load("trained")


def train(
    examples: list[Example],
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Any | None:
    """A spaCy pipeline trained on ``examples`` (None if cancelled, or if spaCy is missing).
    Tags that do not fall on word boundaries are shrunk to the words inside them; overlapping
    ones keep the longest. The same examples and seed give the same model."""
    try:
        import spacy  # noqa: F401
    except ImportError:
        return None
    with numpy_blas():
        return _train(examples, cancelled, progress)


def _train(
    examples: list[Example],
    cancelled: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
) -> Any | None:
    import spacy
    from spacy.training import Example as SpacyExample
    from spacy.util import filter_spans
    from thinc.api import fix_random_seed

    config = settings()
    nlp = spacy.blank("xx")
    nlp.add_pipe("ner")
    nlp.meta["gloss"] = {"paragraphs": len(examples)}  # saved with it: its score grows with it
    prepared = []
    for text, spans in examples:
        doc = nlp.make_doc(text)
        found = (
            doc.char_span(a, b, label=label, alignment_mode="contract") for a, b, label in spans
        )
        kept = filter_spans([span for span in found if span is not None])
        entities = [(s.start_char, s.end_char, s.label_) for s in kept]
        prepared.append(SpacyExample.from_dict(doc, {"entities": entities}))
    if not prepared:
        return None
    fix_random_seed(int(config["seed"]))
    optimizer = nlp.initialize(lambda: prepared)
    order = random.Random(int(config["seed"]))
    epochs = int(config["epochs"])
    for epoch in range(epochs):
        order.shuffle(prepared)
        size = int(config["batch"])
        for at in range(0, len(prepared), size):
            batch = prepared[at : at + size]
            if cancelled is not None and cancelled():
                return None
            nlp.update(batch, sgd=optimizer, drop=float(config["dropout"]))
        if progress is not None:
            progress(epoch + 1, epochs)
    return nlp


def save(nlp: Any, folder: Path, trained: Trained) -> None:
    """Written beside, then swapped in (a reader never sees half a model; a kill leaves the
    previous one)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(f"{folder.name}.new-{os.getpid()}")
    old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    nlp.to_disk(fresh)
    meta = {
        "paragraphs": trained.paragraphs, "tags": trained.tags, "labels": list(trained.labels),
        "key": list(trained.key), "seconds": round(trained.seconds, 2), "saved": time.time(),
    }  # fmt: skip
    (fresh / META).write_text(json.dumps(meta), encoding="utf-8")
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def read_meta(folder: Path) -> Trained | None:
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        return Trained(
            meta["paragraphs"], meta["tags"], tuple(meta["labels"]),
            (int(meta["key"][0]), int(meta["key"][1])), float(meta["seconds"]),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def load_model(folder: Path) -> Any | None:
    """The saved model, or None (none yet, spaCy missing, or unreadable: named by the
    caller's report, never an error)."""
    if read_meta(folder) is None:
        return None
    try:
        import spacy

        with numpy_blas():
            return spacy.load(folder)
    except (ImportError, OSError, ValueError):
        return None


def find(nlp: Any, texts: list[str], labels: frozenset[str]) -> list[list[Match]]:
    """The model's entities in each text, as suggestions of the ``trained`` source."""
    score = score_for(int(nlp.meta.get("gloss", {}).get("paragraphs", 0)))
    return [
        [Match(e.start_char, e.end_char, e.label_, score) for e in doc.ents if e.label_ in labels]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def score_for(paragraphs: int) -> float:
    """How far the model's suggestions are trusted: more the more paragraphs it learnt
    from (a model of a few articles stays under the default minimum score)."""
    config = settings()["score"]
    grown = float(config["from"]) + float(config["per_100_paragraphs"]) * paragraphs / 100
    return min(float(config["at_most"]), grown)


def changed(current: tuple[int, int], saved: Trained) -> bool:
    """Whether enough tags moved since ``saved`` to train again: ``current`` is (tags,
    highest tag id) now."""
    every = int(settings()["retrain_after"])
    return abs(current[0] - saved.key[0]) >= every or current[1] - saved.key[1] >= every


def enough(paragraphs: int) -> bool:
    """Whether this many tagged paragraphs are worth a model."""
    return paragraphs >= int(settings()["min_paragraphs"])
