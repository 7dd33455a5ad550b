def register() -> None:
    """Audit sentences, field labels, exporters and cards of this part of the festival."""
