"""The REST API under /api/v1/: the only package that imports the API framework."""
