"""Data protection across every app: what we hold about a person (the admins' privacy
page), the export as a ZIP, erasure by anonymising in place (ADR 4) and the retention
job. Each app's own part (what it holds, how it is erased) is a privacy module it
registers (core.privacy); this app orchestrates them. Owns no tables."""
