from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LogisticsSatisfactionCriterion(models.Model):
    """A criterion of the satisfaction hierarchy (timeliness, accuracy, ...).

    Its weight comes from the active AHP pairwise comparison matrix; survey
    questions are mapped to it (``survey.question.criterion_id``).
    """

    _name = "logistics.satisfaction.criterion"
    _description = "Satisfaction criterion (AHP)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    scale_max = fields.Float(
        "Best score", default=5.0, required=True,
        help="The best answer on the questions of this criterion (e.g. 5 on a 1-5 scale); "
             "scores are normalised to 0-100 with it.")
    weight = fields.Float(digits=(6, 4), readonly=True,
                          help="Priority weight from the active AHP matrix (sums to 1).")
    question_ids = fields.One2many("survey.question", "criterion_id", string="Survey questions")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a criterion must be unique."),
    ]

    @api.constrains("scale_max")
    def _check_scale_max(self):
        if any(criterion.scale_max <= 0 for criterion in self):
            raise ValidationError(_("The best score of a criterion must be positive."))

    @api.model
    def _satisfaction_scores(self, partner_ids, date_from, date_to):
        """{customer id: (satisfaction index 0-100 or None, NPS or None)} of the
        campaign surveys answered in [date_from, date_to] (local dates of the
        company's time zone)."""
        if not partner_ids:
            return {}
        self.env.flush_all()  # the answers, criteria and weights the query reads
        tz = pytz.timezone(self.env.company._logistics_tz())

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)
        responses, nps = satisfaction_sql(SATISFACTION_FILTER)
        self.env.cr.execute("""
            WITH responses AS (%s), nps AS (%s)
            SELECT p.customer_id,
                   (SELECT AVG(r.idx) FROM responses r
                     WHERE r.customer_id = p.customer_id
                       AND r.answered_on >= %%(date_from)s AND r.answered_on < %%(date_to)s),
                   (SELECT %s
                      FROM nps n WHERE n.customer_id = p.customer_id
                       AND n.answered_on >= %%(date_from)s AND n.answered_on < %%(date_to)s)
              FROM unnest(%%(partners)s) AS p(customer_id)
        """ % (responses, nps, nps_sql("n.score")), {
            "partners": list(partner_ids),
            "date_from": utc(date_from),
            "date_to": utc(date_to + timedelta(days=1)),
        })
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}


# The net promoter score (NPS) of 0-10 answers, the one definition: promoters (9-10)
# minus detractors (0-6), in % of the answers; none without answers. In SQL for the
# customer's NPS (res.partner.nps, _satisfaction_scores), the KPI report and the health
# engine; nps_score gives the same figure for answers in memory.
NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6


def _nps_where(score, where):
    return score if where is None else "(%s) AND %s" % (where, score)


def nps_net_sql(score, where=None):
    """SQL aggregate: promoters minus detractors among the answers ``score`` (SQL), of
    the rows matching ``where`` (SQL, optional)."""
    return "(COUNT(*) FILTER (WHERE %s >= %d) - COUNT(*) FILTER (WHERE %s <= %d))" % (
        _nps_where(score, where), NPS_PROMOTER_MIN, _nps_where(score, where), NPS_DETRACTOR_MAX)


def nps_count_sql(score, where=None):
    """SQL aggregate: the number of answers ``score`` (of the rows matching ``where``)."""
    return "COUNT(%s)" % score if where is None else "COUNT(%s) FILTER (WHERE %s)" % (score, where)


def nps_sql(score, where=None):
    """SQL aggregate: the NPS (float, NULL without answers) of the answers ``score``
    (of the rows matching ``where``)."""
    return "(100.0 * %s / NULLIF(%s, 0))" % (nps_net_sql(score, where), nps_count_sql(score, where))


def nps_score(answers):
    """The NPS of the 0-10 ``answers`` in memory (None ignored; None without answers):
    nps_sql's figure."""
    answers = [a for a in answers if a is not None]
    if not answers:
        return None
    promoters = sum(1 for a in answers if a >= NPS_PROMOTER_MIN)
    detractors = sum(1 for a in answers if a <= NPS_DETRACTOR_MAX)
    return 100.0 * (promoters - detractors) / len(answers)


# restricts the answers read when the customers and the period are known
SATISFACTION_FILTER = """
       AND ui.customer_id = ANY(%(partners)s)
       AND COALESCE(ui.date_done, ui.end_datetime, ui.create_date) >= %(date_from)s
       AND COALESCE(ui.date_done, ui.end_datetime, ui.create_date) < %(date_to)s"""


# Only the invitations the suite issued count (a campaign's, with the customer it
# set): answers to an invitation anybody else created never reach an index.
# Per answered survey: the AHP-weighted index (0-100) over the criteria answered
# (each criterion: mean of its questions' scores / best score), and the NPS answer.
# Plain subqueries (no WITH), so that views using them stay flattenable by PostgreSQL.
LINE_SCORES_SQL = """
    SELECT ui.id AS input_id, ui.customer_id, ui.campaign_id,
           COALESCE(ui.date_done, ui.end_datetime, ui.create_date) AS answered_on,
           q.criterion_id, COALESCE(q.is_nps, false) AS is_nps,
           CASE WHEN l.answer_type = 'numerical_box' THEN l.value_numerical_box
                WHEN l.answer_type = 'scale' THEN l.value_scale
                WHEN l.answer_type = 'suggestion' THEN l.answer_score END AS score
      FROM survey_user_input ui
      JOIN survey_user_input_line l ON l.user_input_id = ui.id AND NOT COALESCE(l.skipped, false)
      JOIN survey_question q ON q.id = l.question_id
     WHERE ui.state = 'done' AND ui.customer_id IS NOT NULL AND ui.campaign_id IS NOT NULL
       AND NOT COALESCE(ui.test_entry, false)
       AND (q.criterion_id IS NOT NULL OR q.is_nps) %(filter)s"""

RESPONSES_SQL = """
    SELECT input_id, customer_id, campaign_id, answered_on, SUM(weight * pct) / NULLIF(SUM(weight), 0) AS idx
      FROM (SELECT s.input_id, s.customer_id, s.campaign_id, s.answered_on, c.weight,
                   100.0 * AVG(LEAST(GREATEST(s.score / c.scale_max, 0.0), 1.0)) AS pct
              FROM (""" + LINE_SCORES_SQL + """) s
              JOIN logistics_satisfaction_criterion c ON c.id = s.criterion_id AND c.active
             WHERE s.score IS NOT NULL
             GROUP BY s.input_id, s.customer_id, s.campaign_id, s.answered_on, c.id, c.weight) crit
     GROUP BY input_id, customer_id, campaign_id, answered_on"""

NPS_SQL = """
    SELECT input_id, customer_id, campaign_id, answered_on, MAX(score) AS score
      FROM (""" + LINE_SCORES_SQL + """) s
     WHERE is_nps AND score IS NOT NULL
     GROUP BY input_id, customer_id, campaign_id, answered_on"""


def answer_company_sql(alias):
    """SQL: the company of an answer row ``alias`` of the subqueries above (its campaign's)."""
    return "(SELECT camp.company_id FROM logistics_survey_campaign camp WHERE camp.id = %s.campaign_id)" % alias


def satisfaction_sql(filter_sql=""):
    """(responses subquery, nps subquery) SQL, optionally filtered on the answers."""
    return RESPONSES_SQL % {"filter": filter_sql}, NPS_SQL % {"filter": filter_sql}
