from datetime import timedelta

from odoo import api, fields, models

from ..tools import for_reader
from .logistics_partner_key_date import celebrated_month_days


class LogisticsCustomerCare(models.AbstractModel):
    """Customer care (客户关怀): the account managers' reminders about their
    customers — due reviews of the customer archive, birthdays of contacts and
    anniversaries of customers, with greetings and proposed visits."""

    _name = "logistics.customer.care"
    _description = "Customer care: archive reviews, birthdays and anniversaries"

    # ---- activities -----------------------------------------------------------------
    @api.model
    def _review_activity_types(self):
        return (self.env.ref("logistics_crm.mail_activity_review_basic")
                | self.env.ref("logistics_crm.mail_activity_review_business")
                | self.env.ref("logistics_crm.mail_activity_review_needs"))

    @api.model
    def _open_activity_keys(self, activity_types, partners):
        """(partner id, activity type id) of the open activities already there."""
        if not partners:
            return set()
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("activity_type_id", "in", activity_types.ids)])
        return {(a.res_id, a.activity_type_id.id) for a in activities}

    @api.model
    def _schedule_activities(self, todo):
        """``mail.activity`` for [(partner, activity type, user, summary)], created
        in one batch through the ORM (followers, notifications and bus included). A
        summary of None is the activity type's, in the assignee's language."""
        if not todo:
            return 0
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        # batches in which each (customer, user) comes once: a batch subscribes
        # its users as followers, and twice the same pair would be one too many
        rounds = []
        for partner, activity_type, user, summary in todo:
            index = sum(1 for batch in rounds for vals in batch
                        if (vals["res_id"], vals["user_id"]) == (partner.id, user.id))
            if index == len(rounds):
                rounds.append([])
            rounds[index].append({
                "res_model_id": model_id, "res_id": partner.id,
                "activity_type_id": activity_type.id, "user_id": user.id,
                "summary": summary if summary is not None else for_reader(activity_type, user.partner_id).summary,
                "date_deadline": today,
            })
        Activity = self.env["mail.activity"].sudo()
        for batch in rounds:
            Activity.create(batch)
        return len(todo)

    @api.model
    def _cron_profile_reviews(self):
        """One activity per due review item of each key account, never two."""
        partners = self.env["res.partner"].sudo().search([
            ("is_key_account", "=", True), ("customer_rank", ">", 0),
            ("account_manager_id", "!=", False), ("review_due", "=", True)])
        types = {"basic": self.env.ref("logistics_crm.mail_activity_review_basic"),
                 "business": self.env.ref("logistics_crm.mail_activity_review_business"),
                 "needs": self.env.ref("logistics_crm.mail_activity_review_needs")}
        existing = self._open_activity_keys(self._review_activity_types(), partners)
        todo = []
        for partner in partners:
            for item in partner._review_due_items():
                if (partner.id, types[item].id) not in existing:
                    todo.append((partner, types[item], partner.account_manager_id, None))
        return self._schedule_activities(todo)

    # ---- birthdays and anniversaries ------------------------------------------------
    @api.model
    def _care_today(self):
        """Today in the company's timezone: the (cron) user's, else the company's,
        else China's. The server runs in UTC, which is yesterday before 8:00 in China."""
        tz = self.env.context.get("tz") or self.env.user.tz or self.env.company._logistics_tz()
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _propose_care_visit(self, customer, visit_type, agenda, contacts=None):
        """A planned visit of the account manager to ``customer``, unless one of
        ``visit_type`` is planned already (the new ``contacts`` join it then)."""
        Visit = self.env["logistics.visit"].sudo()
        contacts = contacts or self.env["res.partner"]
        planned = Visit.search([("partner_id", "=", customer.id), ("visit_type", "=", visit_type),
                                ("state", "=", "planned")], limit=1)
        if planned:
            if contacts - planned.contact_ids:
                planned.write({"contact_ids": [(4, c.id) for c in contacts - planned.contact_ids]})
            return Visit
        start = fields.Datetime.now() + timedelta(days=1)
        return Visit.create({
            "partner_id": customer.id, "user_id": customer.account_manager_id.id,
            "visit_type": visit_type, "contact_ids": [(6, 0, contacts.ids)],
            "date_start": start, "date_end": start + timedelta(hours=1),
            "agenda": agenda,
        })

    @api.model
    def _join_occasions(self, names):
        names = [n for n in names if n]
        if len(names) < 2:
            return names[0] if names else ""
        return self.env._("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])

    @api.model
    def _cron_customer_care(self, today=None):
        """Birthday greetings to contacts, anniversary greetings and visit suggestions.

        ``today`` defaults to today in the company's timezone; a date of Feb 29
        is celebrated on Feb 28 in common years. A customer gets one anniversary
        greeting a day, naming all its occasions.
        """
        today = fields.Date.to_date(today) if today else self._care_today()
        month_days = celebrated_month_days(today)
        Partner = self.env["res.partner"].sudo()
        sent = 0
        Partner.flush_model(["active", "birthday", "email", "last_birthday_greeting_year",
                             "is_company", "cooperation_start_date"])
        self.env["logistics.partner.key.date"].flush_model()
        # contacts' birthdays (once per year), and a visit for the account manager
        self.env.cr.execute("""
            SELECT id FROM res_partner
             WHERE active AND birthday IS NOT NULL AND email IS NOT NULL
               AND to_char(birthday, 'MM-DD') IN %s
               AND COALESCE(last_birthday_greeting_year, 0) < %s
        """, (month_days, today.year))
        contacts = Partner.browse([r[0] for r in self.env.cr.fetchall()])
        template = self.env.ref("logistics_crm.mail_template_birthday")
        for contact in contacts:
            template.send_mail(contact.id)
            contact.last_birthday_greeting_year = today.year
            sent += 1
            customer = contact.commercial_partner_id
            if customer.account_manager_id:
                manager = for_reader(self, customer.account_manager_id.partner_id)  # the agenda's reader
                self._propose_care_visit(
                    customer, "birthday", manager.env._("Congratulate %s on their birthday.", contact.name),
                    contacts=(contact - customer))
        # cooperation anniversaries are remembered as yearly key dates of kind 'opening'
        KeyDate = self.env["logistics.partner.key.date"].sudo()
        self.env.cr.execute("""
            SELECT p.id FROM res_partner p
             WHERE p.active AND p.is_company AND p.cooperation_start_date IS NOT NULL
               AND to_char(p.cooperation_start_date, 'MM-DD') IN %s AND p.cooperation_start_date < %s
               AND NOT EXISTS (SELECT 1 FROM logistics_partner_key_date k
                                WHERE k.partner_id = p.id AND k.kind = 'opening' AND k.yearly
                                  AND k.date = p.cooperation_start_date)
        """, (month_days, today))
        # named in the customer's language: the name goes into its greeting mail
        new_dates = [{"partner_id": partner.id, "name": for_reader(self, partner).env._("our cooperation anniversary"),
                      "kind": "opening", "date": partner.cooperation_start_date, "yearly": True}
                     for partner in Partner.browse([r[0] for r in self.env.cr.fetchall()])]
        if new_dates:
            KeyDate.create(new_dates)
        # anniversaries: one greeting per customer, whatever the number of its key dates
        key_dates = KeyDate.search([
            ("partner_id.active", "=", True),
            "|", ("last_greeted_year", "=", False), ("last_greeted_year", "<", today.year)])._occurs_on(today)
        anniversary = self.env.ref("logistics_crm.mail_template_anniversary")
        for partner in key_dates.partner_id:
            dates = key_dates.filtered(lambda k, partner=partner: k.partner_id == partner)
            occasion = for_reader(self, partner)._join_occasions(dates.mapped("name"))
            anniversary.with_context(occasion=occasion).send_mail(partner.id)
            dates.write({"last_greeted_year": today.year})
            sent += 1
            if partner.account_manager_id:
                manager = for_reader(self, partner.account_manager_id.partner_id)
                self._propose_care_visit(partner, "anniversary",
                                         manager.env._("Congratulate the customer: %s.", occasion))
        return sent
