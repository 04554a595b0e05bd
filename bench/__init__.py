"""The benchmark suite (DESIGN.md §8): ``python -m bench`` from the repository root.

Every figure is the median of several runs, next to the same work done by the bare
underlying tool in the same run, so results read as ratios. Results and how to read
them: ``docs/BENCHMARKS.md``.
"""
