"""The details screen."""
