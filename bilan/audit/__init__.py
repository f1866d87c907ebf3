"""The audit log: append-only, in the database itself (domain.md, Confidentiality and data)."""
