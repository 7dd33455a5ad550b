"""Account management for unit administrators (owned by the accounts work)."""

urlpatterns: list = []
