"""Synthetic news-like articles for the benchmarks (word salad with the right languages)."""

from __future__ import annotations

import random

FR = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "de",
    "du",
    "et",
    "à",
    "dans",
    "sur",
    "pour",
    "avec",
    "par",
    "selon",
    "a",
    "ont",
    "été",
    "est",
    "sont",
    "armée",
    "défense",
    "aérienne",
    "drones",
    "missiles",
    "ministère",
    "ukrainien",
    "russe",
    "région",
    "ville",
    "nuit",
    "mardi",
    "lundi",
    "attaque",
    "frappe",
    "infrastructures",
    "civiles",
    "autorités",
    "déclaré",
    "abattu",
    "lancé",
    "président",
    "gouvernement",
    "forces",
    "troupes",
    "front",
    "village",
    "territoire",
    "bilan",
    "blessés",
    "morts",
    "selon",
    "communiqué",
    "Telegram",
    "samedi",
    "dimanche",
    "capitale",
    "énergie",
    "réseau",
    "électrique",
]
EN = [
    "the",
    "a",
    "an",
    "of",
    "and",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "according",
    "has",
    "have",
    "been",
    "is",
    "are",
    "said",
    "was",
    "army",
    "air",
    "defence",
    "drones",
    "missiles",
    "ministry",
    "ukrainian",
    "russian",
    "region",
    "city",
    "night",
    "tuesday",
    "monday",
    "attack",
    "strike",
    "civilian",
    "infrastructure",
    "officials",
    "shot",
    "down",
    "launched",
    "president",
    "government",
    "forces",
    "troops",
    "front",
    "village",
    "territory",
    "toll",
    "injured",
    "killed",
    "statement",
    "Telegram",
    "saturday",
    "sunday",
    "capital",
    "energy",
    "power",
    "grid",
    "overnight",
]


def sentence(rng: random.Random, words: list[str]) -> str:
    n = rng.randint(12, 24)
    chosen = [rng.choice(words) for _ in range(n)]
    chosen.insert(rng.randrange(n), str(rng.randint(2, 500)))
    return " ".join(chosen).capitalize() + "."


def article(rng: random.Random, size: int = 5000, mixed: bool = False) -> str:
    lang = FR if rng.random() < 0.5 else EN
    title = sentence(rng, lang)[:80].rstrip(".")
    paragraphs = [title]
    length = len(title)
    while length < size:
        if mixed and length > size // 2:
            lang = EN if lang is FR else FR
            mixed = False
        para = " ".join(sentence(rng, lang) for _ in range(rng.randint(2, 4)))
        paragraphs.append(para)
        length += len(para) + 2
    return "\n\n".join(paragraphs) + "\n"
