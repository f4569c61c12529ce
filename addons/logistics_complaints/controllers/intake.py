"""The complaint form of the portal: checks of what the customer typed and sent, and the
complaint created from it (all or nothing). The controller (main.py) only calls these."""
from markupsafe import Markup

from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

from .. import tools

# the customer says what happened and gives the waybill; the cause category and sub-cause
# are the agent's finding (a category or sub-cause sent with the form is ignored)
FORM_FIELDS = ("problem_type", "subject", "shipment_ref", "description")


def clean_form(post):
    """The form's text values; NUL characters dropped (PostgreSQL stores none)."""
    form = {}
    for key in FORM_FIELDS:
        value = post.get(key) or ""
        form[key] = value.replace("\x00", "") if isinstance(value, str) else ""
    return form


def validate(env, form, files):
    """The values of a new complaint from the portal form, or ValidationError with every
    problem (one per line, in the customer's language)."""
    Complaint = env["logistics.complaint"]
    errors = []
    problem_type = form.get("problem_type") or ""
    if problem_type not in dict(Complaint._fields["problem_type"].selection):
        errors.append(env._("Choose what happened."))
    description = (form.get("description") or "").strip()
    if not description:
        errors.append(env._("Describe the problem."))
    elif len(description) > tools.PORTAL_MAX_DESCRIPTION:
        errors.append(env._("The description is too long (at most %(count)d characters).",
                            count=tools.PORTAL_MAX_DESCRIPTION))
    subject = (form.get("subject") or "").strip()
    if len(subject) > tools.PORTAL_MAX_SUBJECT:
        errors.append(env._("The subject is too long (at most %(count)d characters).", count=tools.PORTAL_MAX_SUBJECT))
    ref = (form.get("shipment_ref") or "").strip()
    if ref and (len(ref) > tools.PORTAL_MAX_REF or not tools.REF_PATTERN.match(ref)):
        errors.append(env._("The waybill / shipment reference may only contain letters, digits, spaces "
                            "and . / _ - (at most %(count)d characters).", count=tools.PORTAL_MAX_REF))
    errors += tools.check_uploads(env, files)
    if errors:
        raise ValidationError("\n".join(errors))
    return {
        "problem_type": problem_type,
        "subject": subject,
        "shipment_ref": ref,
        "description": plaintext2html(description),
    }


def create_complaint(env, form, files):
    """A complaint of the current portal user's company from the form, with its files."""
    values = validate(env, form, files)
    user = env.user
    partner = user.partner_id
    values.update({
        "partner_id": partner.commercial_partner_id.id,
        "contact_id": partner.id if partner != partner.commercial_partner_id else False,
        "channel": "portal",
        "email_from": partner.email,
        "company_id": user.company_id.id,
    })
    # sudo: portal users create complaints through this form only (no create right)
    complaint = env["logistics.complaint"].sudo().with_context(mail_create_nosubscribe=True).create(values)
    complaint.message_post(
        body=Markup("<p>%s</p>") % env._("Complaint submitted on the portal by %(name)s.", name=partner.name),
        subtype_xmlid="mail.mt_note", author_id=partner.id)
    if files:
        # the files in the conversation (attached to the complaint): the customer sees them too
        complaint.message_post(
            body=Markup("<p>%s</p>") % env._("Files sent with the complaint."), attachments=list(files),
            author_id=partner.id, message_type="comment", subtype_xmlid="mail.mt_comment")
    complaint._send_customer_mail("logistics_complaints.mail_template_complaint_received")
    return complaint
