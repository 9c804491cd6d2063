"""REST API of the assets app, mounted at /api/v1/assets/: thin views over the services."""
