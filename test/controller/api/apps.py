from django.apps import AppConfig


class ApiConfig(AppConfig):
    # Named `api` like the real controllers' app, so that shell snippets written for a
    # real controller (`from api.models import App`) also work against this one.
    name = 'api'
    default_auto_field = 'django.db.models.AutoField'

    def ready(self):
        from api import signals  # noqa: F401  (connects the receivers)
