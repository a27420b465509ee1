"""The hash-locked requirement files agree with the ranges they were made from (scripts/lock-requirements.sh).

bin/setup installs only from requirements/lock/*.txt with --require-hashes; a package added to requirements/*.txt
without re-locking would silently be missing from every install, so this fails first and says what to run.
"""

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REQUIREMENTS = Path(__file__).resolve().parent.parent.parent / "requirements"
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)")


def _ranges(name: str) -> list[Requirement]:
    found = []
    for line in (REQUIREMENTS / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += _ranges(line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


def _locked(name: str) -> dict[str, tuple[str, int]]:
    """{package: (version, number of hashes)} of a lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (REQUIREMENTS / "lock" / name).read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1].split("[")[0])
            pins[current] = (match[2], 0)
        elif current and "--hash=sha256:" in line:
            pins[current] = (pins[current][0], pins[current][1] + 1)
    return pins


@pytest.mark.parametrize("name", ["base.txt", "test.txt"])
def test_every_requirement_is_pinned_in_the_lock_within_its_range_and_with_hashes(name):
    pins = _locked(name)
    problems = []
    for requirement in _ranges(name):
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            problems.append(f"{requirement.name} is not in requirements/lock/{name}")
        elif not requirement.specifier.contains(pinned[0], prereleases=True):
            problems.append(f"{requirement.name}=={pinned[0]} is outside {requirement.specifier}")
    unhashed = [package for package, (_version, hashes) in pins.items() if hashes == 0]
    assert not problems and not unhashed, (
        f"run scripts/lock-requirements.sh and commit requirements/lock/: {problems} {unhashed}")


def test_the_test_lock_keeps_the_runtime_pins():
    """Tests run on exactly the versions production installs."""
    runtime, test = _locked("base.txt"), _locked("test.txt")
    differ = {p: (v, test.get(p, ("missing",))[0]) for p, (v, _h) in runtime.items() if test.get(p, (None,))[0] != v}
    assert not differ, f"run scripts/lock-requirements.sh: {differ}"


def _lock_extras():
    """scripts/lock_extras.py (a script, not a package of the portal)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lock_extras", REQUIREMENTS.parent / "scripts" / "lock_extras.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["base.txt", "test.txt"])
def test_extras_that_packages_ask_of_each_other_are_pinned_as_such(name):
    """pip 23 (the pip of a new Python 3.11 venv) treats weasyprint's `fonttools[woff]` as a requirement of its own
    and takes the registry's newest fonttools unless the lock line itself says `fonttools[woff]==...`."""
    problems = _lock_extras().problems(REQUIREMENTS / "lock" / name, REQUIREMENTS / name)
    assert not problems, "run scripts/lock-requirements.sh:\n" + "\n".join(problems)


def test_a_lock_line_without_the_asked_extra_is_named(tmp_path):
    lock = tmp_path / "base.txt"
    lock.write_text((REQUIREMENTS / "lock" / "base.txt").read_text().replace("fonttools[woff]==", "fonttools=="))
    problems = _lock_extras().problems(lock, REQUIREMENTS / "base.txt")
    assert len(problems) == 1
    assert "fonttools[woff]==" in problems[0] and "weasyprint==" in problems[0]


def test_pip_itself_is_pinned_with_hashes():
    """bin/setup installs this pip first, with the venv's own pip, before any other lock."""
    pins = _locked("pip.txt")
    assert list(pins) == ["pip"] and pins["pip"][1] >= 1
