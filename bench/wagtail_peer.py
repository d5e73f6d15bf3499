"""The Wagtail peer: a site made by `wagtail start` (its defaults, production settings, SQLite) plus an ArticlePage
model, loaded with the same articles as Newsdesk (exported by bench/export_articles.py). Runs in its own venv:

    uv venv .cache/wagtail-venv
    uv pip install --python .cache/wagtail-venv/bin/python "wagtail==8.*" gunicorn granian
    .cache/wagtail-venv/bin/python bench/wagtail_peer.py --dir /tmp/bench-wagtail --articles /tmp/articles.json

It prints the path of one article page; bench/run.py serves the site with gunicorn and granian (2 workers each).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

MODELS = """
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    pass


class ArticlePage(Page):
    standfirst = models.TextField(blank=True)
    body = RichTextField(blank=True)
    dateline = models.CharField(max_length=60, blank=True)
    byline = models.CharField(max_length=200, blank=True)
    section = models.CharField(max_length=100, blank=True)
    published = models.DateTimeField(null=True)
"""

TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block body_class %}template-articlepage{% endblock %}
{% block content %}
<article>
  <p>{{ page.section }}</p>
  <h1>{{ page.title }}</h1>
  <p>{{ page.standfirst }}</p>
  <p>By {{ page.byline }} &middot; <time datetime="{{ page.published|date:'c' }}">{{ page.published }}</time></p>
  <p><strong>{{ page.dateline }}</strong></p>
  {{ page.body|richtext }}
</article>
{% endblock %}
"""


def manage(directory: Path, *args: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peer.settings.production"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=directory, env=env, check=True)


def build(directory: Path, articles: Path) -> str:
    marker = directory / "built.txt"
    if marker.exists():
        return marker.read_text()
    directory.mkdir(parents=True, exist_ok=True)
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run([str(wagtail), "start", "peer", str(directory)], check=True, stdout=subprocess.DEVNULL)
    (directory / "home" / "models.py").write_text(MODELS)
    (directory / "home" / "templates" / "home" / "article_page.html").write_text(TEMPLATE)
    (directory / "peer" / "settings" / "local.py").write_text(
        'SECRET_KEY = "bench-peer-only"\nALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
    )
    manage(directory, "makemigrations", "home", "-v0")
    manage(directory, "migrate", "-v0")
    manage(directory, "collectstatic", "--no-input", "-v0")
    loader = directory / "load.py"
    loader.write_text(LOADER)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peer.settings.production", "ARTICLES": str(articles)}
    output = subprocess.run(
        [sys.executable, str(loader)], cwd=directory, env=env, check=True, capture_output=True, text=True
    )
    url = output.stdout.strip().splitlines()[-1]
    marker.write_text(url)
    return url


# Adds the pages through Wagtail's own tree API (add_child + a published revision), as an editor's publish would.
LOADER = """
import json, os, django
django.setup()
from django.utils.dateparse import parse_datetime
from home.models import ArticlePage, HomePage
home = HomePage.objects.get()
url = ""
for item in json.load(open(os.environ["ARTICLES"])):
    page = ArticlePage(
        title=item["headline"], slug=item["slug"], standfirst=item["standfirst"], body=item["body"],
        dateline=item["dateline"], byline=item["byline"], section=item["section"],
        published=parse_datetime(item["published_at"]),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    url = url or page.url
print(url)
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--articles", type=Path, required=True)
    options = parser.parse_args()
    print(json.dumps({"article_path": build(options.dir, options.articles)}))


if __name__ == "__main__":
    main()
