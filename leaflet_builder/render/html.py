"""HTML pages made from the project's data.

``fill`` is the one way a value reaches an HTML page: a translation's label, a title, a practice's name, a
path or a number read back from the build state, each escaped for text and attribute values alike, so
that markup in any file shows as the characters it is and never runs.
"""
from __future__ import annotations

from html import escape


def fill(template: str, **values) -> str:
    """``template`` with each ``{name}`` replaced by its value, escaped; the template itself is trusted HTML."""
    return template.format_map({name: escape(str(value), quote=True) for name, value in values.items()})
