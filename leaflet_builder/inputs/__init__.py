"""Inputs: the project's YAML files read, checked and turned into frozen dataclasses (content, layouts,
practice profiles, languages, paper sizes, the hyphenation dictionary to use). Everything below the
renderer; problems are collected and reported as path:line:col.
"""
