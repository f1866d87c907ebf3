from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    """Signatures as authenticated acts: the canonical digest and the one-time codes."""

    name = "bilan.signatures"
    label = "signatures"
    verbose_name = "Signatures"
