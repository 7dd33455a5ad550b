from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.api import actions
from phongtrao.org.models import User


class Command(BaseCommand):
    help = "Issue an API token for a user and print its secret on standard output (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days (default: never).")

    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no account with the username “%(username)s”.") % {"username": username})
        if days is not None and days < 1:
            raise CommandError(_("--days must be at least 1."))
        expires_at = timezone.now() + timedelta(days=days) if days is not None else None
        try:
            token, secret = actions.token_issue(actor=None, user=user, name=name, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            _("Token “%(token)s” issued for %(username)s. Copy it now: it will not be shown again.")
            % {"token": token, "username": user.username}
        )
        self.stdout.write(secret)
