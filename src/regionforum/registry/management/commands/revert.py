from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.registry.audit import Via, audit_source
from regionforum.registry.errors import RegistryError
from regionforum.registry.management.operators import acting_user, acting_user_argument
from regionforum.registry.models import ImportBatch
from regionforum.registry.reverts import RevertConflict, change_revert, import_revert


class Command(BaseCommand):
    help = _(
        "Undo one recorded change (its reference in 'regionforum audit', such as agreement-42), "
        "or every change of one import. Exit 0 when it was undone, 1 when it was refused because "
        "a later change depends on it, 2 for an unknown change, import or user."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("change", nargs="?", metavar="CHANGE_REF")
        target.add_argument("--import", type=int, dest="batch", metavar="BATCH")
        acting_user_argument(parser)

    def handle(self, *args, change, batch, as_user, **options):
        user = acting_user(as_user, permission="registry.revert_change")
        with audit_source(via=Via.COMMAND):
            if batch is not None:
                self._revert_import(batch, user)
            else:
                self._revert_change(change, user)

    def _revert_change(self, ref, user):
        try:
            change_revert(ref=ref, user=user)
        except RevertConflict as exc:
            raise CommandError(exc.message, returncode=1) from None
        except RegistryError as exc:
            raise CommandError(exc.message, returncode=2) from None
        self.stdout.write(_("Change %(ref)s was reverted.") % {"ref": ref})

    def _revert_import(self, batch_id, user):
        batch = ImportBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(_("There is no import %(id)s.") % {"id": batch_id}, returncode=2)
        try:
            undone = import_revert(batch=batch, user=user)
        except RegistryError as exc:
            raise CommandError(exc.message, returncode=1) from None
        self.stdout.write(
            _("Import %(id)s (%(file)s) was reverted: %(count)s changes undone.")
            % {"id": batch.pk, "file": batch.file_name, "count": undone}
        )
