"""Fail when a user-facing string lacks a zh-hans translation or a compiled catalogue is stale.

Extracts the messages again on a copy of the tree, so a string added to the code but not to a
catalogue is caught, then asks msgfmt to count untranslated and fuzzy entries.
"""

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_messages import PROJECT, refresh

SOURCE = PROJECT / "src" / "zhongshu"


def statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    return (result.stderr + result.stdout).strip()


def read_catalogue(po: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr of one .po file, using msgfmt's own parser via msgcat."""
    result = subprocess.run(
        ["msgcat", "--no-wrap", "--to-code=UTF-8", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    entries, context, msgid, field = {}, "", None, None
    for line in [*result.stdout.splitlines(), ""]:
        if line.startswith("msgctxt "):
            context, field = line[9:-1], "ctx"
        elif line.startswith("msgid "):
            msgid, field = line[7:-1], "id"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            text = line.split(" ", 1)[1][1:-1]
            if msgid:
                entries[(context, msgid)] = text
            context, msgid, field = "", None, None
        elif line.startswith('"') and field == "id":
            msgid += line[1:-1]
    return entries


def inconsistent_translations(catalogues: list[Path]) -> list[str]:
    """The same English text (without a context) must read the same in every app.

    Django merges all app catalogues into one, so two different translations of one msgid
    mean one app silently shows the other's wording; give such strings a context instead.
    """
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for po in catalogues:
        app = po.parts[-5]
        for key, text in read_catalogue(po).items():
            if text:
                seen.setdefault(key, {})[app] = text
    return [
        f"{msgid!r} translated differently: {variants}"
        for (context, msgid), variants in sorted(seen.items())
        if not context and len(set(variants.values())) > 1
    ]


def main() -> int:
    problems = inconsistent_translations(sorted(SOURCE.rglob("zh_Hans/LC_MESSAGES/django.po")))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src" / "zhongshu"
        shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        refresh(copy, compile_catalogues=False)
        for po in sorted(copy.rglob("zh_Hans/LC_MESSAGES/django.po")):
            stats = statistics(po)
            if "untranslated" in stats or "fuzzy" in stats or "error" in stats.lower():
                problems.append(f"{po.relative_to(copy)}: {stats}")
        for po in sorted(SOURCE.rglob("zh_Hans/LC_MESSAGES/django.po")):
            mo = po.with_suffix(".mo")
            fresh = Path(tmp) / "fresh.mo"
            subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
            if not mo.exists() or not filecmp.cmp(mo, fresh, shallow=False):
                problems.append(f"{mo.relative_to(SOURCE)}: stale or missing (run make messages)")
    for problem in problems:
        print(problem)
    print("translations: OK" if not problems else f"translations: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
