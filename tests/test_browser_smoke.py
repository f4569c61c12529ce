"""A person's first steps, in a real headless Chromium."""
import odoo.tests.common
from odoo.tests.common import HttpCase

from odoo.addons.logistics_crm.tests.common import Browser


class TestBrowserSmoke(HttpCase):

    def setUp(self):
        super(TestBrowserSmoke, self).setUp()
        self.browser = Browser("http://127.0.0.1:%s" % odoo.tests.common.PORT)
        self.addCleanup(self.browser.quit)

    def test_admin_opens_contacts_and_a_partner(self):
        partner = self.env.ref('base.res_partner_2')
        b = self.browser
        b.login('admin', 'admin')
        b.wait_css('.o_main_navbar, .o_main', timeout=60)
        action = self.env.ref('contacts.action_contacts')
        b.get('/web#action=%d&view_type=kanban' % action.id)
        b.wait_css('.o_kanban_view .o_kanban_record', timeout=60)
        b.get('/web#id=%d&model=res.partner&view_type=form&action=%d' % (partner.id, action.id))
        field = b.wait_css('.o_form_view .o_field_widget[name="name"]', timeout=60)
        self.assertIn(partner.name, field.text)
        self.assertEqual(b.severe_console_entries(), [])

    def test_portal_customer_opens_my_home(self):
        b = self.browser
        b.login('portal', 'portal')
        b.get('/my/home')
        b.wait_css('.o_portal_my_home', timeout=30)
        self.assertIn('/my/home', b.driver.current_url)
        self.assertEqual(b.severe_console_entries(), [])
