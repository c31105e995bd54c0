from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.accounts.models import Role, User
from regionforum.forums.demo import demo_programme_load, demo_programme_remove
from regionforum.forums.services import forum_calendar_load
from regionforum.gazetteer.services import gazetteer_load
from regionforum.registry.demo import demo_registry_load, demo_remove
from regionforum.strategy.demo import demo_strategy_load

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's published login, on the embedded database


class Command(BaseCommand):
    help = _(
        "Migrate, load the gazetteer, the forum calendar and a synthetic demo registry, then serve."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT")
        parser.add_argument("--no-serve", action="store_true", help=_("load, but do not serve"))
        parser.add_argument(
            "--remove",
            action="store_true",
            help=_("take the synthetic registry and strategy out, keep what was imported, exit"),
        )

    def handle(self, *args, **options):
        if options["remove"]:
            call_command("migrate", interactive=False, verbosity=0)
            participants = demo_programme_remove()
            removed = demo_remove()
            self.stdout.write(
                _(
                    "Removed the synthetic demo data: %(agreements)d agreements, "
                    "%(organisations)d organisations, %(programmes)d strategy programmes, "
                    "%(participants)d business programme participants. Everything imported is kept."
                )
                % {
                    "participants": participants,
                    "agreements": removed.agreements,
                    "organisations": removed.organisations,
                    "programmes": removed.programmes,
                }
            )
            return
        host, sep, port = options["addr"].rpartition(":")
        if not sep or not host or not port.isdigit():
            raise CommandError(
                _("--addr takes HOST:PORT, e.g. 127.0.0.1:8000; got %(addr)r")
                % {"addr": options["addr"]},
                returncode=2,
            )
        call_command("migrate", interactive=False, verbosity=0)
        created, _updated = gazetteer_load()
        self.stdout.write(_("Gazetteer: %(count)d regions added.") % {"count": created})
        created, _updated = forum_calendar_load()
        self.stdout.write(_("Forum calendar: %(count)d forums added.") % {"count": created})
        result = demo_registry_load()
        if result.agreements:
            self.stdout.write(
                _(
                    "Demo registry: %(agreements)d synthetic agreements between %(orgs)d "
                    "organisations."
                )
                % {"agreements": result.agreements, "orgs": result.organisations}
            )
        else:
            self.stdout.write(_("Demo registry: already loaded."))
        if demo_strategy_load():
            self.stdout.write(_("Strategy: synthetic demo projects added."))
        user = User.objects.filter(username=DEMO_USER).first()
        if user is None:
            user = User(username=DEMO_USER, role=Role.SECRETARIAT, is_staff=True)
            user.set_password(DEMO_PASSWORD)
            user.save()
        programme = demo_programme_load(secretariat=user)
        if programme is not None:
            self.stdout.write(
                _(
                    "Business programme (synthetic): %(participants)d participants, "
                    "%(requests)d requests, %(scheduled)d of %(meetings)d meetings scheduled, "
                    "%(deals)d deals, %(agreements)d of them confirmed agreements."
                )
                % {
                    "participants": programme.participants,
                    "requests": programme.requests,
                    "scheduled": programme.scheduled,
                    "meetings": programme.meetings,
                    "deals": programme.deals,
                    "agreements": programme.agreements,
                }
            )
        self.stdout.write(
            _("Log in at http://%(addr)s/accounts/login/ as %(user)s, password %(password)s.")
            % {"addr": options["addr"], "user": DEMO_USER, "password": DEMO_PASSWORD}
        )
        if not options["no_serve"]:
            call_command("runserver", options["addr"], use_reloader=False)
