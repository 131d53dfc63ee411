"""What can be built, for ``--list``.

Takes the project folder; gives back the lines to print: each treatment id (the names --only takes) with
its English name, each language with its name, how many of the treatments it has a text for and its
review status, and the icons a layout may name (the SVG files in layouts/icons/).
Files are read without validation, so the list shows even while content is being edited.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..inputs.icons import icon_names
from ..inputs.languages import available_languages, listed_treatments
from ..inputs.reviews import review_status
from ..inputs.yamlfile import unchecked_field as _field


def lines(root: Path) -> list[str]:
    treatments = listed_treatments(root)
    width = max(map(len, treatments), default=0)
    out = ["Treatments (for --only):"]
    out += [f"  {t:<{width}}  {_field(root / 'leaflets/en' / f'{t}.yaml', 'name', '')}" for t in treatments]
    out.append("Languages (for --lang):")
    for lang in available_languages(root):
        have = sum((root / "leaflets" / lang / f"{t}.yaml").is_file() for t in treatments)
        out.append(f"  {lang}  {_field(root / 'i18n' / f'{lang}.yaml', 'language')}: "
                   f"{have} of {len(treatments)} treatments translated; {_review(root, lang)}")
    out += ["Icons (for a layout's icon:, in layouts/icons/):", f"  {', '.join(icon_names(root))}"]
    return out


def _review(root: Path, lang: str) -> str:
    try:
        status = review_status(root, lang)
    except ContentError as err:
        return f"review status unknown: {err.problems[0]}"
    latest = status.latest
    return status.state + (f" (latest: {latest.reviewer}, {latest.qualification}, {latest.date})" if latest else "")
