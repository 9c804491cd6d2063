"""Collects the benchmark cases of every `bench/cases_*.py` module and prints their results.

A case is a function returning a dict: `name`, any number of timing dicts (from
`measure.timed`, keys ending in the measured thing, baselines starting with `baseline_`) and
plain figures (row counts, query counts).
"""

import importlib
from pathlib import Path


def all_cases():
    cases = []
    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        cases.extend(module.CASES)
    return cases


def describe(row: dict) -> str:
    timings = {k: v for k, v in row.items() if isinstance(v, dict) and "p95_ms" in v}
    figures = {k: v for k, v in row.items() if k != "name" and k not in timings}
    parts = [f"{key} p50 {t['p50_ms']} ms p95 {t['p95_ms']} ms" for key, t in timings.items()]
    measured = [k for k in timings if not k.startswith("baseline_")]
    baselines = [k for k in timings if k.startswith("baseline_")]
    if measured and baselines:
        main, base = timings[measured[0]]["p95_ms"], timings[baselines[-1]]["p95_ms"]
        parts.append(f"ratio {measured[0]}/{baselines[-1]} p95 {main / max(base, 0.01):.1f}x")
    parts += [f"{key} {value}" for key, value in figures.items()]
    return f"{row['name']}: " + " | ".join(parts)
