"""Label Studio JSON exports: every non-cancelled annotation (one annotator each), or the
predictions when a task has none; names read from the results and the task."""

from __future__ import annotations

from collections import Counter
from typing import Any

from core.annotation.types import Schema
from core.ingest.datasets.builder import Builder, DatasetError


def looks_labelstudio(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("data"), dict)
        and ("annotations" in obj or "predictions" in obj)
    )


def _who(annotation: dict[str, Any], kind: str) -> str:
    """The annotator of a Label Studio annotation, from ``completed_by`` (an id, or an object
    with an email in some exports)."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if who in (None, ""):
        return "Label Studio import" if kind == "annotation" else "Label Studio prediction"
    return (
        str(who) if isinstance(who, str) and not str(who).isdigit() else f"labelstudio-user-{who}"
    )


def _span_labels(value: dict[str, Any]) -> list[Any]:
    labels = value.get("labels")
    if not isinstance(labels, list):
        labels = next(
            (v for k, v in value.items() if k.endswith("labels") and isinstance(v, list)), []
        )
    return labels


def _text_key(data: dict[str, Any], results: list[dict[str, Any]]) -> tuple[str, str]:
    """(the name of the labelled text in the results, the data key holding it): read from the
    results' ``to_name`` and the task's data, never assumed to be "text"."""
    names = Counter(
        str(r.get("to_name")) for r in results
        if r.get("type") != "relation" and isinstance(r.get("value"), dict)
        and "start" in r["value"]
    )  # fmt: skip
    name = names.most_common(1)[0][0] if names else "text"
    texts = {k: v for k, v in data.items() if isinstance(v, str) and v.strip()}
    if name in texts:
        return name, name
    spans = [
        r["value"] for r in results
        if str(r.get("to_name")) == name and isinstance(r.get("value"), dict)
        and isinstance(r["value"].get("text"), str)
    ]  # fmt: skip
    fits = [
        key for key, text in texts.items()
        if all(type(v.get("start")) is int and text[v["start"] : v.get("end")] == v["text"] for v in spans)
    ]  # fmt: skip
    for candidates in (["text"] if "text" in fits else [], fits, list(texts)):
        if len(candidates) == 1 or (candidates and candidates[0] == "text"):
            return name, candidates[0]
    if not texts:
        raise DatasetError("task: the record has no text")
    raise DatasetError(
        "task: cannot tell which data field holds the labelled text "
        f"(fields: {', '.join(sorted(texts))})"
    )


def from_labelstudio(task: Any, schema: Schema) -> tuple[dict[str, Any], list[str]]:
    """A Label Studio task: every annotation that was not cancelled (each with its annotator),
    or the predictions when there is none; results Gloss cannot hold (choices, text areas,
    ratings...) are counted in a warning, never the cause of losing the task."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise DatasetError("expected a task with data")
    data = task["data"]
    raw = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    annotations = [a for a in raw if not a.get("was_cancelled")]
    kind = "annotation"
    if not annotations:
        annotations = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        kind = "prediction"
    results = [[r for r in (a.get("result") or []) if isinstance(r, dict)] for a in annotations]
    name, key = _text_key(data, [r for rs in results for r in rs])
    b = Builder(data[key], schema, "Label Studio import")
    unheld: Counter[str] = Counter()
    elsewhere = 0
    for n_ann, (annotation, rs) in enumerate(zip(annotations, results, strict=True), start=1):
        who = _who(annotation, kind)
        prefix = f"{n_ann}:" if len(annotations) > 1 else ""
        first_of: dict[str, str] = {}
        for n, r in enumerate(rs, start=1):
            if r.get("type") == "relation":
                continue
            value: dict[str, Any] = r["value"] if isinstance(r.get("value"), dict) else {}
            rid = str(r.get("id", f"#{n}"))
            if str(r.get("to_name")) != name:
                elsewhere += 1  # another object (the translation of a parallel export)
                continue
            labels = _span_labels(value)
            if "start" not in value or not labels:
                unheld[str(r.get("type") or "unknown")] += 1
                continue
            for i, label in enumerate(labels):  # a multi-label region: a span per label
                key_ = f"{prefix}{rid}" + (f"/{i}" if i else "")
                first_of.setdefault(rid, key_)
                b.span(key_, value.get("start"), value.get("end"), label,
                       f"result {r.get('id', n)}", owner=who)  # fmt: skip
        for n, r in enumerate(rs, start=1):
            if r.get("type") != "relation":
                continue
            source, target = str(r.get("from_id")), str(r.get("to_id"))
            if source not in first_of or target not in first_of:
                elsewhere += 1
                continue
            role = (r.get("labels") or [None])[0]
            b.relation(first_of[source], first_of[target], role, f"relation {n}")
    if elsewhere:
        b.warnings.append(
            f"{elsewhere} result(s) on another text than '{name}' (a translation) left out: "
            "Gloss's native format keeps both layers"
        )
    for what, count in sorted(unheld.items()):
        b.warnings.append(f"{count} {what} result(s) have no place in Gloss (left out)")
    if len(raw) > len([a for a in raw if not a.get("was_cancelled")]):
        b.warnings.append(
            f"{sum(1 for a in raw if a.get('was_cancelled'))} cancelled annotation(s) left out"
        )
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return b.native(title or "", data), b.warnings
