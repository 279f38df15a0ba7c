"""URLs of the interchange pages."""

urlpatterns = []
