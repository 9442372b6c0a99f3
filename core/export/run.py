"""Run an export: pick the articles, stream their views into a format, report losses.

The output appears whole or not at all: everything is written under a ``.part`` name and
renamed when finished; a cancelled or failed export leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.annotation.schema import ensure_default
from core.annotation.types import Schema
from core.export import parallel
from core.export.formats import FORMATS, SIDES, is_folder, parallel_formats
from core.export.native import Selection, encode, export_records
from core.export.sequences import ConlluWriter, ConllWriter, HuggingFaceWriter, OneIEWriter
from core.export.spacy_bin import SpacyWriter
from core.export.standoff import EXPORT_MARKER, BratWriter, LabelStudioWriter
from core.export.tables import DoccanoSeqWriter, DoccanoWriter, EventsCsvWriter
from core.export.views import Losses, ViewOptions, views
from core.export.writer import Writer
from core.orphans import remove_stale_scratch
from core.storage.db import Database
from core.storage.files import OwnFiles
from core.storage.models import Mention

WRITERS: dict[str, type[Writer]] = {
    w.name: w
    for w in (
        DoccanoWriter, DoccanoSeqWriter, SpacyWriter, ConllWriter, ConlluWriter, BratWriter,
        HuggingFaceWriter, OneIEWriter, LabelStudioWriter, EventsCsvWriter,
    )
}  # fmt: skip
Progress = Callable[[int, int], None]
assert set(WRITERS) | {"native"} == set(FORMATS), "every format has a writer"


class ExportError(ValueError):
    pass


@dataclass(frozen=True)
class ExportOptions:
    format: str = "native"
    side: str = "original"
    target: str = "en"
    types: frozenset[str] | None = None
    annotator: str | None = None


@dataclass
class ExportReport:
    format: str
    path: str
    articles: int = 0
    records: int = 0
    losses: Losses = field(default_factory=Losses)
    cancelled: bool = False
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "files": self.files,
            "articles": self.articles,
            "records": self.records,
            "dropped": dict(sorted(self.losses.dropped.items())),
            "skipped": dict(sorted(self.losses.skipped.items())),
            "cancelled": self.cancelled,
        }

    def lines(self) -> list[str]:
        if self.cancelled:
            return ["export cancelled: nothing was written"]
        out = [f"{self.articles} article(s), {self.records} record(s) written to {self.path}"]
        out += [f"  lost: {n} {reason}" for reason, n in sorted(self.losses.dropped.items())]
        out += [f"  note: {n} {reason}" for reason, n in sorted(self.losses.skipped.items())]
        return out


def check(options: ExportOptions, out: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse, with a clear reason, what cannot be exported as asked. ``protected``: the
    library's own files, never written over nor put in a folder an export replaces."""
    _spare_library(out, is_folder(options.format), OwnFiles(protected))
    if options.format not in FORMATS:
        raise ExportError(f"unknown format {options.format!r} (known: {', '.join(FORMATS)})")
    if options.side not in SIDES:
        raise ExportError(f"unknown side {options.side!r} (known: {', '.join(SIDES)})")
    if options.format == "spacy":
        from core.export.spacy_bin import SpacyMissing, _spacy

        try:
            _spacy()
        except SpacyMissing as exc:
            raise ExportError(str(exc)) from exc
    if options.format == "native" and options.side != "original":
        raise ExportError("native always holds every layer: leave --side as it is")
    if options.side == "parallel" and not FORMATS[options.format].parallel:
        raise ExportError(
            f"{options.format} cannot hold a paragraph beside its translation; "
            f"parallel works with {', '.join(parallel_formats())} (and native holds every layer)"
        )
    if is_folder(options.format):
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file; {options.format} writes a folder")
        # Never touch what Gloss did not make: a folder is replaced only when it is empty or
        # an earlier Gloss export (it holds the marker); the user's own files are never deleted.
        if out.is_dir() and any(out.iterdir()) and not (out / EXPORT_MARKER).is_file():
            shown = ", ".join(sorted(p.name for p in out.iterdir())[:3])
            raise ExportError(
                f"{out} holds files that are not a Gloss export ({shown}...): "
                "choose an empty or a new folder"
            )
    elif out.is_dir():
        raise ExportError(f"{out} is a folder; {options.format} writes a file")
    if not out.parent.exists():
        raise ExportError(f"no such folder: {out.parent}")


