"""Timing helpers: percentiles over repeated calls, and the number of queries one call makes."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def timed(fn, *, repeat: int = 40, warmup: int = 3) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "max_ms": round(samples[-1], 2),
        "runs": repeat,
    }


def query_count(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)
