"""Citizen-side registrations (service catalogue, マイページ card)."""
