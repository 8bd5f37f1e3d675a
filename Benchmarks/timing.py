"""Timing shared by the benchmark scripts."""
import time


def best(function, repeat):
    """The shortest of `repeat` runs of `function` in seconds, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result
