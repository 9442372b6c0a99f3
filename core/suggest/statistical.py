"""Statistical NER: the spaCy pipeline of a paragraph's language (installed as a package,
never downloaded), its labels mapped to the schema's by ``resources/suggest/statistical.json``.
Its parts of speech also end the noun phrase of a quantity, and its dependency parser reads
the sentences that hold an event's trigger (for the arguments). A missing pipeline is
reported once and the other sources go on."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from core.suggest import syntax
from core.suggest.backend import numpy_blas
from core.suggest.data import load
from core.suggest.lexicon import Match

_LOCK = threading.Lock()
_PIPELINES: dict[str, Any] = {}
MISSING: dict[str, str] = {}  # language -> why its pipeline could not be loaded
# Markdown's emphasis and code marks ("l'**OTAN**"): the pipelines read them as letters of
# the word ("l'**OTAN" one token, neither named nor parsed). Read as blanks: offsets stay.
MARKUP = re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)")


def _unmarked(text: str) -> str:
    return MARKUP.sub(lambda m: " " * len(m.group()), text)


@dataclass
class Analysis:
    entities: list[Match] = field(default_factory=list)
    parts: dict[int, str] | None = None  # word start offset -> part of speech
    parse: syntax.Parse | None = None  # where asked and the language has syntax rules


def pipeline(language: str) -> Any | None:
    config = load("statistical")["pipelines"].get(language)
    if config is None:
        return None
    with _LOCK:
        if language not in _PIPELINES and language not in MISSING:
            try:
                import spacy

                with numpy_blas():
                    _PIPELINES[language] = spacy.load(config["package"], exclude=["lemmatizer"])
            except (ImportError, OSError) as exc:
                MISSING[language] = (
                    f"{config['package']} is not installed ({exc.__class__.__name__})"
                )
        return _PIPELINES.get(language)


def analyse(text: str, language: str) -> Analysis:
    return analyse_many([text], language)[0]


def analyse_many(
    texts: list[str], language: str, parse: list[bool] | None = None
) -> list[Analysis]:
    """Several paragraphs in one batch (the pipeline's matrix products run once for all);
    those ``parse`` marks (all by default) are parsed too, in a batch of their own, where
    the language has syntax rules (one call a sentence took as long as a whole batch)."""
    nlp = pipeline(language)
    if nlp is None:
        return [Analysis() for _ in texts]
    config = load("statistical")
    labels = config["pipelines"][language]["labels"]
    score = float(config.get("score", 0.7))
    rules = syntax.rules(language) if "parser" in nlp.pipe_names else None
    wanted = parse if parse is not None and rules is not None else [rules is not None] * len(texts)
    out: list[Analysis] = [Analysis() for _ in texts]
    for parsed in (True, False):
        numbers = [n for n, flag in enumerate(wanted) if flag == parsed]
        disable = [] if parsed or "parser" not in nlp.pipe_names else ["parser"]
        unmarked = (_unmarked(texts[n]) for n in numbers)
        for n, doc in zip(numbers, nlp.pipe(unmarked, batch_size=64, disable=disable), strict=True):
            entities = [Match(e.start_char, e.end_char, labels[e.label_], score)
                        for e in doc.ents if e.label_ in labels and _named(e)]  # fmt: skip
            tree = None
            if parsed and rules is not None:
                words = [syntax.Word(t.idx, t.idx + len(t.text), t.head.i, t.dep_, t.pos_,
                                     t.lower_) for t in doc]  # fmt: skip
                tree = syntax.Parse(words, rules)
            out[n] = Analysis(entities, {t.idx: t.pos_ for t in doc}, tree)
    return out


def parse(text: str, language: str) -> syntax.Parse | None:
    """A text's dependency parse (None without a pipeline, a parser or syntax rules for
    the language)."""
    return analyse(text, language).parse


def _named(span: Any) -> bool:
    """Whether a span the pipeline labelled holds a word that can be a name: the small
    pipelines label lone determiners ("Les" opening a title), elided words ("qu’", "n’")
    and the like, which the language's own stop-word list tells apart."""
    vocab = span.doc.vocab
    for token in span:
        if token.is_punct or token.is_stop:
            continue
        if "’" not in token.text or not vocab[token.text.replace("’", "'")].is_stop:
            return True
    return False
