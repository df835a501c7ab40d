"""Shared test set-up: isolated cache and model store, repo paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session", autouse=True)
def _isolated_dirs(tmp_path_factory):
    """Tokens and fitted models are cached per test session; the label store is
    empty so tests never read or write a user's data."""
    cache = tmp_path_factory.mktemp("cutri-cache")
    store = tmp_path_factory.mktemp("cutri-store")
    old = {k: os.environ.get(k) for k in ("CUTRI_CACHE_DIR", "CUTRI_STORE_DIR", "CI")}
    os.environ["CUTRI_CACHE_DIR"] = str(cache)
    os.environ["CUTRI_STORE_DIR"] = str(store)
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module", autouse=True)
def _module_store(tmp_path_factory):
    """Every run records its round in the register beside the model store: each test
    module gets a store (and so a register) of its own, so that no module sees another's
    rounds as earlier rounds and the results never depend on the order modules run in."""
    old = os.environ.get("CUTRI_STORE_DIR")
    os.environ["CUTRI_STORE_DIR"] = str(tmp_path_factory.mktemp("cutri-store"))
    yield
    if old is None:
        os.environ.pop("CUTRI_STORE_DIR", None)
    else:
        os.environ["CUTRI_STORE_DIR"] = old


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    """An empty label store of its own, for tests that add labels."""
    store = tmp_path / "store"
    monkeypatch.setenv("CUTRI_STORE_DIR", str(store))
    return store


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
