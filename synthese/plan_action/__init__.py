"""The action plan's writes, reads, forms and timeline (seed 000; domain.md, point 8).

Its models live in :mod:`synthese.models.plan_action`, its screens in
:mod:`synthese.views.plan`.
"""
