"""The statistical pipelines compute with numpy's BLAS (faster here than thinc's BLIS) and
find exactly what they found with BLIS: the same entities, parts of speech and parses."""

from __future__ import annotations

import json
from pathlib import Path

from core.suggest import statistical
from core.suggest.backend import numpy_blas
from core.suggest.data import load

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "corpus-gold.jsonl"
FALLBACK = [
    "Selon l'armée de l'air ukrainienne, 30 des 35 drones lancés par la Russie ont été abattus "
    "mardi au-dessus des régions de Kiev, Odessa et Kharkiv.",
    "Le président Volodymyr Zelensky a rencontré Emmanuel Macron à Paris jeudi.",
]


def paragraphs() -> list[str]:
    if not GOLD.exists():
        return FALLBACK
    found = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        found += [p for p in json.loads(line)["text"].split("\n") if len(p.split()) > 3]
    return found


def read(nlp, texts: list[str]) -> list[tuple[object, ...]]:
    return [
        (tuple((e.start_char, e.end_char, e.label_) for e in doc.ents),
         tuple((t.idx, t.pos_, t.dep_, t.head.i) for t in doc))
        for doc in nlp.pipe(texts, batch_size=64)
    ]  # fmt: skip


def test_the_pipelines_read_the_same_with_numpys_blas_as_with_blis() -> None:
    import spacy

    nlp = statistical.pipeline("fr")
    assert nlp is not None, statistical.MISSING
    uses = {getattr(node.ops, "use_blis", None) for _n, pipe in nlp.pipeline
            if hasattr(pipe, "model") for node in pipe.model.walk()}  # fmt: skip
    assert False in uses  # its layers were made with numpy's BLAS
    package = load("statistical")["pipelines"]["fr"]["package"]
    with_blis = spacy.load(package, exclude=["lemmatizer"])  # thinc's default backend
    assert {getattr(n.ops, "use_blis", None) for n in with_blis.get_pipe("ner").model.walk()} == {
        True
    }
    texts = paragraphs()
    assert read(nlp, texts) == read(with_blis, texts)
    with numpy_blas():
        again = spacy.load(package, exclude=["lemmatizer"])
    assert read(again, texts) == read(with_blis, texts)


def test_a_process_that_runs_the_models_keeps_blas_to_one_thread() -> None:
    """As found measuring pre-annotation with numpy's BLAS: OpenBLAS ran every matrix
    product on all cores, so two worker processes ran four threads on two cores and stored
    6 articles/s instead of 17."""
    from threadpoolctl import threadpool_info

    assert statistical.pipeline("fr") is not None
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas), blas
