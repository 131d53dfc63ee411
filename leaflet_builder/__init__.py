"""leaflet-builder: print-ready patient leaflets on passive treatments for low back pain."""
