"""Selection of the national showcase sites: scoring.py (settings, candidates, scores), solver.py
(the exact solve with its pruning), explain.py (reasons and infeasibility in words), actions.py
(settings, runs, adoption), tasks.py (large runs in the background), the pages and the export."""

from .explain import REASONS

__all__ = ["REASONS"]