def _spare_library(out: Path, folder: bool, own: OwnFiles) -> None:
    if own.match(out) is not None:
        raise ExportError(f"{out} is the library being exported: choose another file")
    inside = own.inside(out) if folder else None
    if inside is not None:
        raise ExportError(
            f"{out} holds the library being exported ({inside.name}): choose another folder"
        )


def _labels_in_library(library: Database) -> list[str]:
    with library.reading() as session:
        return sorted(session.scalars(select(Mention.label).distinct()))


def _on_workers(library: Database, total: int) -> bool:
    """Worth starting worker processes: a big export, several cores, and a database each
    worker can open on its own (not an in-memory SQLite)."""
    on_disk = ":memory:" not in library.url and library.url not in ("sqlite://", "sqlite:///")
    return total >= parallel.MIN_ARTICLES and parallel.workers() > 1 and on_disk


def part_name(out: Path) -> Path:
    """Where ``out`` is written until it is whole: a hidden name of this process's own, so
    nothing the user has (``out.part``, say) is ever overwritten or removed."""
    return out.with_name(f".{out.name}.{os.getpid()}.gloss-part")


def _discard(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _publish(tmp: Path, out: Path) -> None:
    if tmp.is_dir():
        if out.is_dir():  # an earlier Gloss export (checked by check()): set aside, then gone
            aside = out.with_name(f".{out.name}.{os.getpid()}.gloss-old")
            out.rename(aside)  # a kill from here on leaves the old export or the new one
            tmp.rename(out)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            tmp.rename(out)
    else:
        tmp.replace(out)


def export(
    library: Database,
    article_ids: list[int],
    out: Path,
    options: ExportOptions,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    own = OwnFiles(library.files())
    check(options, out, own.files)
    report = ExportReport(options.format, str(out))
    remove_stale_scratch(out.parent)  # what an export killed earlier left here
    tmp = part_name(out)
    selection = Selection(options.types, options.annotator)
    total = len(article_ids)
    written: list[tuple[Path, Path]] = [(tmp, out)]
    try:
        with library.reading() as session:
            if options.format == "native" and _on_workers(library, total):
                count, stopped = parallel.export_native(
                    library.url, article_ids, tmp, selection, progress, cancelled
                )
                report.articles = report.records = count
                report.cancelled = stopped
            elif options.format == "native":
                records = export_records(session, article_ids, selection)
                with tmp.open("wb") as handle:
                    for done, record in enumerate(records, start=1):
                        handle.write(encode(record) + b"\n")
                        report.articles = report.records = done
                        if progress is not None and (done % 50 == 0 or done == total):
                            progress(done, total)
                        if cancelled is not None and cancelled():
                            report.cancelled = True
                            break
            else:
                kind = WRITERS[options.format]
                labels = _labels_in_library(library) if kind.needs_labels else []
                writer = kind(
                    tmp, out, Schema.of(ensure_default(session).body), report.losses, labels
                )
                written += writer.companions
                try:
                    for _tmp, final in writer.companions:
                        _spare_library(final, False, own)  # NAME.labels.json beside NAME
                    view_options = ViewOptions(options.side, options.target, selection)
                    for done, (_id, docs) in enumerate(
                        views(session, article_ids, view_options, report.losses), start=1
                    ):
                        for doc in docs:
                            writer.add(doc)
                        report.records += len(docs)
                        report.articles += bool(docs)
                        if progress is not None and (done % 50 == 0 or done == total):
                            progress(done, total)
                        if cancelled is not None and cancelled():
                            report.cancelled = True
                            break
                finally:
                    writer.close()
    except BaseException:
        for path, _final in written:
            _discard(path)
        raise
    if report.cancelled:
        for path, _final in written:
            _discard(path)
        return report
    for path, final in written:
        _publish(path, final)
        report.files.append(str(final))
    return report
