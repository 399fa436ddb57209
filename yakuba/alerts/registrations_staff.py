"""Staff-side registrations (menu, dashboard panel, audit record kinds)."""
