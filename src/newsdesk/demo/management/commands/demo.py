from django.core.management.base import BaseCommand

from newsdesk.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (sections, staff, the reference article and demo stories). Safe to run again."
    )

    def handle(self, *args, **options):
        reference_article, logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo newsroom ready."))
        self.stdout.write(f"  Reference article: {reference_article.get_absolute_url()}")
        self.stdout.write("  Staff logins for http://127.0.0.1:8000/newsroom/ :")
        for login in logins:
            if login.role != "reader":
                self.stdout.write(
                    f"    {login.role:<11} username {login.username:<11} password {login.password}"
                )
        for login in logins:
            if login.role == "reader":
                self.stdout.write("  Reader login for http://127.0.0.1:8000/accounts/login/ :")
                self.stdout.write(f"    email {login.username}  password {login.password}")
