from odoo.tests import TransactionCase

from odoo.addons.logistics_crm.tests.common import SmtpSinkMixin

from .common import AgreementCase

ZH_SUBJECT = "季度业务回顾 {{ object.year }}-Q{{ object.quarter }} – {{ object.partner_id.name }}"


class TestReviewMail(AgreementCase, SmtpSinkMixin, TransactionCase):
    """The review pack's mail through the real SMTP sink: sent while the mail server is down,
    it waits in the queue (failed, kept); once the server answers, the queue delivers it once to
    the statement contact, in the contact's language, with the pack's PDF, as Odoo delivers its
    mails (From, Return-Path and bounce of the company's alias domain)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        env.company.write({"alias_domain_id": env["mail.alias.domain"].create({"name": "sink.example"}).id,
                           "email": "service@xunjie-scm.example"})
        cls.cust_a.industry_influence = True  # a key account
        cls.contact = env["res.partner"].create({
            "name": "王敏", "parent_id": cls.cust_a.id, "email": "wangmin@agreed.example", "lang": "zh_CN"})
        cls.cust_a.statement_contact_id = cls.contact
        # the template's Chinese, as its translation gives it: what a Chinese contact reads
        cls.template = env.ref("logistics_service_agreement.mail_template_business_review")
        cls.template.update_field_translations("subject", {"zh_CN": ZH_SUBJECT})
        Review = env["logistics.business.review"]
        cls.review = Review._get_or_create(cls.cust_a, *Review._last_quarter())

    def setUp(self):
        super().setUp()
        self.env["ir.mail_server"].sudo().search([]).write({"from_filter": "sink.example"})

    def queue(self, mails):
        self.env["mail.mail"].process_email_queue(ids=mails.ids)
        self.env.invalidate_all()

    def test_pack_mailed_once_after_an_outage(self):
        review = self.review.with_user(self.am1).with_context(force_report_rendering=True)
        review.action_generate()
        pdf = self.review.attachment_id
        self.assertTrue(pdf.raw.startswith(b"%PDF"))
        self.smtp.stop()
        review.action_send()
        self.assertEqual(self.review.state, "sent")
        mail = self.review.mail_id
        self.assertEqual(mail.attachment_ids, pdf)
        for _run in range(2):
            self.queue(mail)
            self.assertEqual((mail.state, mail.failure_type), ("exception", "mail_smtp"))
        self.assertFalse(self.smtp.messages)
        self.smtp.start()
        self.queue(mail)
        self.assertFalse(mail.exists(), "delivered, and deleted (auto_delete)")
        self.assertEqual(pdf.exists(), pdf, "the pack keeps its PDF")
        received, = self.smtp.wait_for(1)
        self.assertEqual(len(self.smtp.messages), 1)
        message = received["message"]
        self.assertEqual(received["to"], [self.contact.email])
        self.assertEqual(message["To"].addresses[0].display_name, self.contact.name)
        # the server sends for the alias domain only: Odoo's From (the company, its notification
        # address), Reply-To and bounce
        sender = message["From"].addresses[0]
        self.assertEqual((sender.display_name, sender.addr_spec), (self.env.company.name, "notifications@sink.example"))
        self.assertEqual(message["Reply-To"].addresses[0].addr_spec, self.env.company.email)
        self.assertEqual(received["from"], "bounce@sink.example")
        self.assertEqual(str(message["Return-Path"]), "bounce@sink.example")
        self.assertEqual(received["subject"], "季度业务回顾 %s-Q%s – %s" % (
            self.review.year, self.review.quarter, self.cust_a.name))
        attachment, = message.iter_attachments()
        self.assertEqual((attachment.get_filename(), attachment.get_content_type()), (pdf.name, "application/pdf"))
        self.assertEqual(attachment.get_content(), pdf.raw)
        self.assertIn("/my/reviews", message.get_body(("html",)).get_content())

    def test_english_contact_reads_english(self):
        self.contact.lang = "en_US"
        self.review.with_user(self.am1).action_send()
        self.queue(self.review.mail_id)
        received, = self.smtp.wait_for(1)
        self.assertEqual(received["subject"], "Quarterly business review %s-Q%s – %s" % (
            self.review.year, self.review.quarter, self.cust_a.name))
        self.assertIn("Dear 王敏,", received["message"].get_body(("html",)).get_content())
