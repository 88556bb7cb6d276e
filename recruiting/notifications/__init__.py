"""The e-mail outbox: notification_queue() and the delivery task, sent at most once (ADR
3); the outbox's part of data protection (privacy.py). Owns notifications_notification."""
