from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.logistics_crm.tools import selection_labels

from .logistics_complaint import SATISFACTION, STATE_KEYS


class LogisticsComplaint(models.Model):
    """The complaint as a mail thread: followers, customer mails and their portal links, the
    alias intake, the portal timeline. (The fields and the workflow: logistics_complaint.py.)"""
    _inherit = "logistics.complaint"

    # ---------------------------------------------------------------- mail, followers, portal
    def _rating_get_partner(self):
        return self.contact_id or self.partner_id

    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """As the portal page (controllers/portal_base.py): a token or a hash grants the
        complaint to a visitor or to a user of its own customer, never to a logged-in user
        of another customer (/mail/thread/data, /mail/chatter_fetch, /mail/message/post,
        /mail/attachment/upload answered them with another company's complaint)."""
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        user = self.env.user
        if thread and not self.env.su and user.share and not user._is_public():
            if len(thread) != 1 or thread.sudo().partner_id != user.partner_id.commercial_partner_id:
                return self.browse()
        return thread

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = "/my/complaints/%s" % complaint.id
        return res

    @api.depends("contact_id.email", "partner_id.email")
    def _compute_notify_partner_id(self):
        for complaint in self:
            complaint.notify_partner_id = complaint.contact_id if complaint.contact_id.email else (
                complaint.partner_id if complaint.partner_id.email else False)

    def _follower_strangers(self, partner_ids):
        """The partners of ``partner_ids`` that may not follow ``self`` (a complaint): anyone but
        employees and the contacts of the complaint's customer."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        customer = self.sudo().partner_id
        return partners.filtered(lambda p: not (
            any(not user.share for user in p.with_context(active_test=False).user_ids)
            or (customer and p.commercial_partner_id == customer)))

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Followers are employees and the complaint's own customer contacts only: nobody else
        receives its mails (with their portal link) or reads it as a follower."""
        if not self.has_access("read"):
            return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)  # refused there
        for complaint in self:
            strangers = complaint._follower_strangers(partner_ids or [])
            if strangers:
                raise AccessError(_("%(partners)s cannot follow the complaint %(name)s: followers are "
                                    "employees and the contacts of the complaint's customer.",
                                    partners=", ".join(strangers.mapped("display_name")),
                                    name=complaint.sudo().name))
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """The automatic subscriptions too (the author of a mail on the alias, a poster): strangers
        are left out, silently (the mail is still processed)."""
        if partner_ids and len(self) == 1:
            partner_ids = [pid for pid in partner_ids if pid not in self._follower_strangers(partner_ids).ids]
        elif partner_ids:
            for complaint in self:
                complaint._message_subscribe(partner_ids, subtype_ids, customer_ids)
            return True
        return super()._message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids,
                                          customer_ids=customer_ids)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """The complaint's customer contacts get the portal button with the token (portal's
        ``portal_customer`` group, widened to every contact of the customer); other portal
        users and outsiders get no token."""
        groups = super()._notify_get_recipients_groups(message, model_description, msg_vals=msg_vals)
        if not self:
            return groups
        self.ensure_one()
        customer = self.sudo().partner_id
        contacts = set((customer | customer.child_ids).ids) if customer else set()
        for index, (group_name, _group_method, group_data) in enumerate(groups):
            if group_name == "portal_customer":
                groups[index] = (group_name, lambda pdata: pdata["id"] in contacts, group_data)
                group_data["button_access"]["title"] = _("View complaint")
        return groups

    def _mail_track(self, tracked_fields, initial_values):
        """A change of state also keeps the state's position (new_value_integer) in its tracking
        value: the portal timeline reads the state from it in the reader's language."""
        changes, tracking_value_ids = super()._mail_track(tracked_fields, initial_values)
        if "state" in changes:
            state_field = self.env["ir.model.fields"]._get(self._name, "state")
            for command in tracking_value_ids:
                if command[2].get("field_id") == state_field.id:
                    command[2]["new_value_integer"] = STATE_KEYS.index(self.state) + 1
        return changes, tracking_value_ids

    def _portal_timeline(self):
        """The steps of the complaint: [(date, state label in the reader's language)], oldest first."""
        self.ensure_one()
        labels = selection_labels(self, "state")
        trackings = self.env["mail.tracking.value"].sudo().search([
            ("mail_message_id.model", "=", self._name), ("mail_message_id.res_id", "=", self.id),
            ("field_id.name", "=", "state"), ("new_value_integer", ">", 0)], order="id")
        steps = [(t.mail_message_id.date, STATE_KEYS[t.new_value_integer - 1])
                 for t in trackings if t.new_value_integer <= len(STATE_KEYS)]
        # the steps of a complaint imported or brought in without its history: their own dates
        tracked = {state for _date, state in steps}
        complaint = self.sudo()
        for state, when in (("acknowledged", complaint.acknowledged_date), ("approved", complaint.approved_date),
                            ("resolved", complaint.resolved_date), ("closed", complaint.closed_date)):
            if when and state not in tracked:
                steps.append((when, state))
        return [(when, labels[state]) for when, state in sorted(steps, key=lambda step: step[0])]

    def _log_step(self, message):
        """A chatter note for a workflow step, saying who did it and when."""
        when = fields.Datetime.context_timestamp(self, fields.Datetime.now()).strftime("%Y-%m-%d %H:%M")
        for complaint in self:
            complaint.message_post(
                body=Markup("<p>%s</p><p><i>%s</i></p>") % (
                    message, _("by %(user)s on %(when)s", user=self.env.user.name, when=when)),
                subtype_xmlid="mail.mt_note")

    def _send_customer_mail(self, template_xmlid):
        """Send the customer notification ``template_xmlid``. To a customer contact it is posted
        in the complaint's conversation (Odoo's ``message_post_with_source``, as sale posts its
        confirmation): the customer reads it in the portal too, in the contact's language. An
        e-mail address without a contact gets the mail alone (mail.mail, sent by the queue)."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        mails = self.env["mail.mail"]
        if not template:
            return mails
        for complaint in self.sudo().with_context(logistics_customer_mail=True, mail_notify_force_send=False):
            if complaint.notify_partner_id:
                # the customer who submits on the portal is Odoo's "author": notified all the same
                oneself = complaint.notify_partner_id == self.env.user.partner_id
                message = complaint.with_context(mail_notify_author=oneself).message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment",
                    author_id=complaint.company_id.partner_id.id)
                mails |= mails.sudo().search([("mail_message_id", "in", message.ids)])
            elif complaint.email_from:
                mails |= mails.sudo().browse(template.sudo().send_mail(complaint.id, force_send=False))
        return mails

    def get_notify_tz(self):
        """Time zone of the customer mails: the notified person's, else its company's, else ours
        (``res.partner._logistics_tz``, the one rule of pages, mails and chatter)."""
        self.ensure_one()
        partner = self.notify_partner_id or self.partner_id
        return partner._logistics_tz() if partner else self.company_id._logistics_tz()

    def get_portal_link(self, anchor=""):
        """Absolute link to the complaint on the portal, carrying the access token."""
        self.ensure_one()
        return self.get_base_url() + self.sudo().get_portal_url(anchor=anchor or None)

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # an agent's public answer to the customer is a response
        if (message.message_type == "comment" and message.subtype_id == self.env.ref("mail.mt_comment")
                and not self.env.context.get("logistics_customer_mail")
                and not self.env.user.share and not self.env.user._is_superuser()):
            pending = self.filtered(lambda c: not c.first_response_date and c.state != "cancelled")
            if pending:
                pending.sudo()._workflow_write({"first_response_date": fields.Datetime.now()})
        return message

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Incoming mail on the complaints alias: a new complaint, the customer found by sender."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        partner = self.env["res.partner"]
        if email_from:
            partner = self.env["mail.thread"]._mail_find_partner_from_emails([email_from])[0] or partner
        values.setdefault("name", "/")  # the sequence gives the reference, not the mail subject
        values.setdefault("channel", "email")
        values.setdefault("subject", (msg_dict.get("subject") or "")[:200])
        values.setdefault("email_from", email_from)
        values.setdefault("description", msg_dict.get("body") or "")
        if msg_dict.get("date"):
            values.setdefault("received_date", msg_dict["date"])
        if partner:
            values.setdefault("partner_id", partner.commercial_partner_id.id)
            if partner != partner.commercial_partner_id:
                values.setdefault("contact_id", partner.id)
        complaint = super(LogisticsComplaint, self.with_context(mail_create_nosubscribe=True)).message_new(
            msg_dict, custom_values=values)
        complaint._send_customer_mail("logistics_complaints.mail_template_complaint_received")
        return complaint

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        person = self.contact_id or self.partner_id
        if person:
            self._message_add_suggested_recipient(recipients, partner=person, reason=_("Customer"))
        elif self.email_from:
            self._message_add_suggested_recipient(recipients, email=self.email_from, reason=_("Customer e-mail"))
        return recipients

    # ---------------------------------------------------------------- rating
    def _portal_can_rate(self):
        self.ensure_one()
        return self.state in ("resolved", "closed") and not self.customer_rating

    def _check_rater(self, partner):
        """Only the complaint's customer rates it: a contact of its customer."""
        if not partner or not self.partner_id or partner.commercial_partner_id != self.partner_id:
            raise AccessError(_("Only the customer can rate the resolution of a complaint."))

    def action_rate(self, rating, comment="", partner=None):
        """The customer rates the resolution (1-5) once per resolution. A customer calls it as
        himself; the portal (sudo, after its access check) names the rating person in ``partner``
        (the logged-in user's, else the complaint's contact for a visitor with the token)."""
        self.ensure_one()
        if not self.env.su:
            self.check_access("read")
            partner = self.env.user.partner_id
            if not self.env.user.share:
                raise AccessError(_("Only the customer can rate the resolution of a complaint."))
        if isinstance(partner, int):
            partner = self.env["res.partner"].browse(partner)
        partner = partner or self.contact_id or self.partner_id
        self._check_rater(partner.sudo())
        if self.state not in ("resolved", "closed"):
            raise ValidationError(_("You can rate a complaint once it is resolved."))
        if self.customer_rating:
            raise ValidationError(_("This complaint has already been rated."))
        if str(rating) not in dict(SATISFACTION):
            raise ValidationError(_("Choose a rating from 1 to 5."))
        comment = (comment or "").replace("\x00", "").strip()
        if len(comment) > 2000:
            raise ValidationError(_("The comment is too long (at most 2000 characters)."))
        token = self.sudo()._rating_get_access_token(partner)
        rating_rec = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        self.sudo().rating_apply(int(rating), rating=rating_rec, feedback=comment, subtype_xmlid="mail.mt_note")
        return True

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None,
                     notify_delay_send=False):
        """Also the route of the rating mails (/rate/<token>/...): a rating counts once per
        resolution, from the complaint's customer, on a resolved complaint; anything else leaves
        the rating as it is."""
        self.ensure_one()
        if token:
            rating = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        if (not rating or rating.res_model != self._name or rating.res_id != self.id
                or self.state not in ("resolved", "closed") or self.customer_rating
                or not rating.partner_id or rating.partner_id.commercial_partner_id != self.partner_id):
            return rating
        value = min(5, max(1, int(round(rate))))
        rating = super().rating_apply(value, rating=rating, feedback=feedback, subtype_xmlid=subtype_xmlid,
                                      notify_delay_send=notify_delay_send)
        self.sudo()._workflow_write({"customer_rating_id": rating.id})
        return rating
