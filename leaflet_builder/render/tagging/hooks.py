"""ReportLab's flowables taught to tag what they draw on a TaggedCanvas: their drawOn and split, the
list bullet and a rounded table's corners, hooked when the first TaggedCanvas is made (never at
import). Each hook checks for a tagger, so an untagged canvas draws as before.
"""
from __future__ import annotations

from functools import partial

from reportlab.platypus.flowables import ListFlowable

from ..reportlab_internals import hook_flowables
from .elements import TAG_KEYS, artifact


def _tagging_draw_on(original):
    def drawOn(self, canvas, *args, **kwargs):
        tagger = getattr(canvas, "tagger", None)
        if tagger is None:
            return original(self, canvas, *args, **kwargs)
        return tagger.draw(self, partial(original, self, canvas, *args, **kwargs))
    drawOn.tagging = original
    return drawOn


def _tagging_bullet(original):
    def drawOn(self, indenter, canvas, *args, **kwargs):
        tagger = getattr(canvas, "tagger", None)
        if tagger is None or tagger.artifacts:
            return original(self, indenter, canvas, *args, **kwargs)
        return tagger.marked(tagger.element(self, "Lbl"), partial(original, self, indenter, canvas, *args, **kwargs))
    drawOn.tagging = original
    return drawOn


def _tagging_split(original):
    """Pieces of a split flowable keep its element; what a container splits into keeps it as parent."""
    def split(self, *args, **kwargs):
        pieces = original(self, *args, **kwargs)
        own = self.__dict__
        origin = own.get("tag_origin", self)
        for index, piece in enumerate(pieces):
            if piece is self:
                continue
            theirs = piece.__dict__
            if type(piece) is type(self):
                theirs["tag_origin"] = origin
                if index or own.get("tag_continued"):
                    theirs["tag_continued"] = True  # e.g. a table piece that repeats its header rows
                theirs.update({key: own[key] for key in TAG_KEYS if key in own})
                if "tag_parent" in own:
                    theirs.setdefault("tag_parent", own["tag_parent"])
            elif isinstance(self, ListFlowable):
                theirs.setdefault("tag_parent", (origin, "L"))
        return pieces
    split.tagging = original
    return split


def _tagging_rounding(original):
    def restore(self):
        with artifact(self.canv):
            return original(self)
    restore.tagging = original
    return restore


def install_hooks():
    """Hook every ReportLab flowable class loaded that draws or splits in its own way and is not hooked
    yet: when a tagged canvas is made, not at import, so that importing leaves ReportLab as it was."""
    hook_flowables(_tagging_draw_on, _tagging_split, _tagging_bullet, _tagging_rounding)
