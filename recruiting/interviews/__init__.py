"""Interviews: availability, holidays, interview plans, booking with the slot finder,
self-scheduling links, scorecards and decisions. Owns the interviews_* tables."""
