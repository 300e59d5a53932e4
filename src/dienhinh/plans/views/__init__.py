"""Pages for movements and plans, one module per concern."""
