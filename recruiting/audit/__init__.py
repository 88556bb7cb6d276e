"""The append-only audit log: audit_record() and audit_redact() (erasure). Owns
audit_auditevent."""
