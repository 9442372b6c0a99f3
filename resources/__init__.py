"""Data shipped with Gloss: schemas, boilerplate patterns, demo articles, icons."""

from importlib.resources import files
from pathlib import Path


def path(*parts: str) -> Path:
    return Path(str(files(__name__).joinpath(*parts)))
