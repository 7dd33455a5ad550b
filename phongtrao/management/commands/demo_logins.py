from django.conf import settings
from django.core.management.base import BaseCommand

from phongtrao.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo accounts (demo mode only)."

    def handle(self, *args, **options):
        if not settings.PHONGTRAO_DEMO:
            return
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login['username']:<15} {login['description']}")
