"""Users and roles: the custom user model, MFA obligation, session limits, lockout."""
