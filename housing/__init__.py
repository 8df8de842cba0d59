"""Botilbud, boliger og plasser (offers, dwellings, places)."""
