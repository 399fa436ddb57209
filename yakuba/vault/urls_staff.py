"""Staff pages, mounted at /staff/mynumber/ inside the "console" namespace."""

urlpatterns: list = []
