"""Dashboards, metrics and exports of the work programme (owned by the dashboards work)."""

urlpatterns: list = []
