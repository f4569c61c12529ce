from datetime import datetime, timedelta

from odoo import Command

from odoo.addons.logistics_crm.tests.common import LogisticsCrmCase


class KpiCase(LogisticsCrmCase):
    """Users of each role (logistics_crm) and a shipment factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("logistics_kpi.dispatch_tolerance_minutes", "30")
        cls.env["ir.config_parameter"].sudo().set_param("logistics_kpi.arrival_tolerance_minutes", "60")
        cls._seq = 0

    @classmethod
    def ship(cls, partner, pickup, late_minutes=0, arrival_late_minutes=0, **values):
        """A delivered shipment picked up ``late_minutes`` after plan (negative: early)."""
        cls._seq += 1
        delivery = pickup + timedelta(hours=24)
        vals = {
            "name": "T-%s-%d" % (partner.id, cls._seq),
            "partner_id": partner.id,
            "pickup_planned": pickup,
            "pickup_actual": pickup + timedelta(minutes=late_minutes),
            "delivery_planned": delivery,
            "delivery_actual": delivery + timedelta(minutes=arrival_late_minutes),
            "revenue": 1000.0,
        }
        vals.update(values)
        return cls.env["logistics.shipment"].create(vals)

    def campaign_answer(self, campaign, customer, key, nps, score, when):
        """A completed invitation of ``campaign``: ``nps`` on the 0-10 question and
        ``score`` on every criterion question, answered at ``when``."""
        survey = campaign.survey_id
        user_input = self.env["survey.user_input"].create({
            "survey_id": survey.id, "partner_id": customer.id, "customer_id": customer.id,
            "campaign_id": campaign.id, "campaign_key": key})
        lines = [Command.create({"question_id": self.env.ref("logistics_kpi.survey_question_nps").id,
                                 "answer_type": "numerical_box", "value_numerical_box": nps})]
        lines += [Command.create({"question_id": question.id, "answer_type": "numerical_box",
                                  "value_numerical_box": score})
                  for question in survey.question_ids.filtered("criterion_id")]
        user_input.write({"user_input_line_ids": lines, "state": "done", "date_done": when})
        return user_input

    def mails_since(self, floor):
        return self.env["mail.mail"].sudo().search([("id", ">", floor)], order="id")

    def mail_floor(self):
        return max(self.env["mail.mail"].sudo().search([], limit=1, order="id desc").ids or [0])


def month_start(months_back=0):
    """09:00 UTC on the first day of the month ``months_back`` months ago."""
    day = datetime.now().replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    for _i in range(months_back):
        day = (day - timedelta(days=1)).replace(day=1)
    return day
