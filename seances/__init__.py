"""The 24-hour plan, sessions, phases and attendance signatures."""
