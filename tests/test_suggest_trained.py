"""The model trained on the library's own tags (the ``trained`` source): trained from the
tagged paragraphs, saved beside the user's data (never among the library's files), used by
the suggestions, trained again only when enough tags changed, and from ``gloss suggest``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.annotation import service
from core.ingest.run import import_text
from core.library import Library
from core.library.training import folder_for
from core.suggest.engine import Options
from core.suggest.trained import score_for

NAMES = ["Varkon", "Telmiro", "Brasov", "Kalder", "Ostrin", "Malvek", "Dorsan", "Quenby"]
PLACES = ["Zelbor", "Kharnov", "Pyrlak", "Vostra", "Melnyk", "Trabec", "Ulvany", "Sorvik"]


def tag(library: Library, n: int) -> None:
    """A short article with a person and a place, both tagged by hand."""
    name, place = NAMES[n % len(NAMES)], PLACES[n % len(PLACES)]
    text = f"Note {n}\n\nLe colonel {name} a inspecté les positions près de {place} mardi soir."
    article = import_text(library, text).imported[0]["id"]
    with library.session() as s:
        body = service.layer_text(s, article, "original")
        for word, label in ((name, "PER"), (place, "GPE")):
            at = body.index(word)
            service.add_mention(s, article, at, at + len(word), label)


def test_trained_on_the_librarys_tags_it_proposes_them(library: Library) -> None:
    for n in range(16):
        tag(library, n)
    done = library.suggestions.train()
    assert done is not None and done.paragraphs == 16 and done.tags == 32
    assert done.labels == ("GPE", "PER")
    folder = folder_for(library.url)
    assert folder.is_dir() and not any(folder.samefile(f) for f in library.files() if f.exists())
    assert Path(os.environ["GLOSS_MODELS"]) in folder.parents  # beside the user's data

    text = "Dépêche\n\nLe colonel Kalder a inspecté les positions près de Zelbor mardi soir."
    article = import_text(library, text).imported[0]["id"]
    only = Options(sources=frozenset({"trained"}), min_score=0.0)
    spans = library.suggestions.article(article, only).spans
    found = {(s.text, s.label, s.source) for s in spans}
    assert {("Kalder", "PER", "trained"), ("Zelbor", "GPE", "trained")} <= found
    # trusted as far as what it learnt from: 16 paragraphs stay under the default minimum
    assert {s.score for s in spans} == {score_for(16)} and score_for(16) < Options().min_score
    assert score_for(16) < score_for(200) <= 0.7
    default = library.suggestions.article(article, Options(sources=frozenset({"trained"})))
    assert default.spans == []

    again = Library(library.url)  # another process or session reads the saved model
    try:
        assert {s.text for s in again.suggestions.article(article, only).spans} >= {"Kalder"}
    finally:
        again.close()


def test_trained_again_only_when_enough_changed(library: Library) -> None:
    for n in range(6):
        tag(library, n)
    assert library.suggestions.train() is not None
    first = library.suggestions.model()
    assert library.suggestions.train() is None  # nothing new
    for n in range(6, 18):  # 24 more tags: below the 25 that call for a new training
        tag(library, n)
    assert library.suggestions.train() is None
    tag(library, 18)  # 26
    second = library.suggestions.train()
    assert second is not None and first is not None and second.key[0] == first.key[0] + 26


def test_too_few_tags_train_nothing_and_the_other_sources_go_on(library: Library) -> None:
    tag(library, 0)
    assert library.suggestions.train() is None and library.suggestions.model() is None
    article = import_text(library, "Titre\n\nLa Russie a frappé Odessa.").imported[0]["id"]
    assert "Odessa" in {s.text for s in library.suggestions.article(article).spans}


def test_gloss_suggest_trains(library: Library, tmp_path: Path) -> None:
    for n in range(6):
        tag(library, n)
    result = subprocess.run(
        [sys.executable, "-m", "gui.entry", "--db", library.url, "suggest", "--train"],
        capture_output=True, text=True, cwd=Path(__file__).parents[1], timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "trained on 6 paragraph(s), 12 tag(s) (GPE, PER)" in result.stderr
    assert library.suggestions.model() is not None
