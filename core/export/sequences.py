"""Token-based exports: CoNLL-2003 BIO, Hugging Face token classification, OneIE events.

Spans become token ranges (core.export.tokens). What a format cannot hold is counted:
a span not on token boundaries is widened to whole tokens; overlapping spans cannot share
a token in BIO (the first, longest one wins); an argument in another sentence than its
trigger has no place in a OneIE sentence.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.export.tokens import Token, sentences, token_range
from core.export.views import DocView, Losses, Span
from core.export.writer import Labels, Writer


def _sentences(view: DocView) -> list[list[Token]]:
    return sentences(view.text, [(a, b) for a, b, _lang in view.paragraphs])


def _ranges(
    tokens: list[Token], spans: list[Span], losses: Losses, name: str
) -> dict[str, tuple[int, int]]:
    """Token ranges of the spans that fall in these tokens, widened where needed."""
    out: dict[str, tuple[int, int]] = {}
    for span in spans:
        found = token_range(tokens, span.start, span.end)
        if found is None:
            continue
        i, j, exact = found
        if not exact:
            losses.drop(f"spans not on token boundaries, widened to whole tokens ({name})")
        out[span.key] = (i, j)
    return out


def bio_tags(
    tokens: list[Token], spans: list[Span], losses: Losses, name: str
) -> tuple[list[str], set[str]]:
    """One tag per token; returns the tags and the keys of the spans that were kept."""
    tags = ["O"] * len(tokens)
    kept: set[str] = set()
    ranges = _ranges(tokens, spans, losses, name)
    by_key = {s.key: s for s in spans}
    for key, (i, j) in sorted(ranges.items(), key=lambda kv: (kv[1][0], -kv[1][1], kv[0])):
        if any(tag != "O" for tag in tags[i:j]):
            losses.drop(f"overlapping spans ({name} keeps one tag per token)")
            continue
        label = by_key[key].label
        tags[i] = f"B-{label}"
        for k in range(i + 1, j):
            tags[k] = f"I-{label}"
        kept.add(key)
    return tags, kept


def _sentence_spans(spans: list[Span], sentence: list[Token]) -> list[Span]:
    start, end = sentence[0][0], sentence[-1][1]
    return [s for s in spans if s.start < end and s.end > start]


def _unplaced(spans: list[Span], sentences_: list[list[Token]]) -> int:
    """Spans that touch no token (whitespace only)."""
    covered = 0
    for s in spans:
        if any(token_range(sent, s.start, s.end) for sent in sentences_ if sent):
            covered += 1
    return len(spans) - covered


def _by_sentence(spans: list[Span], sentences_: list[list[Token]]) -> list[list[Span]]:
    """The spans of each sentence; a span across a sentence end is placed (and cut) in the
    sentence it starts in."""
    first: dict[str, int] = {}
    out: list[list[Span]] = []
    for n, sent in enumerate(sentences_):
        here = _sentence_spans(spans, sent)
        for s in here:
            first.setdefault(s.key, n)
        out.append([s for s in here if first[s.key] == n])
    return out


def tagged_sentences(writer: Writer, view: DocView) -> list[tuple[list[Token], list[str]]]:
    """The view's sentences with a BIO tag per token, its losses counted (the CoNLL family)."""
    writer.count_losses(view)
    sents = _sentences(view)
    writer.losses.drop("spans over whitespace only", _unplaced(view.mentions, sents))
    return [
        (sent, bio_tags(sent, spans, writer.losses, writer.name)[0])
        for sent, spans in zip(sents, _by_sentence(view.mentions, sents), strict=True)
    ]


class ConllWriter(Writer):
    name = "conll"
    holds_events = False

    def add(self, view: DocView) -> None:
        assert self.handle is not None
        lines = ["-DOCSTART- -X- -X- O", ""]
        for sent, tags in tagged_sentences(self, view):
            lines += [
                f"{view.text[a:b]} -X- _ {tag}" for (a, b), tag in zip(sent, tags, strict=True)
            ]
            lines.append("")
        self.handle.write("\n".join(lines) + "\n")


class ConlluWriter(Writer):
    """CoNLL-U (what the ``conllu`` and ``pyconll`` readers and the UD tools take): a
    sentence a block with ``# sent_id`` and ``# text``, ten tab-separated columns per token,
    the entity tag in MISC as ``NER=B-GPE`` and ``SpaceAfter=No`` where no space follows."""

    name = "conllu"
    holds_events = False

    def add(self, view: DocView) -> None:
        assert self.handle is not None
        lines = [f"# newdoc id = {view.doc_id}"]
        for n, (sent, tags) in enumerate(tagged_sentences(self, view), start=1):
            text = view.text[sent[0][0] : sent[-1][1]]
            lines += [f"# sent_id = {view.doc_id}-{n}", f"# text = {' '.join(text.split())}"]
            for i, ((a, b), tag) in enumerate(zip(sent, tags, strict=True), start=1):
                misc = [f"NER={tag}"]
                following = sent[i][0] if i < len(sent) else None
                if following == b:
                    misc.append("SpaceAfter=No")
                form = view.text[a:b].replace("\t", " ")
                lines.append(f"{i}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{'|'.join(misc)}")
            lines.append("")
        self.handle.write("\n".join(lines) + "\n")


