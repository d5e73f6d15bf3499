import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

from newsdesk.pagecache.wsgi import wrap

# The page cache answers public pages before Django's middleware; everything else goes straight through.
application = wrap(get_wsgi_application())
