"""Write the built-in DOCX templates (documents/builtin/*.docx) from documents.builtin.

Run it after changing documents.layout or documents.builtin, and commit the .docx files:
they are what staff download, edit in Word and upload back as their unit's templates.
"""

from django.core.management.base import BaseCommand

from dienhinh.documents.builtin import write_all


class Command(BaseCommand):
    help = "Write the built-in DOCX templates of the official documents."

    def handle(self, *args, **options):
        for path in write_all():
            self.stdout.write(str(path))
