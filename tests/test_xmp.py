"""The one XMP packet builder (render/xmp.py): PDF/X and PDF/UA add their properties to one packet."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

from leaflet_builder.render.press import describe_pdfx
from leaflet_builder.render.tagging import describe_pdfua
from leaflet_builder.render.xmp import NAMESPACES, Xmp

INFO = SimpleNamespace(title='Massage & "more"', author="IQWiG", subject="Low back pain", keywords="a, b",
                       creator="leaflet-builder", producer="ReportLab")


def properties(xmp: Xmp) -> dict:
    text = xmp.packet().decode("utf-8")
    description = ET.fromstring(text[text.index("<x:xmpmeta"):text.index("<?xpacket end")])[0][0]
    names = {uri: prefix for prefix, uri in NAMESPACES.items()}
    return {f"{names[child.tag[1:].split('}')[0]]}:{child.tag.split('}')[1]}": "".join(child.itertext())
            for child in description}


def test_a_print_ready_tagged_file_has_one_packet_with_both_identifications():
    xmp = Xmp()
    describe_pdfx(xmp, INFO, "D:20250101000000+00'00'")
    describe_pdfua(xmp, INFO.title, "de", INFO)
    found = properties(xmp)
    assert found["pdfxid:GTS_PDFXVersion"] == "PDF/X-4" and found["pdfuaid:part"] == "1"
    assert found["dc:title"] == INFO.title and found["xmp:CreateDate"] == "2025-01-01T00:00:00+00:00"
    assert list(found)[-1] == "pdfuaid:part"


def test_an_office_file_is_described_by_pdfua_alone():
    xmp = Xmp()
    describe_pdfua(xmp, INFO.title, "de", INFO)
    found = properties(xmp)
    assert found["dc:language"] == "de" and found["pdfuaid:part"] == "1" and "pdfxid:GTS_PDFXVersion" not in found


def test_a_property_given_again_keeps_its_place():
    xmp = Xmp()
    xmp.text("dc:format", "application/pdf")
    xmp.text("pdf:Keywords", "a")
    xmp.text("dc:format", "text/plain")
    assert list(properties(xmp).items()) == [("dc:format", "text/plain"), ("pdf:Keywords", "a")]
