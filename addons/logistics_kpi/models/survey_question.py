from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    criterion_id = fields.Many2one(
        "logistics.satisfaction.criterion", string="Satisfaction criterion", ondelete="set null",
        help="The answers (a number, or the score of the chosen answer) count for this criterion "
             "of the satisfaction index.")
    is_nps = fields.Boolean(
        "NPS question", help="'How likely are you to recommend us?' answered 0-10: "
                             "promoters 9-10, detractors 0-6.")

    @api.constrains("is_nps", "criterion_id")
    def _check_nps(self):
        if any(q.is_nps and q.criterion_id for q in self):
            raise ValidationError(_("The NPS question cannot also be mapped to a satisfaction criterion."))

    def _logistics_answer_values(self, value):
        """Values of an answer line giving ``value`` to this scale or number question (the
        suite's questions are survey scales since 18.0.1.1.0, older ones number boxes)."""
        self.ensure_one()
        if self.question_type == "scale":
            return {"question_id": self.id, "answer_type": "scale", "value_scale": int(value)}
        return {"question_id": self.id, "answer_type": "numerical_box", "value_numerical_box": value}
