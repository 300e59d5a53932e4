"""Server-rendered account pages: users, roles, invitations, own profile and API tokens."""
