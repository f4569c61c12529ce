from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase

from odoo.addons.logistics_kpi.models.logistics_ahp_matrix import ahp_weights
from odoo.addons.logistics_kpi.models.logistics_satisfaction_criterion import nps_score

from .common import KpiCase

# Textbook example (Saaty's 1-9 scale, three criteria), as found in AHP course
# material: A = [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]] gives the priority vector
# w = (0.637, 0.258, 0.105), lambda_max = 3.039, CI = 0.019 and, with Saaty's
# RI(3) = 0.58, CR = 0.033 (consistent).
TEXTBOOK = [[1, 3, 5], [1 / 3., 1, 3], [1 / 5., 1 / 3., 1]]


class TestAhp(TransactionCase):

    def test_textbook_example(self):
        weights, lambda_max, ci, cr = ahp_weights(TEXTBOOK)
        self.assertEqual([round(w, 3) for w in weights], [0.637, 0.258, 0.105])
        self.assertAlmostEqual(sum(weights), 1.0, places=9)
        self.assertAlmostEqual(lambda_max, 3.039, delta=0.001)
        self.assertAlmostEqual(ci, 0.019, places=3)
        self.assertAlmostEqual(cr, 0.033, places=3)

    def test_perfectly_consistent_matrix(self):
        # built from weights 0.5/0.3/0.2: a_ij = w_i / w_j -> CR = 0, weights recovered
        w = [0.5, 0.3, 0.2]
        weights, lambda_max, ci, cr = ahp_weights([[a / b for b in w] for a in w])
        self.assertEqual([round(x, 6) for x in weights], w)
        self.assertAlmostEqual(cr, 0.0, places=9)

    def test_inconsistent_matrix_refused(self):
        # A > B (9), B > C (9) but C > A (9): cyclic judgments
        with self.assertRaisesRegex(ValidationError, "CR"):
            ahp_weights([[1, 9, 1 / 9.], [1 / 9., 1, 9], [9, 1 / 9., 1]])

    def test_non_reciprocal_refused(self):
        with self.assertRaisesRegex(ValidationError, "not reciprocal"):
            ahp_weights([[1, 3, 5], [1 / 2., 1, 3], [1 / 5., 1 / 3., 1]])

    def test_non_positive_refused(self):
        with self.assertRaisesRegex(ValidationError, "positive"):
            ahp_weights([[1, 0, 5], [0, 1, 3], [1 / 5., 1 / 3., 1]])
        with self.assertRaisesRegex(ValidationError, "positive"):
            ahp_weights([[1, -3], [-1 / 3., 1]])

    def test_nps(self):
        # 4 promoters (9, 10), 3 passives (7, 8), 3 detractors (0-6) -> 40 % - 30 % = 10
        self.assertAlmostEqual(nps_score([10, 9, 9, 10, 7, 8, 8, 6, 0, 3]), 10.0)
        self.assertAlmostEqual(nps_score([10, 10]), 100.0)
        self.assertAlmostEqual(nps_score([6, 5, 9]), -100.0 / 3)
        self.assertIsNone(nps_score([]))


