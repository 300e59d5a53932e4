"""``manage.py clean_documents``: remove the files of exports and PDF jobs that ended more
than DOCUMENTS_EXPORT_HOURS ago, the cached PDFs unused for DOCUMENTS_PDF_CACHE_DAYS and
the least recently used beyond DOCUMENTS_PDF_CACHE_MB (for cron, daily; conversions and
new exports also clean as they go). Safe to run any number of times."""

from django.core.management.base import BaseCommand

from dienhinh.documents.exports import remove_expired
from dienhinh.documents.pdf import clean_pdf_cache


class Command(BaseCommand):
    help = "Remove expired export files and old or excess cached PDFs."

    def handle(self, *args, **options):
        exports, pdfs = remove_expired(), clean_pdf_cache()
        if options["verbosity"]:
            self.stdout.write(f"exports: {exports}, cached PDFs: {pdfs}")
