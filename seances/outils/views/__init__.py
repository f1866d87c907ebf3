"""The tools' screens: the consultant's (backoffice) and the beneficiary's (portail)."""
