"""18.0.1.2.0: a campaign's texts are rendered as a mail template of the invitation.

A campaign's invitation and reminder were plain HTML with two markers the campaign replaced
by hand (__URL__: the personal survey link, __NAME__: the contact's name); they are now QWeb,
rendered for each invitation (survey.user_input) in its contact's language as Odoo's survey
invitation is. The markers of every language of every campaign become the same expressions,
and each campaign writes its invitations in the contact's language (its ``lang``).
"""
import json
import re

LINK = "object.get_start_url()"
# the marker as an attribute's whole value (href="__URL__"), then anywhere else in the text
URL_ATTRIBUTE = re.compile(r"""\b([a-zA-Z][\w-]*)=(["'])__URL__\2""")
MARKERS = {
    "__URL__": '<t t-out="object.get_base_url() + %s"/>' % LINK,
    "__NAME__": "<t t-out=\"object.partner_id.name or ''\"/>",
}


def to_qweb(html):
    if not html:
        return html
    html = URL_ATTRIBUTE.sub(lambda match: 't-att-%s="%s"' % (match.group(1), LINK), html)
    for marker, expression in MARKERS.items():
        html = html.replace(marker, expression)
    return html


def migrate(cr, version):
    if not version:
        return
    cr.execute("""UPDATE logistics_survey_campaign SET lang = '{{ object.partner_id.lang }}'
                   WHERE lang IS NULL OR lang = ''""")
    cr.execute("SELECT id, body_html, reminder_body_html FROM logistics_survey_campaign")
    for campaign_id, *texts in cr.fetchall():
        converted = [{lang: to_qweb(value) for lang, value in (text or {}).items()} or None for text in texts]
        if converted != [text or None for text in texts]:
            cr.execute("UPDATE logistics_survey_campaign SET body_html = %s, reminder_body_html = %s WHERE id = %s",
                       [json.dumps(value) if value else None for value in converted] + [campaign_id])
