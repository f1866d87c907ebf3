"""The synthèse, its versions, observations and signatures (domain.md, points 7 to 9)."""

__all__: list[str] = []
