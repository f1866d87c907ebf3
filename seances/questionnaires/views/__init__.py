"""The questionnaires' screens, one module per space."""
