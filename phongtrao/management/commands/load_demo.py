from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from phongtrao.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo world of the 23/05/2023 working session (refused when demo mode is off)."

    def handle(self, *args, **options):
        if not settings.PHONGTRAO_DEMO:
            raise CommandError("Demo mode is off in these settings (PHONGTRAO_DEMO = False): refusing to load demo data.")
        summary = load_demo()
        self.stdout.write(f"demo loaded: {summary}")
