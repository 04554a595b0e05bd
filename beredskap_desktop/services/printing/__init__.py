"""Printed documents: per document a ``build_<doc>(store, ...)`` that reads the database into a
frozen model and a ``render_<doc>(model) -> bytes`` that lays it out as PDF (DESIGN.md §6)."""
