"""The API reference lists every public function, driven by each module's ``__all__``."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

MODULES = [
    "network",
    "gradcheck",
    "reverse_mode",
    "experiments",
    "data",
    "mirror",
    "family",
    "digits",
    "cli",
]


def public_definitions(module: object) -> set[str]:
    """Functions and classes defined in the module whose names do not start with ``_``."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module.__name__
    }


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_of_a_module_is_in_its_all(name: str) -> None:
    module = importlib.import_module(f"backprop.{name}")
    assert public_definitions(module) <= set(module.__all__)


def test_the_api_page_documents_every_module_of_the_package() -> None:
    package = Path(importlib.import_module("backprop").__file__).parent
    on_disk = {p.stem for p in package.glob("*.py") if not p.stem.startswith("_")}
    page = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text("utf-8")
    assert {m for m in re.findall(r"^::: backprop\.(\w+)$", page, re.M)} == on_disk
    assert set(MODULES) == on_disk


@pytest.mark.parametrize("name", MODULES)
def test_the_built_api_page_has_an_entry_for_every_name_in_all(built_site: Path, name) -> None:
    page = (built_site / "api" / "index.html").read_text("utf-8")
    module = importlib.import_module(f"backprop.{name}")
    missing = [n for n in module.__all__ if f'id="backprop.{name}.{n}"' not in page]
    assert missing == []
