"""Shared fixtures: the spaCy pipeline (loaded once per session) and a store
built from the seed articles (built once per session, read-only in tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds.gold.json"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Property tests draw fresh random inputs on every run, from one seed
    per run chosen here (unless --hypothesis-seed=N is given), so that a
    failure names the seed that replays it."""
    if config.getoption("hypothesis_seed", None) is None and hasattr(config.option, "hypothesis_seed"):
        import random

        config.option.hypothesis_seed = random.SystemRandom().randrange(2**32)


def pytest_report_header(config):
    return f"hypothesis seed: {config.getoption('hypothesis_seed', None)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.failed and getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        seed = item.config.getoption("hypothesis_seed", None)
        report.sections.append(("hypothesis seed", f"replay: python -m pytest '{item.nodeid}' --hypothesis-seed={seed}"))


@pytest.fixture(scope="session")
def gazetteer():
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def vocabulary():
    from kg.vocab import load_vocabulary

    return load_vocabulary()


@pytest.fixture(scope="session")
def nlp(gazetteer):
    from kg.nlp import load_pipeline

    return load_pipeline(gazetteer=gazetteer)


@pytest.fixture(scope="session")
def extractor(nlp, gazetteer, vocabulary):
    from kg.extract import Extractor

    return Extractor(nlp, gazetteer=gazetteer, vocabulary=vocabulary)


@pytest.fixture(scope="session")
def extract(nlp, extractor):
    """``extract(text, published="2024-01-15") -> ArticleRecord`` for one text."""
    from kg.types import Article

    def run(text: str, published: str | None = "2024-01-15", article_id: str = "t.txt"):
        article = Article(id=article_id, text=text, published=published)
        return extractor(nlp(text), article)

    return run


@pytest.fixture(scope="session")
def seeds_store_path(tmp_path_factory, nlp):
    """A store directory holding the five seed articles (built once)."""
    from kg.build import build
    from kg.store import LocalStore

    path = tmp_path_factory.mktemp("seeds") / "kg-store"
    st = LocalStore(path)
    build([SEEDS], store=st, nlp=nlp)
    st.close()
    del st
    return path


@pytest.fixture()
def seeds_store_copy(seeds_store_path, tmp_path):
    """A private, writable copy of the seeds store."""
    dst = tmp_path / "kg-store"
    shutil.copytree(seeds_store_path, dst, ignore=shutil.ignore_patterns("LOCK"))
    return dst
