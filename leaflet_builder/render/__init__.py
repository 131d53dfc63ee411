"""Rendering with ReportLab: fonts, the stylesheet, icons, author markup, the parts of a leaflet, the
page templates, right-to-left text, tagging for screen readers, print-shop output, and the documents
made of them: the leaflet, the brochure and the review sheet. Takes checked inputs; gives back PDF
bytes.
"""