class HuggingFaceWriter(Writer):
    """JSONL, a sentence a row (parallel: a paragraph a row, with the translation's tokens
    and tags beside), ``ner_tags`` as ids into the label list written to
    ``<name>.labels.json``: O, then B-/I- of every entity type in the schema, then any other
    mention label found in the library."""

    name = "hf"
    needs_labels = True
    holds_events = False

    def __init__(
        self, path: Path, final: Path, schema: Schema, losses: Losses, labels: Labels = ()
    ) -> None:
        super().__init__(path, final, schema, losses, labels)
        types = [t.key for t in schema.entity_types]
        types += sorted(set(labels) - set(types))
        self.labels = ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]
        self.ids = {label: n for n, label in enumerate(self.labels)}
        label_path = final.with_name(final.name.removesuffix(".jsonl") + ".labels.json")
        self.label_tmp = label_path.with_name(f".{label_path.name}.{os.getpid()}.gloss-part")
        self.companions.append((self.label_tmp, label_path))

    def _rows(self, view: DocView, whole: bool) -> list[tuple[list[str], list[int]]]:
        sents = _sentences(view)
        self.losses.drop("spans over whitespace only", _unplaced(view.mentions, sents))
        if whole:
            sents = [[t for s in sents for t in s]]
        rows = []
        for sent, spans in zip(sents, _by_sentence(view.mentions, sents), strict=True):
            tags, _kept = bio_tags(sent, spans, self.losses, self.name)
            rows.append(([view.text[a:b] for a, b in sent], [self.ids[t] for t in tags]))
        return rows

    def add(self, view: DocView) -> None:
        self.count_losses(view)
        assert self.handle is not None
        if view.translation is not None:
            [(tokens, tags)] = self._rows(view, whole=True) or [([], [])]
            [(t_tokens, t_tags)] = self._rows(view.translation, whole=True) or [([], [])]
            record = {"id": view.doc_id, "tokens": tokens, "ner_tags": tags,
                      "translation_tokens": t_tokens, "translation_ner_tags": t_tags}  # fmt: skip
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        for n, (tokens, tags) in enumerate(self._rows(view, whole=False)):
            record = {"id": f"{view.doc_id}-{n}", "tokens": tokens, "ner_tags": tags}
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        super().close()
        self.label_tmp.write_text(
            json.dumps(self.labels, ensure_ascii=False) + "\n", encoding="utf-8"
        )


class OneIEWriter(Writer):
    """OneIE-style event extraction JSON lines, a sentence a line (token spans,
    end-exclusive). Mentions and triggers go out with widened token spans; arguments
    outside their trigger's sentence are counted."""

    name = "oneie"
    holds_arguments = True

    def add(self, view: DocView) -> None:
        self.count_losses(view)
        assert self.handle is not None
        sents = _sentences(view)
        every = view.spans()
        self.losses.drop("spans over whitespace only", _unplaced(every, sents))
        doc_id = view.doc_id
        for n, (sent, spans) in enumerate(zip(sents, _by_sentence(every, sents), strict=True)):
            sent_id = f"{doc_id}-{n}"
            ranges = _ranges(sent, spans, self.losses, self.name)
            start, end = sent[0][0], sent[-1][1]

            def text(i: int, j: int, sent: list[Token] = sent) -> str:
                return view.text[sent[i][0] : sent[j - 1][1]]

            entity_id: dict[str, str] = {}
            entity_mentions: list[dict[str, Any]] = []
            for s in sorted(
                (s for s in spans if not s.trigger and s.key in ranges), key=lambda s: ranges[s.key]
            ):
                i, j = ranges[s.key]
                entity_id[s.key] = f"{sent_id}-E{len(entity_mentions)}"
                entity_mentions.append(
                    {"id": entity_id[s.key], "text": text(i, j), "entity_type": s.label, "start": i, "end": j}
                )  # fmt: skip
            event_mentions: list[dict[str, Any]] = []
            for e in view.events:
                if e.trigger.key not in ranges:
                    continue
                i, j = ranges[e.trigger.key]
                arguments = []
                for role, target in e.arguments:
                    if target.key in entity_id:
                        arguments.append(
                            {"entity_id": entity_id[target.key], "text": target.text, "role": role}
                        )
                    else:
                        self.losses.drop("event arguments outside their trigger's sentence (oneie)")
                event_mentions.append(
                    {"id": f"{sent_id}-EV{len(event_mentions)}", "event_type": e.type,
                     "trigger": {"text": text(i, j), "start": i, "end": j}, "arguments": arguments}
                )  # fmt: skip
            record = {
                "doc_id": doc_id, "sent_id": sent_id, "tokens": [view.text[a:b] for a, b in sent],
                "sentence": view.text[start:end], "entity_mentions": entity_mentions,
                "relation_mentions": [], "event_mentions": event_mentions,
            }  # fmt: skip
            self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
