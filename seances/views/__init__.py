"""The sessions' screens, one module per space (domain.md, The life of a bilan, 3-6)."""
