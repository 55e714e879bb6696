"""The bulk writer behind imports and demo data: rows, id ranges, look-ups, indexes, commits."""
