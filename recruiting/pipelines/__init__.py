"""Candidates, applications and everything per application: stages, moves and their
history, tags, notes, the timeline, the board, lists and search, duplicates and merges,
CSV import; for now also data protection (phase 2 moves it to a privacy app). Owns the
pipelines_* tables."""
