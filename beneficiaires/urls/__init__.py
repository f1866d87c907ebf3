"""The dossiers' URLs, gathered per space; ``bilan.urls`` mounts each list in its namespace.

One module per feature so each declares its own routes: ``dossiers`` (back office),
``portail``, ``administration``, ``convention`` (every space, plus the employer's link).
"""

from . import administration, convention, dossiers, portail

backoffice = [*dossiers.backoffice, *convention.backoffice]
portail_urls = [*portail.portail, *convention.portail]
administration_urls = [*administration.administration, *convention.administration]
employeur = [*convention.employeur]
