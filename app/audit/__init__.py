"""The audit log: who changed what, and when. Every module writes to it through services."""
