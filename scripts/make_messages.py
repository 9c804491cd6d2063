"""Refresh every zh-hans catalogue from the source and compile it.

Each app with a `locale/` folder keeps its own catalogue; everything else under src/zhongshu
(project templates, core, api, settings) goes into src/zhongshu/locale.
`--root DIR` works on a copy of the tree (used by check_translations.py).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DJANGO_ADMIN = [sys.executable, "-m", "django"]


def app_dirs_with_catalogue(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.glob("*/locale") if p.parent != root)


def run(args: list[str], cwd: Path, src: Path) -> None:
    # PYTHONSAFEPATH: an app folder as working directory must not shadow packages (org/rules.py).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhongshu.settings",
        "PYTHONPATH": str(src),
        "PYTHONSAFEPATH": "1",
    }
    subprocess.run([*DJANGO_ADMIN, *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def refresh(root: Path, *, compile_catalogues: bool = True) -> None:
    src = root.parent
    common = ["makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"]
    apps = app_dirs_with_catalogue(root)
    for app in apps:
        run([*common, "--ignore", "tests"], app, src)
    ignores = [arg for app in apps for arg in ("--ignore", f"{app.name}/*")]
    run([*common, *ignores, "--ignore", "static/*", "--ignore", "tests"], root, src)
    if compile_catalogues:
        for folder in [*apps, root]:
            run(["compilemessages", "-l", "zh_Hans"], folder, src)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=PROJECT / "src" / "zhongshu")
    parser.add_argument("--no-compile", action="store_true")
    options = parser.parse_args()
    refresh(options.root, compile_catalogues=not options.no_compile)
