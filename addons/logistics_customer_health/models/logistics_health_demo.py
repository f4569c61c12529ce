import random
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, models

# the weeks (relative to this week) of the sliding account's story
SLIDE_START = -21       # late arrivals begin, volume starts to fade
LAST_SHIPPING_WEEK = -3  # then no more shipments
RECOVERING_BAD_WEEK = -10


class LogisticsHealthDemo(models.AbstractModel):
    _name = "logistics.health.demo"
    _description = "Demo data generator of Logistics Customer Health"

    @api.model
    def _generate(self):
        """A year of shipments and a few survey answers for the two customers of the
        story, then the weekly scores of the last 26 weeks (private: not callable
        over RPC)."""
        sliding = self.env.ref("logistics_customer_health.demo_customer_sliding", raise_if_not_found=False)
        recovering = self.env.ref("logistics_customer_health.demo_customer_recovering", raise_if_not_found=False)
        Shipment = self.env["logistics.shipment"]
        if not sliding or not recovering or Shipment.search_count([("name", "=like", "HEALTH-DEMO-%")]):
            return False
        engine = self.env["logistics.health.engine"]
        this_week = engine._week_of()
        tz = pytz.timezone(self.env.company._logistics_tz())
        rnd = random.Random(20261201)

        def at(week, day, hour):
            local = tz.localize(datetime.combine(this_week + timedelta(weeks=week, days=day), time(hour)))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        values = []

        def ship(partner, week, index, arrival_late, dispatch_late):
            pickup = at(week, index % 5, 8 + index % 3)
            delivery = pickup + timedelta(hours=rnd.choice([24, 48]))
            values.append({
                "name": "HEALTH-DEMO-%d-%d-%d" % (partner.id, week + 100, index),
                "partner_id": partner.id, "service_type": "ftl",
                "origin_city": "深圳", "dest_city": "上海",
                "pickup_planned": pickup,
                "pickup_actual": pickup + timedelta(minutes=rnd.randint(60, 240) if dispatch_late
                                                    else rnd.randint(-20, 20)),
                "delivery_planned": delivery,
                "delivery_actual": delivery + timedelta(minutes=rnd.randint(180, 1440) if arrival_late
                                                        else rnd.randint(-90, 30)),
                "pieces": rnd.randint(5, 40), "weight": rnd.randint(800, 9000),
                "documents_returned": True, "documents_accurate": rnd.random() < 0.98,
                "revenue": rnd.randint(3000, 9000),
            })

        for week in range(-52, 0):
            # the sliding key account: fewer shipments, more late ones, then none
            if week <= LAST_SHIPPING_WEEK:
                slide = max(0.0, (week - SLIDE_START) / float(LAST_SHIPPING_WEEK - SLIDE_START))
                count = 6 if week < SLIDE_START else round(6 - 4 * slide)
                late = 0.06 if week < SLIDE_START else 0.35 + 0.4 * slide
                for index in range(count):
                    ship(sliding, week, index, rnd.random() < late, rnd.random() < late / 2)
            # the recovering one: one bad week
            for index in range(6):
                bad = week == RECOVERING_BAD_WEEK
                ship(recovering, week, index, bad or rnd.random() < 0.05, bad or rnd.random() < 0.03)
        now = datetime.now()
        Shipment.create([v for v in values if v["pickup_planned"] < now])
        self._generate_answers({
            sliding: [(-40, 10, 5), (-28, 9, 5), (-16, 4, 3), (-6, 3, 2)],
            recovering: [(-30, 9, 5), (-8, 9, 4)],
        }, at)
        engine._backfill(26)
        return True

    @api.model
    def _generate_answers(self, answers, at):
        campaign = self.env.ref("logistics_kpi.campaign_periodic_a", raise_if_not_found=False)
        if not campaign:
            return
        questions = campaign.survey_id.question_ids
        UserInput = self.env["survey.user_input"].sudo()
        for partner, rows in answers.items():
            contact = partner.child_ids[:1] or partner
            for week, nps, score in rows:
                answered = at(week, 2, 10)
                user_input = UserInput.create({
                    "survey_id": campaign.survey_id.id, "partner_id": contact.id, "customer_id": partner.id,
                    "email": contact.email, "campaign_id": campaign.id, "campaign_key": "health-demo%d" % week,
                    "invite_token": UserInput._generate_invite_token()})
                lines = []
                for question in questions:
                    if question.is_nps:
                        lines.append(Command.create(question._logistics_answer_values(nps)))
                    elif question.criterion_id:
                        lines.append(Command.create(question._logistics_answer_values(score)))
                user_input.write({"user_input_line_ids": lines, "state": "done",
                                  "end_datetime": answered, "date_done": answered})
