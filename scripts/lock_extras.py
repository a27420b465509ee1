"""Pin the extras that packages ask of each other in the lock files, so an old pip installs them too.

pip before 24 reads a dependency's `fonttools[woff]>=4.59` as a requirement of its own: when the lock says only
`fonttools==4.68.0`, that pip resolves `fonttools[woff]` to the newest release on the registry and then refuses
it under --require-hashes. A lock line that carries the extra (`fonttools[woff]==4.68.0`) is one requirement for
every pip. Which extras are asked for is read from the metadata of the installed packages (Requires-Dist), so
this runs in an environment where the lock is installed:

    python scripts/lock_extras.py --fix requirements/lock/*.txt    rewrite the lock lines (scripts/lock-requirements.sh)
    python scripts/lock_extras.py requirements/lock/*.txt          list the lines that break the rule, exit 1 if any

portal/tests/test_requirements_lock.py uses `problems()` on the project's .venv.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)(?:\[(?P<extras>[^\]]*)\])?==(?P<version>[^\s;\\]+)")
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements"


def locked(lock: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """{package: (version, extras on its lock line)}."""
    pins = {}
    for line in lock.read_text().splitlines():
        if match := PIN.match(line):
            extras = frozenset(canonicalize_name(e) for e in (match["extras"] or "").split(",") if e.strip())
            pins[canonicalize_name(match["name"])] = (match["version"], extras)
    return pins


def _top_level(source: Path) -> list[tuple[Requirement, str]]:
    """The requirements of requirements/*.txt (following -r), each with the file that states it."""
    found = []
    for line in source.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += _top_level(source.parent / line[3:].strip())
        elif line:
            found.append((Requirement(line), f"requirements/{source.name}"))
    return found


def asked_extras(lock: Path, source: Path) -> dict[str, dict[str, set[str]]]:
    """{package: {extra: {who asks for it}}} over the installed dependency tree of `source` (requirements/*.txt).

    Extras are followed transitively: `celery[redis]` asks `kombu[redis]`, whose own requirements then count.
    """
    pins = locked(lock)
    asked: dict[str, dict[str, set[str]]] = {}
    pending: list[tuple[str, frozenset[str]]] = []

    def ask(package: str, extras: set[str], who: str) -> None:
        for extra in extras:
            asked.setdefault(package, {}).setdefault(extra, set()).add(who)
        pending.append((package, frozenset(extras) | {""}))

    for requirement, stated_in in _top_level(source):
        ask(canonicalize_name(requirement.name), set(requirement.extras), stated_in)
    seen: set[tuple[str, str]] = set()
    while pending:
        package, extras = pending.pop()
        todo = [e for e in extras if (package, e) not in seen]
        if not todo or package not in pins:
            continue
        seen.update((package, e) for e in todo)
        try:
            requires = metadata.requires(package) or []
        except metadata.PackageNotFoundError:
            continue  # not for this platform (an environment marker left it out)
        who = f"{package}=={pins[package][0]}"
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in todo):
                continue
            ask(canonicalize_name(requirement.name), {canonicalize_name(e) for e in requirement.extras}, who)
    return {package: extras for package, extras in asked.items() if extras}


def problems(lock: Path, source: Path) -> list[str]:
    """One sentence per lock line whose extras differ from what the dependency tree asks of it."""
    pins = locked(lock)
    found = []
    for package, extras in sorted(asked_extras(lock, source).items()):
        if package not in pins:
            continue  # test_requirements_lock says which requirement is missing from the lock
        version, pinned = pins[package]
        if pinned != set(extras):
            askers = "; ".join(f"{', '.join(sorted(who))} asks for {package}[{extra}]"
                               for extra, who in sorted(extras.items()))
            found.append(f"{lock.parent.name}/{lock.name}: {package}=={version} must be pinned as "
                         f"{package}[{','.join(sorted(extras))}]=={version} ({askers})")
    return found


def fix(lock: Path, source: Path) -> int:
    """Rewrite the lock lines to carry the asked-for extras; returns the number of lines changed."""
    wanted = {package: ",".join(sorted(extras)) for package, extras in asked_extras(lock, source).items()}
    changed = 0
    lines = lock.read_text().splitlines(keepends=True)
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        package = canonicalize_name(match["name"])
        extras = f"[{wanted[package]}]" if package in wanted else ""
        new = f"{match['name']}{extras}=={match['version']}{line[match.end():]}"
        if new != line:
            lines[number], changed = new, changed + 1
    lock.write_text("".join(lines))
    return changed


def main(argv: list[str]) -> int:
    do_fix = "--fix" in argv
    locks = [Path(a) for a in argv if a != "--fix"]
    failed = False
    for lock in locks:
        source = REQUIREMENTS / lock.name
        if do_fix:
            print(f"{lock}: {fix(lock, source)} lines now carry the extras asked of them")
        for problem in problems(lock, source):
            print(problem)
            failed = True
    return int(failed)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
