"""Taza: anti-corruption expertise of legal texts."""

__version__ = "0.1.0"
