"""Interviews: availability, holidays, interview plans, booking with the slot finder,
self-scheduling links, scorecards and decisions; the candidate page's interviews panel
(a page slot) and interviews' part of data protection (privacy.py, registered). Owns the
interviews_* tables."""
