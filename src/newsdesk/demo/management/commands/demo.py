from django.core.management.base import BaseCommand

from newsdesk.demo.loader import load_demo
from newsdesk.serving.address import browser_url, configured_host, configured_port


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (sections, staff, the reference article and demo stories). Safe to run again."
    )

    def handle(self, *args, **options):
        # Where `newsdesk serve` will answer (NEWSDESK_HOST, NEWSDESK_PORT), asked first: a bad value is one line
        # before the load, not after it.
        site = browser_url(configured_host(), configured_port())
        reference_article, logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo newsroom ready."))
        self.stdout.write(f"  Reference article: {site}{reference_article.get_absolute_url()}")
        self.stdout.write(f"  Staff logins for {site}/newsroom/ :")
        for login in logins:
            if login.role != "reader":
                self.stdout.write(
                    f"    {login.role:<11} username {login.username:<11} password {login.password}"
                )
        for login in logins:
            if login.role == "reader":
                self.stdout.write(f"  Reader login for {site}/accounts/login/ :")
                self.stdout.write(f"    email {login.username}  password {login.password}")
