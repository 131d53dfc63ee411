"""Tagged PDF from ReportLab: marked content, the logical structure tree and artifacts (PDF/UA-1).

Takes nothing to call: the first ``TaggedCanvas`` made teaches ReportLab's flowables to tag what they
draw on a ``TaggedCanvas`` (importing changes nothing in ReportLab); on any other canvas they draw
exactly as before. Gives back ``TaggedCanvas`` (use it as
the document's canvas), ``artifact(canvas)`` for page furniture drawn outside flowables,
``untagged(canvas)`` for a form's content (marked where the form is placed), ``tag()`` to give one
flowable a role, alternative text or language, ``data_table()`` to declare a table's header rows and
columns, ``item_table()`` for a table whose rows are items (a TOC of TOCI) and ``mirrored()`` for a
right-to-left table, read from its last cell. ReportLab's internals it reaches through
reportlab_internals.py; the test ``test_tagging_hooks_fit_this_reportlab`` fails loudly when an upgrade
moves them.

How a flowable is tagged is decided by its type when it is drawn, so a new part is tagged without
being listed here: a Paragraph is a P, or a heading when its style has ``tag_role`` "H" (one level below
the last H1..H6 drawn, e.g. a band's title); a ListFlowable an L of LI with Lbl and LBody; a Table
with ``data_table()`` a Table of TR, TH (with Scope) and TD, any other Table only groups its cells, its
backgrounds and rules become artifacts; a Drawing or Image a Figure, with ``tag(alt=...)`` its Alt;
KeepTogether, indenters, spacers and other containers add no element; any other flowable is a P.
A flowable that draws tagged flowables inside its own marked content fails the build with a
TaggingError naming its class; paint that no rule reaches is found by the tests' checker.

The structure tree is built in drawing order, which on our pages is the reading order: a page's band,
then its frames' flowables in story order, a table's cells row by row. The pieces of a split paragraph,
list or table stay one element. Link annotations get a Link element with an OBJR, /Contents and a
StructParent; pages with annotations tab in structure order (/Tabs /S). A form placed while a
paragraph draws its text is drawn after that text, where it was placed; each line of a paragraph ends
with a space, so that extracted text keeps the words of two lines apart. At save the tree, its
ParentTree and /MarkInfo are written into the catalog, and the PDF/UA properties into the XMP packet
(xmp.py); /Lang and /DisplayDocTitle come from the document's settings.
"""
from __future__ import annotations

from .canvas import TaggedCanvas
from .elements import TaggingError, artifact, data_table, item_table, mirrored, piece, tag, untagged
from .writer import describe_pdfua

__all__ = ["TaggedCanvas", "TaggingError", "artifact", "data_table", "describe_pdfua", "item_table", "mirrored",
           "piece", "tag", "untagged"]
