"""Models for the meetings app."""
