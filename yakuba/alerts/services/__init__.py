"""The alerts module's write path: composing and approving (compose), subscriptions."""
