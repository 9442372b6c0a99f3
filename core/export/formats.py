"""The export formats as data: what each is called, what it writes and what it can hold.

A light module (no database, no writers): the CLI's argument parser and the export dialog
read it without importing the exporters.
"""

from __future__ import annotations

from typing import NamedTuple


class FormatInfo(NamedTuple):
    description: str
    suffix: str = ".jsonl"
    folder: bool = False  # the output is a folder
    parallel: bool = False  # can hold an original paragraph beside its translation


FORMATS: dict[str, FormatInfo] = {
    "native": FormatInfo("Gloss native JSONL (lossless, every layer; re-importable)"),
    "doccano": FormatInfo("doccano JSONL, relation mode (entities + relations)", parallel=True),
    "doccano-seq": FormatInfo(
        "doccano JSONL, sequence labelling (label: [[start, end, TYPE]])", parallel=True
    ),
    "spacy": FormatInfo(
        "spaCy v3 DocBin (.spacy): doc.spans['sc'], doc.ents, events in user_data",
        ".spacy", parallel=True,
    ),
    "conll": FormatInfo("CoNLL-2003 BIO (token -X- _ TAG), entity mentions", ".conll"),
    "conllu": FormatInfo(
        "CoNLL-U (conllu, pyconll, UD tools): NER=B-TYPE in MISC, entity mentions", ".conllu"
    ),
    "brat": FormatInfo("brat standoff folder (.txt + .ann, annotation.conf)", "", folder=True),
    "hf": FormatInfo(
        "Hugging Face token classification JSONL + label list, entity mentions", parallel=True
    ),
    "oneie": FormatInfo(
        "event-extraction JSON lines (OneIE: sentences, tokens, entity and event mentions)"
    ),
    "labelstudio": FormatInfo(
        "Label Studio JSON tasks (labels + relations)", ".json", parallel=True
    ),
    "events-csv": FormatInfo("event table (CSV, ACLED-like columns)", ".csv"),
}  # fmt: skip
#: Which side of the reader an export writes: the original text, the translation, or both
#: in parallel (one record each, linked).
SIDES = ("original", "translation", "parallel")


def describe(fmt: str) -> str:
    return FORMATS[fmt].description


def suffix(fmt: str) -> str:
    return FORMATS[fmt].suffix


def is_folder(fmt: str) -> bool:
    return FORMATS[fmt].folder


def parallel_formats() -> list[str]:
    return [name for name, info in FORMATS.items() if info.parallel]
