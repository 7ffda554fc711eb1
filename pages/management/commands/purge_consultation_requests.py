from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from pages.models import ConsultationRequest


class Command(BaseCommand):
    help = "Delete closed consultation requests older than N days (default 180). New and replied ones are kept."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=180, metavar="N")

    def handle(self, *args, older_than_days, **options):
        if older_than_days < 0:
            self.stderr.write("--older-than-days must be zero or more.")
            raise SystemExit(2)
        cutoff = timezone.now() - timedelta(days=older_than_days)
        deleted, _ = ConsultationRequest.objects.filter(
            status=ConsultationRequest.Status.CLOSED, received_at__lt=cutoff
        ).delete()
        self.stdout.write(f"Deleted {deleted} closed consultation request(s) older than {older_than_days} days.")
