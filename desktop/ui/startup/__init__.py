"""Starting the app: opening the database with a way forward, and the first run."""
