"""Documents attached to a measure, kept in Django's file storage.

`actor` None means the system (demo loader, operator shell): no permission is checked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Visitor
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.uploads import check_attachment
from omradeloft.measures import access
from omradeloft.measures.models import Measure, MeasureAttachment

TITLE_MAX_LENGTH = 200


def may_attach(user: Visitor, measure: Measure) -> bool:
    return access.may_edit(user, measure) or access.may_report(user, measure)


def may_delete_attachment(user: Visitor, attachment: MeasureAttachment) -> bool:
    """Editors of the measure, and whoever uploaded it while they may still attach."""
    measure = attachment.measure
    if access.may_edit(user, measure):
        return True
    uploader = attachment.uploaded_by_id
    return (
        user is not None
        and user.pk is not None
        and uploader == user.pk
        and may_attach(user, measure)
    )


def add_attachment(
    actor: User | None, measure: Measure, title: str, upload: "UploadedFile[bytes]"
) -> MeasureAttachment:
    if actor is not None and not may_attach(actor, measure):
        raise PermissionDenied(_("You may not add documents to this measure."))
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the document a title.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [
            _("At most %(max)d characters; this has %(n)d.")
            % {"max": TITLE_MAX_LENGTH, "n": len(title)}
        ]
    try:
        check_attachment(upload)
    except ValidationError as error:
        errors["file"] = error.messages
    name, size = upload.name, upload.size
    # check_attachment refuses a file without a name or a size.
    if errors or name is None or size is None:
        raise ValidationError(errors)
    attachment = MeasureAttachment(measure=measure, title=title, size=size, uploaded_by=actor)
    attachment.file.save(name, upload, save=False)
    try:
        with acting_as(actor, current_actor().source), transaction.atomic():
            attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def delete_attachment(actor: User | None, attachment: MeasureAttachment) -> None:
    """Remove the document; its file goes once the removal is committed."""
    if actor is not None and not may_delete_attachment(actor, attachment):
        raise PermissionDenied(_("You may not remove this document."))
    storage, name = attachment.file.storage, attachment.file.name
    with acting_as(actor, current_actor().source), transaction.atomic():
        attachment.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
