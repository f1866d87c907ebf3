"""Views of the dossiers, one module per space: back office, portal, administration, and the
convention's signing pages (including the employer's single-use link)."""
