from django.conf.locale.es_MX.formats import *  # noqa: F403
