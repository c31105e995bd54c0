import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regionforum.registry.errors import RegistryError
from regionforum.registry.management.operators import acting_user, acting_user_argument
from regionforum.registry.models import Organisation, ReviewItem
from regionforum.registry.selectors import review_list
from regionforum.registry.services import organisation_merge, review_decide


class Command(BaseCommand):
    help = _(
        "List the pairs of agreements that may be one, and merge them or keep them apart; "
        "merge two organisations."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help=_("the open pairs"))
        listing.add_argument("--json", action="store_true", dest="as_json")
        for action, text in (("merge", _("merge the pair")), ("keep-apart", _("keep them apart"))):
            decide = sub.add_parser(action, help=text)
            decide.add_argument("item", type=int)
            acting_user_argument(decide)
        organisations = sub.add_parser(
            "merge-organisation",
            help=_("make one organisation a name of another (same region); names become aliases"),
        )
        organisations.add_argument("organisation", type=int)
        organisations.add_argument("into", type=int)
        acting_user_argument(organisations)

    def handle(self, *args, action, **options):
        if action == "list":
            self._list(options["as_json"])
            return
        if action == "merge-organisation":
            user = acting_user(options["as_user"], permission="registry.merge_organisation")
            self._merge_organisation(options["organisation"], options["into"], user)
            return
        user = acting_user(options["as_user"], permission="registry.review_match")
        try:
            item = ReviewItem.objects.get(pk=options["item"])
        except ReviewItem.DoesNotExist:
            raise CommandError(
                _("There is no review item %(id)s.") % {"id": options["item"]}, returncode=2
            ) from None
        try:
            review_decide(item=item, merge=action == "merge", user=user)
        except RegistryError as exc:
            raise CommandError(exc.message, returncode=1) from None
        self.stdout.write(
            _("Review item %(id)s: %(status)s.")
            % {"id": item.pk, "status": item.get_status_display()}
        )

    def _merge_organisation(self, organisation_id, into_id, user):
        found = Organisation.objects.in_bulk([organisation_id, into_id])
        missing = [str(pk) for pk in (organisation_id, into_id) if pk not in found]
        if missing:
            raise CommandError(
                _("There is no organisation %(ids)s.") % {"ids": ", ".join(missing)}, returncode=2
            )
        try:
            into = organisation_merge(
                organisation=found[organisation_id], into=found[into_id], user=user
            )
        except RegistryError as exc:
            raise CommandError(exc.message, returncode=1) from None
        self.stdout.write(
            _("%(organisation)s is now a name of %(into)s.")
            % {"organisation": found[organisation_id].name, "into": into.name}
        )

    def _list(self, as_json):
        items = list(review_list())
        if as_json:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "id": item.pk,
                            "agreement": item.agreement_id,
                            "candidate": item.candidate_id,
                            "score": item.score,
                            "evidence": item.evidence,
                        }
                        for item in items
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not items:
            self.stdout.write(_("Nothing to review."))
        for item in items:
            self.stdout.write(
                f"#{item.pk}: {item.agreement_id} ({item.agreement}) ~ "
                f"{item.candidate_id} ({item.candidate})\n    {item.evidence}"
            )
