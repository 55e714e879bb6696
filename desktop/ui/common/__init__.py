"""What every screen shares: the task runner, style, banner, dialogs, table models."""
