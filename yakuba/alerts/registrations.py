"""What the alerts module registers on shared screens (filled in by the UI work)."""
