"""Server-rendered pages of the unit tree and emulation groups, one module per concept."""
