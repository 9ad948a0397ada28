"""Benchmark: the whole defect catalogue (target <= 5 s) and all built-in scenarios (target <= 10 s).

Run: .venv/bin/python benchmarks/bench_sets.py   (in-process, files built but not written)
"""
from __future__ import annotations

from _timing import best_of
from jwgen.sets import all_defects_set
from jwgen.scenario import builtin_names, load, scenario_set


def main() -> None:
    for profile in ("gemeente", "vecozo"):
        seconds, files = best_of(3, lambda: all_defects_set(seed=1, profile=profile))
        print(f"all defects ({profile}): {seconds:.2f} s for {len(files)} files  (target <= 5 s)")
    total = 0.0
    for name in builtin_names():
        scenario, file = load(name)
        seconds, _ = best_of(1, lambda: scenario_set(scenario, file=file))
        total += seconds
        print(f"  scenario {name}: {seconds:.2f} s")
    print(f"all scenarios: {total:.2f} s  (target <= 10 s)")


if __name__ == "__main__":
    main()
