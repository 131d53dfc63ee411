"""ReportLab's TrueType font with ToUnicode maps of our making (fonts.unicode_map).

ReportLab writes each subset's ToUnicode map itself, from the characters the subset's codes were asked
for, with unused codes as U+0000; it has no way to give a ligature's code its letters. Its subsets'
maps are made in ``TTFont.addObjects`` as streams registered under "toUnicodeCMap:<subset font name>";
this subclass writes them again there. (ReportLab internals: ``TTFont.state``, ``State.subsets``,
``PDFDocument.idToObject``; to move behind the one door to ReportLab's internals.)
"""
from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont


class ReadableTTFont(TTFont):
    def __init__(self, name: str, path: str, unicode_map, glyph_text):
        super().__init__(name, path)
        self._unicode_map, self._glyph_text = unicode_map, glyph_text

    def addObjects(self, doc):
        subsets = [list(subset) for subset in self.state[doc].subsets] if doc in self.state else []
        super().addObjects(doc)
        face = self.face.name.decode("latin-1") if isinstance(self.face.name, bytes) else self.face.name
        texts = self._glyph_text(self)
        for key, stream in doc.idToObject.items():
            if not (isinstance(key, str) and key.startswith("toUnicodeCMap:")):
                continue
            prefix, _, rest = key[len("toUnicodeCMap:"):].partition("+")
            if rest == face and len(prefix) == 6:
                stream.content = self._unicode_map(key[len("toUnicodeCMap:"):], subsets[_subset_number(prefix)],
                                                   texts)


def _subset_number(prefix: str) -> int:
    """The subset's number from its name's prefix (ReportLab's SUBSETN: digits written as A-K)."""
    return int(prefix.translate(str.maketrans("ABCDEFGIJK", "0123456789")))
