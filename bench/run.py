"""`make bench`: build the large dataset once (cached in bench/.cache), measure, write results.

Every figure stands beside baselines measured in the same run: the bare SQL for the same rows
and a minimal Django view doing the same query, so the ratio tells how close to the limit we are.
"""

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"
DATASET_VERSION = "1"


def prepare_environment() -> None:
    CACHE.mkdir(exist_ok=True)
    os.environ.setdefault("DATA_DIR", str(CACHE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ["AXES_ENABLED"] = "false"
    os.environ["HUEY_IMMEDIATE"] = "true"
    sys.path.insert(0, str(PROJECT / "src"))
    sys.path.insert(0, str(PROJECT))


def build_dataset_once() -> None:
    marker = Path(os.environ["DATA_DIR"]) / f"dataset-v{DATASET_VERSION}.done"
    if marker.exists() and not os.environ.get("DATABASE_URL"):
        print(f"dataset: cached in {marker.parent}")
        return
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True)
    started = time.perf_counter()
    subprocess.run([*manage, "demo", "--scale", "large", "--password", "bench-pass-1"], check=True)
    print(f"dataset: built in {time.perf_counter() - started:.1f} s")
    marker.touch()


def main() -> int:
    prepare_environment()
    build_dataset_once()
    import django

    django.setup()
    from bench import benchmarks

    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "database": django.db.connection.vendor,
        "benchmarks": [case() for case in benchmarks.all_cases()],
    }
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    for row in results["benchmarks"]:
        print(benchmarks.describe(row))
    print(f"written: {BENCH_DIR / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
