"""The XMP metadata packet of a PDF, built in one place (in the manner of WeasyPrint's pdf/metadata.py).

Takes the properties each part of a file's making asks for: PDF/X's dates, IDs and version (press.py),
PDF/UA's title, language and identification (tagging/); gives back one packet, its namespaces those
its properties use, and writes it into the document's catalog as a stream without a filter, as XMP
should be for any reader to find it. A canvas has one packet (``packet_of``), which every part adds to
before the file is saved; the last to save writes it.
"""
from __future__ import annotations

from reportlab.pdfbase import pdfdoc

from .markup import escape

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


class Xmp:
    """The properties of one XMP packet, in the order they were first given; a property given again
    keeps its place and takes the new value."""

    def __init__(self):
        self.properties: dict[str, str] = {}  # prefixed name -> its value as XML

    def has(self, name: str) -> bool:
        return name in self.properties

    def text(self, name: str, value: str) -> None:
        self.properties[name] = escape(value)

    def alternatives(self, name: str, value: str) -> None:
        """A language alternative with one, default, value: how XMP gives a title or a description."""
        self.properties[name] = f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    def sequence(self, name: str, value: str) -> None:
        self.properties[name] = f"<rdf:Seq><rdf:li>{escape(value)}</rdf:li></rdf:Seq>"

    def bag(self, name: str, value: str) -> None:
        self.properties[name] = f"<rdf:Bag><rdf:li>{escape(value)}</rdf:li></rdf:Bag>"

    def packet(self) -> bytes:
        used = {name.split(":")[0] for name in self.properties}
        namespaces = "".join(f'\n  xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items() if prefix in used)
        properties = "".join(f"<{name}>{value}</{name}>\n" for name, value in self.properties.items())
        return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""{namespaces}>
{properties}</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def packet_of(canvas) -> Xmp:
    """The packet of the file ``canvas`` writes, empty until a part adds to it."""
    return canvas.__dict__.setdefault("xmp_packet", Xmp())


def write(document, xmp: Xmp) -> None:
    """The packet as the document catalog's /Metadata."""
    document.Catalog.Metadata = _PlainStream(
        pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}), xmp.packet())


class _PlainStream(pdfdoc.PDFStream):
    """A stream as it is, without a filter; ReportLab would write an empty /Filter array."""

    def format(self, document):
        dictionary = pdfdoc.PDFDictionary({**self.dictionary.dict, "Length": len(self.content)})
        return pdfdoc.format(dictionary, document) + b"\nstream\n" + self.content + b"\nendstream\n"
