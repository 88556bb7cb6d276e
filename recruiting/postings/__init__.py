"""Postings and their rules: skills, screening questions and knock-out rules, the question
library, consent texts, the job-description parser; for now also answers, knock-out
results and the public careers site (phase 2 of issue 9 moves them up). Owns the
postings_* tables."""
