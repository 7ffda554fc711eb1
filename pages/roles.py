"""The site's roles: groups the therapist gives to colleagues in the admin (Users → a user → Groups).

Created, or completed, by every `migrate`. A role only ever gains the
permissions listed here: permissions added to a group by hand are kept.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

WRITER = [
    "blog.add_post",
    "blog.change_post",
    "blog.view_post",
    "blog.add_topic",
    "blog.change_topic",
    "blog.view_topic",
    "blog.add_authorprofile",
    "blog.change_authorprofile",
    "blog.view_authorprofile",
]
ROLES = {
    # Writes, schedules and illustrates articles; sees nothing else.
    "Writer": WRITER,
    # Everything visitors see: articles, topics, services, pages and the practice profile.
    "Editor": [
        *WRITER,
        "blog.delete_post",
        "blog.delete_topic",
        "blog.delete_authorprofile",
        "blog.credit_other_writers",
        "pages.add_service",
        "pages.change_service",
        "pages.delete_service",
        "pages.view_service",
        "pages.add_page",
        "pages.change_page",
        "pages.delete_page",
        "pages.view_page",
        "pages.change_practiceprofile",
        "pages.view_practiceprofile",
        "pages.add_crisislines",
        "pages.change_crisislines",
        "pages.view_crisislines",
        "pages.add_feesandinsurance",
        "pages.change_feesandinsurance",
        "pages.view_feesandinsurance",
        "pages.add_license",
        "pages.change_license",
        "pages.delete_license",
        "pages.view_license",
        "pages.add_specialty",
        "pages.change_specialty",
        "pages.delete_specialty",
        "pages.view_specialty",
        "subscriptions.change_subscriptionsettings",
        "subscriptions.view_subscriptionsettings",
        "importing.add_wordpressimport",
        "importing.change_wordpressimport",
        "importing.view_wordpressimport",
        "insights.view_pageviews",  # <admin>/insights/: what readers read, what led to requests
    ],
    # Reads and answers consultation requests — and nothing that is published.
    "Inbox": [
        "contact.view_consultationrequest",
        "contact.change_consultationrequest",
        "contact.delete_consultationrequest",
        "contact.view_inboxsettings",
        "contact.change_inboxsettings",
    ],
}


def create_roles(using="default", apps=global_apps, **kwargs):
    """post_migrate receiver: make sure every role exists with at least its permissions."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        codenames = {permission.split(".", 1)[1] for permission in permissions}
        wanted = Permission.objects.using(using).filter(codename__in=codenames).select_related("content_type")
        group.permissions.add(
            *[
                permission
                for permission in wanted
                if f"{permission.content_type.app_label}.{permission.codename}" in permissions
            ]
        )
