"""Messages to people (booking confirmations, waiting-list promotions, cancellations): written to
an outbox in the same transaction as the change they report, then sent by SMTP."""
