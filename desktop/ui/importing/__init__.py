"""The import screen."""
