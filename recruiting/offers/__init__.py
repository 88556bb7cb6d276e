"""Offers (on top of interviews): an application's offer with its revisions, the approval
chain per posting, the letter (PDF) and the candidate's signed link to accept, decline or
ask; hiring and closing filled postings; offers' part of data protection (privacy.py).
Owns the offers_* tables."""
