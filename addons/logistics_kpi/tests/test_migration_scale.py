"""18.0.1.1.0: a database of 18.0.1.0.0 (number boxes, retries, invitations without a token)
gets the survey's scales, one answer per invitation, and keeps its scores."""
import importlib.util
import os
from datetime import timedelta

from odoo import Command
from odoo.tests.common import TransactionCase

from .common import KpiCase, month_start

SCRIPT = os.path.join(os.path.dirname(__file__), os.pardir, "migrations", "18.0.1.1.0", "post-migration.py")


class TestScaleMigration(KpiCase, TransactionCase):

    def test_from_18_0_1_0_0(self):
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        campaign = self.env.ref("logistics_kpi.campaign_periodic_a")
        questions = survey.question_ids.filtered(lambda q: q.criterion_id or q.is_nps)
        # the 18.0.1.0.0 survey: number boxes, unlimited attempts, invitations without a token
        questions.write({"question_type": "numerical_box"})
        survey.write({"is_attempts_limited": False})
        customer = self.customer("Migrated Answers")
        answer = self.campaign_answer(campaign, customer, "old", 9, 4, month_start(1) + timedelta(days=2))
        self.assertFalse(answer.invite_token)
        open_one = self.env["survey.user_input"].create({
            "survey_id": survey.id, "partner_id": customer.id, "customer_id": customer.id,
            "campaign_id": campaign.id, "campaign_key": "old-open"})
        before = (customer.satisfaction_index, customer.nps)
        self.env.flush_all()
        spec = importlib.util.spec_from_file_location("post_migration", SCRIPT)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        for question in questions:
            self.assertEqual(question.question_type, "scale", question.title)
            self.assertEqual((question.scale_min, question.scale_max), (0, 10) if question.is_nps else (1, 5))
            self.assertTrue(question.scale_min_label)
        lines = answer.user_input_line_ids
        self.assertEqual(set(lines.mapped("answer_type")), {"scale"})
        nps_line = lines.filtered(lambda line: line.question_id.is_nps)
        self.assertEqual(nps_line.value_scale, 9)
        self.assertTrue(survey.is_attempts_limited)
        self.assertEqual(survey.attempts_limit, 1)
        self.assertTrue(answer.invite_token and open_one.invite_token)
        self.assertNotEqual(answer.invite_token, open_one.invite_token)
        # the scores read the answers as before; the open invitation can still be answered
        customer.invalidate_recordset()
        self.assertEqual((customer.satisfaction_index, customer.nps), before)
        self.assertTrue(survey._has_attempts_left(open_one.partner_id, open_one.email, open_one.invite_token))
        # a later answer on the scale counts too: one promoter (9), one detractor (0)
        open_one.write({"user_input_line_ids": [Command.create(nps_line.question_id._logistics_answer_values(0))],
                        "state": "done", "date_done": month_start(1) + timedelta(days=3)})
        customer.invalidate_recordset()
        self.assertEqual(customer.nps, 0.0)
