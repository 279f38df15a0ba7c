"""Export all of a program's records as an interchange folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Program
from reporting.interchange.exporter import program_export


class Command(BaseCommand):
    help = "Write a program's records as the interchange CSV files into a folder (personal data: audited)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The program's short name.")
        parser.add_argument("path", help="The folder to write the files into (created if missing).")

    def handle(self, *args, slug, path, **options):
        program = Program.objects.filter(slug=slug).select_related("agency").first()
        if program is None:
            raise CommandError(f"There is no program {slug!r}.")
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{path} is a file, not a folder.")
        folder.mkdir(parents=True, exist_ok=True)
        files = program_export(actor=None, program=program)
        for name, data in files.items():
            (folder / name).write_bytes(data)
            self.stdout.write(f"{name}: {data.count(b'\n') - 1} rows")
        self.stdout.write(self.style.SUCCESS(f"Program {slug} exported to {folder}."))
