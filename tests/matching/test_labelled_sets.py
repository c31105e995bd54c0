"""The labelled sets of benchmarks/data/suggest/ are what their README says they are."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "suggest"


def build_module():
    sys.path.insert(0, str(DATA))
    try:
        spec = importlib.util.spec_from_file_location("suggest_build", DATA / "build.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(DATA))


@pytest.mark.parametrize(("name", "count", "seed"), [("main", 330, 13), ("heldout", 120, 29)])
def test_labelled_set_is_its_bank_rebuilt(name, count, seed):
    stored = json.loads((DATA / f"{name}.json").read_text("utf-8"))

    assert build_module().build(name, count, seed) == stored


def test_labelled_prose_set_is_its_source_rebuilt():
    sys.path.insert(0, str(DATA))
    try:
        spec = importlib.util.spec_from_file_location("suggest_prose", DATA / "prose.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        built = module.build()
    finally:
        sys.path.remove(str(DATA))

    assert built == json.loads((DATA / "prose.json").read_text("utf-8"))


@pytest.mark.parametrize(("name", "least"), [("main", 300), ("heldout", 100), ("prose", 40)])
def test_labelled_set_half_russian_half_english_with_symmetric_pairs(name, least):
    data = json.loads((DATA / f"{name}.json").read_text("utf-8"))
    profiles = data["profiles"]
    russian = sum(1 for item in profiles if item["lang"] == "ru")
    organisation = {item["ref"]: item["labels"]["organisation"] for item in profiles}

    assert len(profiles) >= least
    assert abs(russian - len(profiles) / 2) <= 1
    assert data["about"].startswith("Synthetic")
    for ref, partners in data["relevant"].items():
        for other in partners:
            assert ref in data["relevant"][other]
            assert organisation[other] != organisation[ref]
