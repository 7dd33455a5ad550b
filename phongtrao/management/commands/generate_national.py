"""manage.py generate_national: the national data set for benchmarks and load tests."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongtrao import generator
from phongtrao.generator.checksum import combine


def _date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%Y-%m-%d").date()


class Command(BaseCommand):
    help = (
        "Generate the national data set (deterministic for a seed): at --scale 1, 63,000 residential areas, "
        "20,000 users, 50,000 assignments with 1,000,000 progress reports and their audit rows, 100,000 festival "
        "result rows and 100,000 candidate sites, on the complete unit tree. Refuses when generated data is "
        "present unless --reset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every count but the unit tree (e.g. 0.1, 0.01).")
        parser.add_argument("--seed", type=int, default=generator.DEFAULT_SEED, help="Same seed, same data.")
        parser.add_argument(
            "--as-of",
            type=_date,
            default=generator.DEFAULT_AS_OF,
            help="The day the histories run up to, YYYY-MM-DD (default %(default)s); the three years end with it.",
        )
        parser.add_argument("--reset", action="store_true", help="Delete the generated data first, then generate.")
        parser.add_argument("--delete-only", action="store_true", help="Delete the generated data and stop.")
        parser.add_argument("--checksum", action="store_true", help="Print the fingerprint of the generated rows at the end.")
        parser.add_argument("--checksum-only", action="store_true", help="Print the fingerprint of the present generated rows.")
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per INSERT statement.")
        parser.add_argument(
            "--plain-bulk-create",
            action="store_true",
            help="Write progress reports and audit rows with bulk_create too (slower; to measure the lean path).",
        )

    def handle(self, *args, **options) -> None:
        def log(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        if options["checksum_only"]:
            self._print_checksum()
            return
        if options["scale"] <= 0:
            raise CommandError("--scale must be positive.")
        if options["reset"] or options["delete_only"]:
            try:
                generator.reset(log=log)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            if options["delete_only"]:
                return
        elif generator.has_generated_data():
            raise CommandError(
                "Generated data is already present (users named gen_…): run again with --reset to replace it, "
                "or --delete-only to remove it."
            )
        generator.generate(
            scale=options["scale"],
            seed=options["seed"],
            as_of=options["as_of"],
            batch_size=options["batch_size"],
            plain_bulk_create=options["plain_bulk_create"],
            log=log,
        )
        if options["checksum"]:
            self._print_checksum()

    def _print_checksum(self) -> None:
        parts = generator.parts()
        for name, (count, digest) in sorted(parts.items()):
            self.stdout.write(f"  {name:<18} {count:>9,}  {digest[:16]}")
        self.stdout.write(f"checksum {combine(parts)}")
