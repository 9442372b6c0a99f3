"""Storage: the database, its models, bulk row paths, search and migrations."""
