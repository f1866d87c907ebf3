"""Retention and data-subject rights (domain.md, Confidentiality and data; R6313-7; RGPD).

The engine reads :mod:`bilan.retention` alone and never imports an app.
"""
