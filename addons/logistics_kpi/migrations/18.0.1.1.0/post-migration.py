"""18.0.1.1.0: the satisfaction survey asks on survey's own scales, one answer per invitation.

- The suite's survey (logistics_kpi.survey_satisfaction, noupdate data): its 1-5 and 0-10
  (NPS) number boxes become survey scales with their end labels, and the answers already
  given to them scale answers (whole numbers, as the number boxes validated); the survey
  takes one answer per invitation (no "Retry" on its end page).
- Every campaign invitation gets its own invite token: survey counts the attempts per
  invitation, so the next period's invitation of a customer who answered is still open.
"""
from odoo import SUPERUSER_ID, api

# xml id: (scale_min, scale_max, min label, max label) of the suite's questions
QUESTIONS = {
    "survey_question_timeliness": (1, 5, "Very poor", "Excellent"),
    "survey_question_accuracy": (1, 5, "Very poor", "Excellent"),
    "survey_question_safety": (1, 5, "Very poor", "Excellent"),
    "survey_question_communication": (1, 5, "Very poor", "Excellent"),
    "survey_question_complaints": (1, 5, "Very poor", "Excellent"),
    "survey_question_price": (1, 5, "Very poor", "Excellent"),
    "survey_question_nps": (0, 10, "Not at all likely", "Extremely likely"),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("""UPDATE survey_user_input SET invite_token = gen_random_uuid()::varchar
                   WHERE campaign_id IS NOT NULL AND invite_token IS NULL""")
    survey = env.ref("logistics_kpi.survey_satisfaction", raise_if_not_found=False)
    if survey and not survey.is_attempts_limited:
        survey.write({"is_attempts_limited": True, "attempts_limit": 1})
    for xmlid, (low, high, low_label, high_label) in QUESTIONS.items():
        question = env.ref("logistics_kpi.%s" % xmlid, raise_if_not_found=False)
        if not question or question.question_type != "numerical_box":
            continue  # changed by the users: theirs
        cr.execute("""UPDATE survey_user_input_line
                         SET answer_type = 'scale', value_scale = ROUND(value_numerical_box)::int
                       WHERE question_id = %s AND answer_type = 'numerical_box'
                         AND value_numerical_box BETWEEN %s AND %s""", [question.id, low, high])
        question.write({"question_type": "scale", "scale_min": low, "scale_max": high,
                        "scale_min_label": low_label, "scale_max_label": high_label,
                        "validation_required": False})
    env["survey.user_input.line"].invalidate_model()