class TestAhpMatrixAndIndex(KpiCase, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["logistics.satisfaction.criterion"]
        cls.env["logistics.ahp.matrix"].search([]).write({"active": False})
        Criterion.search([]).write({"active": False})
        cls.c1 = Criterion.create({"name": "On time", "code": "t_time", "sequence": 1})
        cls.c2 = Criterion.create({"name": "Accurate", "code": "t_acc", "sequence": 2})
        cls.c3 = Criterion.create({"name": "Price ok", "code": "t_price", "sequence": 3})
        cls.criteria = [cls.c1, cls.c2, cls.c3]

    def matrix_values(self, values):
        return [Command.create({"row_id": self.criteria[i].id, "col_id": self.criteria[j].id, "value": values[i][j]})
                for i in range(3) for j in range(3)]

    def test_matrix_sets_weights_and_consistency(self):
        matrix = self.env["logistics.ahp.matrix"].create({"name": "Test", "cell_ids": self.matrix_values(TEXTBOOK)})
        self.assertAlmostEqual(matrix.consistency_ratio, 0.033, places=3)
        self.assertAlmostEqual(matrix.lambda_max, 3.039, delta=0.001)
        self.assertEqual([round(c.weight, 3) for c in self.criteria], [0.637, 0.258, 0.105])

    def test_matrix_refuses_bad_judgments_and_saves_nothing(self):
        bad = [[1, 3, 5], [1 / 3., 1, 3], [1 / 5., 3, 1]]  # (3,2) should be 1/3
        with self.assertRaisesRegex(ValidationError, "not reciprocal"), self.env.cr.savepoint():
            self.env["logistics.ahp.matrix"].create({"name": "Bad", "cell_ids": self.matrix_values(bad)})
        self.assertFalse(self.env["logistics.ahp.matrix"].search([("name", "=", "Bad")]))

    def test_editing_a_cell_sets_its_reciprocal(self):
        matrix = self.env["logistics.ahp.matrix"].create({"name": "Test", "cell_ids": self.matrix_values(TEXTBOOK)})
        cell = matrix.cell_ids.filtered(lambda c: c.row_id == self.c1 and c.col_id == self.c2)
        matrix.write({"cell_ids": [Command.update(cell.id, {"value": 2.0})]})
        mirror = matrix.cell_ids.filtered(lambda c: c.row_id == self.c2 and c.col_id == self.c1)
        self.assertAlmostEqual(mirror.value, 0.5)
        self.assertLess(self.c1.weight, 0.637)

    def test_a_cell_edited_on_its_own_is_checked(self):
        """Over RPC a judgment can be written without its matrix: same checks, same weights."""
        matrix = self.env["logistics.ahp.matrix"].create({"name": "Test", "cell_ids": self.matrix_values(TEXTBOOK)})
        cell = matrix.cell_ids.filtered(lambda c: c.row_id == self.c2 and c.col_id == self.c3)
        for value in (0.0, -3.0, 1 / 9.):  # non-positive; 1/9 makes the matrix inconsistent (CR > 0.1)
            with self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    cell.write({"value": value})
            cell.invalidate_recordset()
            self.assertAlmostEqual(cell.value, 3.0)
        cell.write({"value": 2.0})
        self.assertAlmostEqual(matrix.cell_ids.filtered(
            lambda c: c.row_id == self.c3 and c.col_id == self.c2).value, 0.5)
        self.assertNotAlmostEqual(matrix.consistency_ratio, 0.033, places=3)
        self.assertNotEqual(round(self.c2.weight, 3), 0.258)
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                cell.unlink()  # a judgment missing

    def test_satisfaction_index_and_nps_from_answers(self):
        self.env["logistics.ahp.matrix"].create({"name": "Test", "cell_ids": self.matrix_values(TEXTBOOK)})
        survey = self.env["survey.survey"].create({"title": "Index test", "access_mode": "token"})
        Question = self.env["survey.question"]

        def question(title, **values):
            return Question.create(dict(values, survey_id=survey.id, title=title, question_type="numerical_box"))
        q1 = question("Q1", criterion_id=self.c1.id)
        q2 = question("Q2", criterion_id=self.c2.id)
        q3 = question("Q3", criterion_id=self.c3.id)
        nps = question("NPS", is_nps=True)
        customer = self.customer("Index Customer")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Index campaign", "kind": "periodic", "survey_id": survey.id,
            "partner_ids": [Command.set(customer.ids)], "quiet_days": 0})

        def answer(scores, nps_value, key):
            user_input = self.env["survey.user_input"].create({
                "survey_id": survey.id, "partner_id": customer.id, "customer_id": customer.id,
                "campaign_id": campaign.id, "campaign_key": key})
            lines = [Command.create({"question_id": q.id, "answer_type": "numerical_box", "value_numerical_box": v})
                     for q, v in zip((q1, q2, q3), scores, strict=True)]
            lines.append(Command.create({"question_id": nps.id, "answer_type": "numerical_box",
                                         "value_numerical_box": nps_value}))
            user_input.write({"user_input_line_ids": lines, "state": "done"})
            return user_input

        answer((5, 5, 5), 10, "k1")   # index 100
        answer((5, 0, 0), 3, "k2")    # index 100 * 0.637 = 63.7 (scale 0..5 normalised by 5)
        self.assertAlmostEqual(customer.satisfaction_index, (100 + 100 * self.c1.weight) / 2, delta=0.1)
        self.assertAlmostEqual(customer.nps, 0.0)  # one promoter, one detractor
        row = self.env["logistics.kpi.report"].read_group(
            [("partner_id", "=", customer.id)], ["satisfaction_index", "nps"], [], lazy=False)[0]
        self.assertAlmostEqual(row["satisfaction_index"], (100 + 100 * 0.63699) / 2, places=1)
        self.assertAlmostEqual(row["nps"], 0.0)

    def test_answer_month_in_company_time_zone(self):
        """An answer at 07:00 Shanghai time on the 1st (23:00 UTC the day before)
        falls into the month of the 1st, like a shipment picked up then."""
        from datetime import datetime
        self.env.company.partner_id.tz = "Asia/Shanghai"
        survey = self.env.ref("logistics_kpi.survey_satisfaction")
        customer = self.customer("Month Customer")
        campaign = self.env["logistics.survey.campaign"].create({
            "name": "Month campaign", "kind": "periodic", "survey_id": survey.id,
            "partner_ids": [Command.set(customer.ids)], "quiet_days": 0})
        answered = datetime(2026, 3, 31, 23, 0)  # UTC
        user_input = self.env["survey.user_input"].create({
            "survey_id": survey.id, "partner_id": customer.id, "customer_id": customer.id,
            "campaign_id": campaign.id, "campaign_key": "tz"})
        user_input.write({"user_input_line_ids": [Command.create({
            "question_id": self.env.ref("logistics_kpi.survey_question_nps").id,
            "answer_type": "numerical_box", "value_numerical_box": 10})],
            "state": "done", "date_done": answered})
        rows = self.env["logistics.kpi.report"].search_read(
            [("partner_id", "=", customer.id), ("nps_count", ">", 0)], ["month"])
        self.assertEqual([row["month"] for row in rows], [datetime(2026, 4, 1).date()])
