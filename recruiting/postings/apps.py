from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "recruiting.postings"
    label = "postings"
    verbose_name = "Postings"
