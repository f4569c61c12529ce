"""A portal customer submits a complaint and follows it, in a real headless Chromium."""
import odoo.tests.common
from odoo.tests.common import HttpCase

from odoo.addons.logistics_crm.tests.common import PORTAL_PASSWORD, Browser

from .common import ComplaintFixtures, SharedCursorMixin


class TestComplaintBrowser(ComplaintFixtures, SharedCursorMixin, HttpCase):

    def setUp(self):
        super(TestComplaintBrowser, self).setUp()
        self._setup_fixtures(self.env)
        self.cr.commit()
        self.browser = Browser("http://127.0.0.1:%s" % odoo.tests.common.PORT)
        self.addCleanup(self.browser.quit)

    def test_portal_customer_submits_and_follows_a_complaint(self):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select
        b = self.browser
        b.login(self.portal_a.login, PORTAL_PASSWORD)
        b.get("/my/home")
        b.wait_css(".o_portal_complaints a").click()
        b.wait_css(".o_complaint_new").click()
        b.wait_css("form.o_complaint_form")
        Select(b.driver.find_element(By.NAME, "category")).select_by_value("operations")
        b.driver.find_element(By.NAME, "subject").send_keys("Cartons wet on arrival")
        b.driver.find_element(By.NAME, "shipment_ref").send_keys("WB-2026-0999")
        b.driver.find_element(By.NAME, "description").send_keys("Ten cartons were wet when they arrived.")
        b.driver.find_element(By.CSS_SELECTOR, ".o_complaint_submit").click()
        name = b.wait_css(".o_complaint_name").text
        self.assertIn(name, b.wait_css(".o_complaint_success").text)
        with self.locked_cursor():
            self.env["res.users"].invalidate_cache()
            complaint = self.env["logistics.complaint"].search([("name", "=", name)])
            self.assertEqual(complaint.partner_id, self.customer_a)
            self.assertEqual(complaint.shipment_ref, "WB-2026-0999")
            # the agent acknowledges it; the customer sees the new state and the timeline
            complaint.sudo(self.agent).action_acknowledge()
            Complaint = self.env["logistics.complaint"].with_context(lang="zh_CN")
            label = dict(Complaint._fields["state"]._description_selection(Complaint.env))["acknowledged"]
        b.get("/my/complaints")
        b.wait_css(".o_complaint_table")
        self.assertIn(name, b.driver.find_element(By.CSS_SELECTOR, ".o_complaint_table").text)
        b.driver.find_element(By.LINK_TEXT, name).click()
        state = b.wait_css(".o_complaint_state").text
        self.assertEqual(state, label)
        self.assertIn(label, b.driver.find_element(By.CSS_SELECTOR, ".o_complaint_timeline").text)

        # the customer writes in the portal chatter
        composer = b.wait_css(".o_portal_chatter_composer textarea", timeout=60)
        composer.send_keys("Please call me back about the damaged cartons.")
        b.driver.find_element(By.CSS_SELECTOR, ".o_portal_chatter_composer button[type=submit]").click()
        b.wait_css(".o_portal_chatter_message", timeout=60)
        with self.locked_cursor():
            complaint.invalidate_cache()
            self.assertTrue(any("call me back" in (m.body or "") and m.author_id == self.portal_a.partner_id
                                for m in complaint.message_ids))
        self.assertEqual(b.severe_console_entries(), [])
