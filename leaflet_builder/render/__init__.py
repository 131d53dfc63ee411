"""Rendering with ReportLab: fonts, the stylesheet, icons, author markup, the parts of a leaflet, the
page templates, and the two documents made of them, the leaflet and the brochure. Takes checked
inputs; gives back PDF bytes.
"""
