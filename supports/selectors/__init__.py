"""Reads about follow-along supports (see follow_along.py), the phases and worklist rules they feed."""

from .follow_along import follow_along_list

__all__ = ["follow_along_list"]
