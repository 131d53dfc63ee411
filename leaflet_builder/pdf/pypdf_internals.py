"""The one door to pypdf's internals: every name pypdf does not document as its interface that
leaflet-builder uses is used here, through the functions below. ``tests/test_pypdf_internals.py``
touches each, so that an upgrade of pypdf that renames one fails there, in one place.

- ``PdfWriter._add_object`` (``add_object``): a new indirect object (a page's form or contents), which
  pypdf's public interface makes only as part of a page.
- ``PdfWriter._ID`` (``keep_file_identifier``): the trailer's /ID, which PDF/X needs and pypdf would
  make anew.
- ``PdfWriter._info`` (``keep_info``): the Info dictionary as the reader has it: pypdf's add_metadata
  would make the name /Trapped a string.
"""
from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject, PdfObject


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """``obj`` as a new indirect object of the writer's file."""
    return writer._add_object(obj)


def keep_file_identifier(writer: PdfWriter, reader: PdfReader) -> None:
    """The writer's file keeps the reader's file identifier (/ID), if it has one."""
    if "/ID" in reader.trailer:
        writer._ID = reader.trailer["/ID"].clone(writer)


def keep_info(writer: PdfWriter, reader: PdfReader) -> None:
    """The writer's file gets the reader's Info dictionary as it is, if it has one."""
    if "/Info" in reader.trailer:
        writer._info = writer._add_object(reader.trailer["/Info"].get_object().clone(writer))
