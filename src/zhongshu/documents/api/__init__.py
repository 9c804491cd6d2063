"""The documents REST API: serializers, views and routes (mounted at /api/v1/documents/)."""
