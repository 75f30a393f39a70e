"""Models for the screening app."""
