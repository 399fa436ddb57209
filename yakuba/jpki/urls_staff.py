"""Staff pages, mounted at /staff/cards/ inside the "console" namespace."""

urlpatterns: list = []
