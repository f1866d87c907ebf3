"""The administrators' screens on bilans: metadata only (domain.md, The people)."""
