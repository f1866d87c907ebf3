"""The action plan (seed 000, Plan d'action; domain.md, point 9)."""

__all__: list[str] = []
