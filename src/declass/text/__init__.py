"""Shared low-level recognisers used by several readers and enrichers."""
