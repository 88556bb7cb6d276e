"""Users (e-mail login, one role each) and sign-in: allauth adapters, the
waiting-for-access middleware, role changes, the demo users. Owns accounts_user."""
