"""Translation through deep-translator's real LibreTranslator against a local server."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from core.articles import article_detail
from core.ingest.run import import_text
from core.library import Library
from core.translation import chunks, store
from core.translation.providers import ProviderConfig
from core.translation.service import TranslateOptions, translate_articles
from support.libre_server import fake_translation, libre_server

FR = [
    "La défense aérienne a abattu 76 drones pendant la nuit au-dessus de dix-sept régions.",
    "Les autorités régionales ont signalé des dégâts sur des infrastructures énergétiques.",
    "Le ministère a précisé que cinq drones s'étaient dirigés vers la Biélorussie voisine.",
]
EN = "The air force said in a statement on Telegram that the attack caused no casualties."


@pytest.fixture
def server():
    with libre_server() as state:
        yield state


def options(server, **kw) -> TranslateOptions:
    return TranslateOptions(
        provider=ProviderConfig("libre", url=server.url), timeout=kw.pop("timeout", 5), **kw
    )


def article(library: Library, paragraphs: list[str], title: str = "Titre de l'article") -> int:
    report = import_text(library, "\n\n".join(paragraphs), title=title)
    return int(report.imported[0]["id"])


def translations(library: Library, article_id: int, lang: str = "en") -> dict[int, dict]:
    with library.session() as s:
        return {t["index"]: t for t in article_detail(s, article_id)["translations"].get(lang, [])}


def test_translates_paragraphs_and_skips_target_language(library: Library, server) -> None:
    article_id = article(library, [*FR, EN, "LIRE AUSSI : autre chose"])
    report = translate_articles(library, [article_id], options(server))
    assert report.exit_code == 0
    got = translations(library, article_id)
    for i, text in enumerate(FR):
        assert got[i]["text"] == fake_translation(text, "fr", "en")
        assert got[i]["provider"] == "libre" and got[i]["edited"] is False
    assert got[3] == {"index": 3, "text": EN, "provider": store.SAME, "edited": False}
    assert 4 not in got  # boilerplate is not translated
    assert len(server.requests) == 3
    assert all(r["source"] == "fr" and r["target"] == "en" for r in server.requests)
    assert report.counts() == {"translated": 3, "same-language": 1, "boilerplate": 1}


def test_cache_means_no_request_twice(db_url: str, server) -> None:
    library = Library(db_url)
    first = article(library, FR)
    translate_articles(library, [first], options(server))
    assert len(server.requests) == 3
    second = translate_articles(library, [first], options(server))
    assert second.requests == 0 and len(server.requests) == 3
    assert second.counts() == {"cached": 3}
    # Another article sharing a paragraph: only the new text goes out.
    other = article(
        library, [FR[0], "Un paragraphe entièrement nouveau sur la ligne de front."], "Autre"
    )
    translate_articles(library, [other], options(server))
    assert len(server.requests) == 4
    library.close()
    # A new run (new process state, same library): nothing goes out.
    reopened = Library(db_url)
    again = translate_articles(reopened, [first, other], options(server))
    assert again.requests == 0 and len(server.requests) == 4
    reopened.close()


def test_long_paragraph_split_at_sentences_and_joined(library: Library, server) -> None:
    long_text = " ".join(
        f"La frappe numéro {n} a visé des installations électriques dans une ville du pays."
        for n in range(80)
    )  # ~6,800 characters, over the 4,900 limit
    article_id = article(library, [long_text])
    translate_articles(library, [article_id], options(server))
    # Pieces go out in parallel: put them back in text order.
    sent = sorted((r["q"] for r in server.requests), key=long_text.index)
    assert len(sent) == 2 and all(len(q) <= 4900 for q in sent)
    assert all(q.endswith(".") for q in sent)  # cut between sentences
    assert " ".join(sent) == long_text
    assert translations(library, article_id)[0]["text"] == " ".join(
        fake_translation(q, "fr", "en") for q in sent
    )


def test_chunk_split_keeps_all_text() -> None:
    text = "Une phrase courte. " * 50 + "x" * 700
    pieces = chunks.split(text.strip(), 300, "fr")
    assert all(len(p) <= 300 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_faults_keep_everything_else_and_retry_finishes(library: Library, server) -> None:
    paragraphs = [
        "Premier paragraphe sans histoire sur la défense aérienne.",
        "Paragraphe RATE limité par le service de traduction.",
        "Paragraphe BOOM qui provoque une erreur du serveur.",
        "Paragraphe SLOW qui ne reçoit jamais de réponse du serveur.",
        "Paragraphe JUNK qui reçoit une réponse illisible du serveur.",
        "Paragraphe EMPTY qui reçoit une réponse vide du serveur.",
        "Dernier paragraphe sans histoire sur les drones abattus.",
    ]
    server.faults = {
        "RATE": "429",
        "BOOM": "500",
        "SLOW": "hang",
        "JUNK": "garbage",
        "EMPTY": "empty",
    }
    article_id = article(library, paragraphs)
    report = translate_articles(library, [article_id], options(server, timeout=1.0))
    kinds = {o.index: o.kind for o in report.failed}
    assert kinds == {1: "rate-limit", 2: "server", 3: "timeout", 4: "garbage", 5: "garbage"}
    assert all(o.error for o in report.failed)
    assert set(translations(library, article_id)) == {0, 6}
    # Retry once the service is healthy: only the failed paragraphs go out.
    server.faults = {}
    before = len(server.requests)
    retry = translate_articles(library, [article_id], options(server))
    assert retry.exit_code == 0 and retry.requests == 5 and len(server.requests) == before + 5
    assert set(translations(library, article_id)) == set(range(7))


def test_unreachable_service_is_a_clear_failure(library: Library) -> None:
    article_id = article(library, FR[:1])
    cfg = TranslateOptions(provider=ProviderConfig("libre", url="http://127.0.0.1:9/"), timeout=5)
    report = translate_articles(library, [article_id], cfg)
    assert [o.kind for o in report.failed] == ["network"]


def test_cancel_keeps_what_is_done(library: Library, server) -> None:
    server.delay = 0.3
    paragraphs = [
        f"Paragraphe numéro {n} sur les attaques de drones de la nuit." for n in range(12)
    ]
    article_id = article(library, paragraphs)
    stop = threading.Event()
    done: list[int] = []

    def progress(n: int, total: int) -> None:
        done.append(n)
        if n >= 2:
            stop.set()

    report = translate_articles(
        library, [article_id], options(server, workers=2), progress, stop.is_set
    )
    assert report.cancelled
    counts = report.counts()
    assert counts.get("translated", 0) >= 2 and counts.get("cancelled", 0) >= 4
    assert len(translations(library, article_id)) == counts["translated"]
    assert len(server.requests) < 12


def test_edited_translation_kept_unless_forced(library: Library, server) -> None:
    article_id = article(library, FR[:2])
    translate_articles(library, [article_id], options(server))
    with library.session() as s:
        store.set_by_hand(s, article_id, 0, "en", "My own better translation.")
    report = translate_articles(library, [article_id], options(server))
    assert report.counts() == {"kept-edited": 1, "cached": 1}
    got = translations(library, article_id)
    assert got[0] == {
        "index": 0,
        "text": "My own better translation.",
        "provider": store.MANUAL,
        "edited": True,
    }
    translate_articles(library, [article_id], options(server, force=True))
    assert translations(library, article_id)[0]["edited"] is False


def test_cli_translate(tmp_path, server) -> None:
    db = str(tmp_path / "lib.sqlite")
    library = Library(f"sqlite:///{db}")
    good = article(library, FR)
    library.close()

    def gloss(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "core.cli", "--db", db, *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = gloss("translate", str(good), "--provider", "libre", "--url", server.url, "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["counts"] == {"translated": 3}
    shown = json.loads(gloss("show", str(good), "--json").stdout)
    assert [t["index"] for t in shown["translations"]["en"]] == [0, 1, 2]
    server.faults = {"drones": "500"}
    failed = gloss(
        "translate", "--all", "--provider", "libre", "--url", server.url, "--target", "de"
    )
    assert failed.returncode == 1
    assert "paragraph 0" in failed.stderr and "failed" in failed.stderr
    assert gloss("translate", "--provider", "libre").returncode == 2  # no ids
    # a language's name is its code (it was a layer of its own, "english"); no language, refused
    named = gloss("translate", str(good), "--provider", "libre", "--url", server.url,
                  "--target", "English", "--json")  # fmt: skip
    assert named.returncode == 0, named.stderr
    assert json.loads(named.stdout)["counts"] == {"cached": 3}
    layers = json.loads(gloss("show", str(good), "--json").stdout)["translations"]
    assert "en" in layers and "english" not in layers
    refused = gloss("translate", str(good), "--provider", "libre", "--url", server.url,
                    "--target", "klingon")  # fmt: skip
    assert refused.returncode == 2 and "not a language: 'klingon'" in refused.stderr
    assert gloss("translate", "1", "--provider", "deepl").returncode == 2  # no API key


def test_api_keys_live_in_the_keyring() -> None:
    import keyring
    from keyring.backend import KeyringBackend

    from core.secrets import get_api_key, set_api_key

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        assert get_api_key("deepl") == ""
        set_api_key("deepl", "secret:fx")
        assert backend.store == {("gloss", "deepl"): "secret:fx"}
        assert get_api_key("deepl") == "secret:fx"
        set_api_key("deepl", "")
        assert get_api_key("deepl") == ""
    finally:
        keyring.set_keyring(previous)
