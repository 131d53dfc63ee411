"""Post-processing of finished PDFs: the booklet's imposition and the print-shop checks.
"""
