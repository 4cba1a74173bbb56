"""The locks (requirements/*.txt, made by `make lock`) agree with pyproject.toml: every
dependency pyproject.toml names for a lock is in it at a version its range admits, pinned
exactly with hashes, and a package has one version in every lock. A dependency added to
pyproject.toml, or a range narrowed past the locked version, fails here until `make lock`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# each lock, and the extras of pyproject.toml it is made from (see the Makefile's lock target)
LOCKS = {"site.txt": [], "test.txt": ["test", "dask"], "bench.txt": ["test", "dask", "bench"]}


def locked(name: str) -> dict[str, list[Requirement]]:
    """The entries of a lock by package name: `name==version ; marker`, each with its hashes."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries: dict[str, list[Requirement]] = {}
    for block in re.split(r"\n(?=\S)", text):
        if block.startswith("#") or not block.strip():
            continue
        head = block.split("\\", 1)[0].strip()
        requirement = Requirement(head)
        assert len(requirement.specifier) == 1 and next(iter(requirement.specifier)).operator == "==", head
        assert "--hash=sha256:" in block, f"{name}: {head} has no hash"
        entries.setdefault(canonicalize_name(requirement.name), []).append(requirement)
    return entries


def brought(lock: str) -> set[str]:
    """The packages the locked ones were brought in by (uv's `# via NAME` lines)."""
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    names = re.findall(r"^\s+#\s+(?:via\s+)?(?!via\s*$)([A-Za-z0-9][\w.-]*)\s*$", text, re.M)
    return {canonicalize_name(name) for name in names}


def wanted(extras: list[str]) -> list[Requirement]:
    """What pyproject.toml asks of a lock: the dependencies, the extras and what builds the project."""
    names = [*PROJECT["project"]["dependencies"], *PROJECT["build-system"]["requires"]]
    for extra in extras:
        names += PROJECT["project"]["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_dependency_is_locked_at_a_version_its_range_admits(lock: str) -> None:
    entries = locked(lock)
    for requirement in wanted(LOCKS[lock]):
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement} is in pyproject.toml but not in requirements/{lock}: make lock"
        for entry in entries[name]:
            version = next(iter(entry.specifier)).version
            assert requirement.specifier.contains(version, prereleases=True), \
                f"requirements/{lock} has {entry}, outside pyproject.toml's {requirement}: make lock"
        if requirement.extras:  # pagefind[extended]: what the extra brings is locked too
            assert name in brought(lock), f"requirements/{lock} has nothing for {requirement}'s extras"


def test_the_smaller_locks_are_parts_of_the_largest() -> None:
    bench = locked("bench.txt")
    for lock in ("site.txt", "test.txt"):
        for name, entries in locked(lock).items():
            assert [str(e) for e in entries] == [str(e) for e in bench[name]], name


def test_uv_itself_is_pinned_by_hash() -> None:
    assert list(locked("uv.txt")) == ["uv"]
