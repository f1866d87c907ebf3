"""The follow-up interview, reminders and surveys."""
