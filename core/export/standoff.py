"""brat standoff folders and Label Studio tasks (offsets in code points, as brat and the
reference shapes count them)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.export.views import DocView, Losses
from core.export.writer import Labels, Writer


def _fragments(text: str, start: int, end: int) -> str:
    """brat spans cannot cross a newline: cut them into fragments."""
    parts, pos = [], start
    for piece in text[start:end].split("\n"):
        if piece:
            parts.append(f"{pos} {pos + len(piece)}")
        pos += len(piece) + 1
    return ";".join(parts)


def brat_ann(view: DocView, enums: frozenset[str] = frozenset()) -> str:
    """A document's ``.ann``; ``enums``: the schema's enum attributes, which brat holds as
    attributes (the others go into AnnotatorNotes)."""
    text = view.text
    lines: list[str] = []
    t_of: dict[str, str] = {}
    for n, span in enumerate(view.spans(), start=1):
        t_of[span.key] = f"T{n}"
        surface = text[span.start : span.end].replace("\n", " ")
        lines.append(f"T{n}\t{span.label} {_fragments(text, span.start, span.end)}\t{surface}")
    attribute = note = 0
    for n, event in enumerate(view.events, start=1):
        seen: dict[str, int] = {}
        arguments = []
        for role, target in event.arguments:
            seen[role] = seen.get(role, 0) + 1
            suffix = str(seen[role]) if seen[role] > 1 else ""
            arguments.append(f"{role}{suffix}:{t_of[target.key]}")
        lines.append(
            f"E{n}\t{event.type}:{t_of[event.trigger.key]}" + "".join(f" {a}" for a in arguments)
        )
        for key, value in event.attributes.items():
            if isinstance(value, str) and key in enums:
                attribute += 1
                lines.append(f"A{attribute}\t{key.capitalize()} E{n} {value}")
            else:
                note += 1
                lines.append(
                    f"#{note}\tAnnotatorNotes E{n}\t{key}={json.dumps(value, ensure_ascii=False)}"
                )
        for key, span in event.links.items():  # claimed_by, a count's evidence: T ids
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes E{n}\t{key}={t_of[span.key]}")
    references = 0
    for span in view.mentions:
        if span.entity:  # the whole entity (name, type, aliases), read back by the importer
            note += 1
            spec = span.entity_spec or {"name": span.entity}
            lines.append(
                f"#{note}\tAnnotatorNotes {t_of[span.key]}\tentity="
                + json.dumps(spec, ensure_ascii=False, sort_keys=True)
            )
            if spec.get("external_id"):  # brat's normalization: the entity in a knowledge base
                references += 1
                lines.append(
                    f"N{references}\tReference {t_of[span.key]} "
                    f"{brat_reference(spec['external_id'])}\t{spec['name']}"
                )
    return "\n".join(lines) + ("\n" if lines else "")


def brat_reference(external_id: str) -> str:
    """brat's ``DB:ID`` for an external id: a Wikidata QID (``Q1899``) gets its database's
    name; an id written with one (``GeoNames:703448``) is kept."""
    if ":" in external_id:
        return external_id.replace(" ", "_")
    return f"Wikidata:{external_id}" if re.fullmatch(r"Q\d+", external_id) else f"ID:{external_id}"


def annotation_conf(schema: Schema) -> str:
    entities = [t.key for t in schema.entity_types]
    out = [
        "[entities]",
        *entities,
        "",
        "[relations]",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
    ]
    for event in schema.event_types:
        roles = [f"{r.name}*:{'|'.join(r.entity_types or ['<ENTITY>'])}" for r in event.roles]
        out.append(f"{event.key}\t{', '.join(roles)}")
    out += ["", "[attributes]"]
    for attribute in schema.attributes:
        if attribute.kind == "enum":
            values = "|".join(attribute.values)
            out.append(f"{attribute.key.capitalize()}\tArg:<EVENT>, Value:{values}")
    return "\n".join(out) + "\n"


EXPORT_MARKER = ".gloss-export"


class BratWriter(Writer):
    """A folder of ``<id>.txt`` + ``<id>.ann`` pairs and an ``annotation.conf`` from the
    schema. Counts, dates and entity links go into AnnotatorNotes (``key=JSON value``)."""

    name = "brat"
    text_file = False
    holds_arguments = True
    holds_attributes = True
    holds_links = True

    def __init__(
        self, path: Path, final: Path, schema: Schema, losses: Losses, labels: Labels = ()
    ) -> None:
        super().__init__(path, final, schema, losses, labels)
        path.mkdir(parents=True, exist_ok=True)
        # Says "Gloss made this folder": only such a folder is ever replaced by an export.
        (path / EXPORT_MARKER).write_text('{"written_by": "gloss", "format": "brat"}\n')

    def add(self, view: DocView) -> None:
        self.count_losses(view)
        (self.path / f"{view.doc_id}.txt").write_text(view.text, encoding="utf-8", newline="")
        enums = frozenset(a.key for a in self.schema.attributes if a.kind == "enum")
        ann = brat_ann(view, enums)
        (self.path / f"{view.doc_id}.ann").write_text(ann, encoding="utf-8", newline="")

    def close(self) -> None:
        (self.path / "annotation.conf").write_text(annotation_conf(self.schema), encoding="utf-8")


def label_studio_results(view: DocView, to_name: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for span in view.spans():
        result.append(
            {"id": span.key, "from_name": "label", "to_name": to_name, "type": "labels",
             "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]}}
        )  # fmt: skip
    for event in view.events:
        for role, target in event.arguments:
            result.append(
                {"type": "relation", "from_id": event.trigger.key, "to_id": target.key,
                 "direction": "right", "labels": [role]}
            )  # fmt: skip
    return result


class LabelStudioWriter(Writer):
    """A JSON list of Label Studio tasks with labels and relations (parallel: the
    translation is a second text, ``translation``, with its own results)."""

    name = "labelstudio"
    holds_arguments = True

    def __init__(
        self, path: Path, final: Path, schema: Schema, losses: Losses, labels: Labels = ()
    ) -> None:
        super().__init__(path, final, schema, losses, labels)
        self.count = 0
        assert self.handle is not None
        self.handle.write("[")

    def add(self, view: DocView) -> None:
        self.count_losses(view)
        result = label_studio_results(view, "text")
        data = {"text": view.text, "title": view.meta["title"], "article_id": view.article_id}
        if view.translation is not None:
            data["translation"] = view.translation.text
            result += label_studio_results(view.translation, "translation")
        # An unannotated article is a task still to do: an empty annotation would make Label
        # Studio count it as finished.
        annotations = [{"result": result}] if result else []
        task = {"id": view.doc_id, "data": data, "annotations": annotations}
        assert self.handle is not None
        self.handle.write(
            ("\n" if not self.count else ",\n")
            + json.dumps(task, ensure_ascii=False, sort_keys=True)
        )
        self.count += 1

    def close(self) -> None:
        assert self.handle is not None
        self.handle.write("\n]\n")
        super().close()
