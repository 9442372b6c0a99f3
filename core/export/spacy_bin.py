"""spaCy v3 DocBin (``.spacy``): every span in ``doc.spans["sc"]``, non-overlapping
entity mentions in ``doc.ents``, events kept whole in ``doc.user_data["events"]``.

Docs are tokenized by ``spacy.blank(language)`` (no model download). A span that does not
fall on token boundaries is widened to whole tokens (``alignment_mode="expand"``) and
counted; entity links go into ``span.kb_id_`` (the entity's external id, e.g. a Wikidata QID,
or else its name).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.export.views import DocView, Losses
from core.export.writer import Labels, Writer

SPAN_KEY = "sc"


class SpacyMissing(RuntimeError):
    pass


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as exc:  # an optional dependency
        raise SpacyMissing("the spacy format needs spaCy 3: pip install 'gloss[spacy]'") from exc
    return spacy


class SpacyWriter(Writer):
    name = "spacy"
    text_file = False  # DocBin writes the file itself
    holds_arguments = True
    holds_attributes = True
    holds_links = True

    def __init__(
        self, path: Path, final: Path, schema: Schema, losses: Losses, labels: Labels = ()
    ) -> None:
        super().__init__(path, final, schema, losses, labels)
        spacy = _spacy()
        from spacy.tokens import DocBin

        self.spacy = spacy
        self.nlps: dict[str, Any] = {}
        self.bin = DocBin(store_user_data=True)

    def _nlp(self, lang: str) -> Any:
        if lang not in self.nlps:
            try:
                self.nlps[lang] = self.spacy.blank(lang)
            except Exception:  # no spaCy language for it: the multi-language tokenizer
                self.nlps[lang] = self.spacy.blank("xx")
        return self.nlps[lang]

    def doc(self, view: DocView) -> Any:
        from spacy.util import filter_spans

        doc = self._nlp(view.language if view.language not in ("", "und") else "xx").make_doc(
            view.text
        )
        spans: dict[str, Any] = {}
        for s in view.spans():
            kb_id = (s.entity_spec or {}).get("external_id") or s.entity or ""  # a QID first
            span = doc.char_span(s.start, s.end, label=s.label, kb_id=kb_id)
            if span is None:
                span = doc.char_span(
                    s.start, s.end, label=s.label, kb_id=kb_id, alignment_mode="expand"
                )
                if span is None or not len(span):
                    self.losses.drop("spans over whitespace only (spacy)")
                    continue
                self.losses.drop("spans not on token boundaries, widened to whole tokens (spacy)")
            spans[s.key] = span
        doc.spans[SPAN_KEY] = list(spans.values())
        mentions = [spans[m.key] for m in view.mentions if m.key in spans]
        ents = filter_spans(mentions)
        doc.ents = ents
        self.losses.skip(
            "overlapping mentions kept in doc.spans['sc'] but not in doc.ents (spacy)",
            len(mentions) - len(ents),
        )
        doc.user_data["article_id"] = view.article_id
        doc.user_data["doc_id"] = view.doc_id
        doc.user_data["title"] = view.meta["title"]
        doc.user_data["events"] = [
            {
                "type": e.type,
                "trigger": [e.trigger.start, e.trigger.end],
                "arguments": [[role, s.start, s.end] for role, s in e.arguments],
                "attributes": _attributes(e),
            }
            for e in view.events
        ]
        return doc

    def add(self, view: DocView) -> None:
        doc = self.doc(view)
        if view.translation is not None:
            translated = self.doc(view.translation)
            doc.user_data["translation"] = {
                "text": translated.text,
                "spans": [[s.start_char, s.end_char, s.label_] for s in translated.spans[SPAN_KEY]],
                "events": translated.user_data["events"],
            }
        self.bin.add(doc)

    def close(self) -> None:
        self.bin.to_disk(self.path)


def _attributes(event: Any) -> dict[str, Any]:
    """Values as they are; tag-valued ones (claimed_by, a count's evidence) as offsets."""
    links: dict[str, Any] = {k: [s.start, s.end] for k, s in event.links.items()}
    return {**event.attributes, **links}
