"""Staff pages for import, export, sync reports and statistics (included by ``urls_staff``)."""

urlpatterns: list = []
