"""The sessions app adds no URL yet: no row in the permission matrix."""

LIGNES: list = []
