"""Staff URLs of the booking part (mounted under /staff/facilities/)."""

urlpatterns: list = []
