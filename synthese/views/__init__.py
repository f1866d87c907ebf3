"""The synthèse app's screens, one module per feature."""
