"""Every real-world file of the shared corpus (../shared/corpus, outside the repository, read
where it lies): imported, imported again, round-tripped through vCard, nothing garbled."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = (
    sorted(p for p in CORPUS.rglob("*") if p.suffix in (".csv", ".vcf")) if CORPUS.is_dir() else []
)


def _corpus_script():
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not FILES, reason="the shared corpus is not beside the repository")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_real_file_imports_whole_and_exactly(path: Path, tmp_path: Path):
    outcome = _corpus_script().try_file(path, tmp_path)
    assert not outcome.refused
    if path.parent.name != "othercsv":  # the folder names the importer a user would reach for
        assert outcome.kind == path.parent.name
    assert outcome.again == "nothing new"
    assert outcome.round_trip == "exact"
    assert outcome.garbled == []
    assert bool(outcome.replaced) == bool(outcome.reported)
