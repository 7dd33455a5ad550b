"""Demo data helpers shared by the load_demo command and the login page (demo mode only)."""

DEMO_PASSWORD = "PhongTrao@2023"

DEMO_ACCOUNTS: list[tuple[str, str]] = []


def demo_logins() -> list[dict]:
    from phongtrao.org.models import User

    existing = set(User.objects.filter(username__in=[u for u, _d in DEMO_ACCOUNTS]).values_list("username", flat=True))
    return [{"username": u, "description": d} for u, d in DEMO_ACCOUNTS if u in existing]
