"""Import a program's records from an interchange folder (or its zip, or an XLSX workbook)."""

from django.core.management.base import BaseCommand, CommandError

from reporting.interchange.importer import program_import
from reporting.interchange.source import SourceError, read_path


class Command(BaseCommand):
    help = (
        "Import a program from a folder of CSV files in the interchange format (a .zip or an .xlsx "
        "workbook with one sheet per file works too). One transaction: any problem, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The folder (or .zip, or .xlsx) to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and tell what would change; write nothing.",
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            tables, problems = read_path(path)
        except SourceError as exc:
            raise CommandError(str(exc.problem)) from None
        result = program_import(actor=None, tables=tables, source_problems=problems, dry_run=dry_run)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.problems)} problem(s) found; nothing was written. Fix them and run the import again."
            )
        for line in result.summary_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: every row was checked and nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Program {result.program.slug} imported."))
