"""Candidates, applications and everything held per application: answers and knock-out
results, documents (CVs, their checks and downloads), stages, moves and their history,
tags, notes, the timeline, applying (application_submit), the board, lists and search,
duplicates and merges, CSV import, and pipelines' part of data protection (privacy.py).
Owns the pipelines_* tables."""
