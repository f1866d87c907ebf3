"""The synthèse, the action plan, signed PDFs, attestations and shares."""
