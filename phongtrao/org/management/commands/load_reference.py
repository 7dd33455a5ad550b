from django.core.management.base import BaseCommand

from phongtrao.org.reference import load_reference


class Command(BaseCommand):
    help = (
        "Load (or reload, idempotently) the 34 provinces, 3,321 communes, their pre-2025 sources, "
        "default tags and the police unit tree."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset-tags", action="store_true", help="Re-apply the default region and flag tags to every area.")

    def handle(self, *args, reset_tags=False, **options):
        report = load_reference(reset_tags=reset_tags)
        self.stdout.write(
            f"provinces={report.provinces} communes={report.communes} new_areas={report.created_areas} "
            f"legacy_sources={report.legacy_sources} new_units={report.units_created} tagged={report.tagged}"
        )
