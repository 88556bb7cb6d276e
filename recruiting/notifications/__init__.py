"""The e-mail outbox: notification_queue() and the delivery task, sent at most once (ADR
3). Owns notifications_notification."""
