"""REST API of the meetings app, mounted at /api/v1/meetings/ by the project URLconf."""
