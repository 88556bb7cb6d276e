"""Postings and their rules: skills, screening questions and knock-out rules (the pure
rule evaluation, `knockouts.evaluate_answer`), the question library, consent texts, the
job-description parser. Announces posting_created and knockout_rules_changed
(signals.py) for the layers above. Owns the postings_* tables."""
