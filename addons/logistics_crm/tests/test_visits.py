from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tests.common import TransactionCase

from .common import LogisticsCrmCase, click


def dt(days=0, hours=0):
    return fields.Datetime.now() + timedelta(days=days, hours=hours)


class TestVisits(LogisticsCrmCase, TransactionCase):

    def visit(self, partner, days, state="planned", **values):
        values.update({"partner_id": partner.id, "user_id": partner.account_manager_id.id,
                       "date_start": dt(days), "date_end": dt(days, 1)})
        visit = self.env["logistics.visit"].create(values)
        if state == "done":
            visit.action_done()
        return visit

    def cancel(self, visit, reason):
        """Cancel as the form does: the button, then the reason in the wizard."""
        action = visit.action_cancel()
        wizard = visit.env[action["res_model"]].with_context(**action["context"]).create({"reason": reason})
        return wizard.action_cancel()

    def test_cadence_per_tier_and_overdue(self):
        a_customer = self.customer("Tier A", customer_tier="a")
        b_customer = self.customer("Tier B", customer_tier="b")
        self.visit(a_customer, -40, "done")
        self.visit(b_customer, -40, "done")
        self.assertEqual(a_customer.next_visit_date, (fields.Datetime.now() - timedelta(days=10)).date())
        self.assertTrue(a_customer.visit_overdue)       # monthly cadence
        self.assertFalse(b_customer.visit_overdue)      # quarterly cadence
        overdue = self.env["res.partner"].search(
            [("visit_overdue", "=", True), ("id", "in", (a_customer | b_customer).ids)])
        self.assertEqual(overdue, a_customer)
        not_overdue = self.env["res.partner"].search(
            [("visit_overdue", "=", False), ("id", "in", (a_customer | b_customer).ids)])
        self.assertEqual(not_overdue, b_customer)
        # a new visit resets the clock; the cadence follows the settings
        self.visit(a_customer, -1, "done")
        self.assertFalse(a_customer.visit_overdue)
        self.assertTrue(a_customer.last_visit_date)

    def test_cadence_from_settings(self):
        self.env["res.config.settings"].create({"logistics_visit_days_b": 20}).execute()
        customer = self.customer("Tier B", customer_tier="b")
        self.visit(customer, -25, "done")
        self.assertTrue(customer.visit_overdue)

    def test_done_in_future_refused(self):
        customer = self.customer("Future")
        visit = self.visit(customer, 2)
        with self.assertRaisesRollback(ValidationError):
            visit.action_done()
        self.assertEqual(visit.state, "planned")

    def test_end_before_start_refused(self):
        customer = self.customer("Backwards")
        with self.assertRaisesRollback(ValidationError):
            self.env["logistics.visit"].create({"partner_id": customer.id, "date_start": dt(1), "date_end": dt(0)})

    def test_calendar_event_and_cancel_with_reason(self):
        customer = self.customer("Calendar")
        visit = self.visit(customer, 3, participant_ids=[(6, 0, [self.agent.id])])
        event = visit.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, visit.date_start)
        self.assertIn(self.agent.partner_id, event.partner_ids)
        visit.write({"date_start": dt(4), "date_end": dt(4, 1)})
        event.invalidate_recordset()
        self.assertEqual(event.start, visit.date_start)
        with self.assertRaisesRollback(UserError):
            self.cancel(visit, " ")
        self.assertEqual(visit.state, "planned")
        self.cancel(visit, "Customer asked to postpone")
        self.assertEqual(visit.state, "cancelled")
        self.assertFalse(visit.calendar_event_id)
        self.assertFalse(event.exists())
        with self.assertRaisesRollback(UserError):
            visit.action_done()
        visit.action_replan()
        self.assertTrue(visit.calendar_event_id)

    def test_cancel_button_of_the_form(self):
        visit = self.visit(self.customer("Cancelled by button"), 3)
        as_manager = visit.with_user(self.am1)
        action = click(as_manager, "action_cancel")
        self.assertEqual((action["res_model"], action["target"]), ("logistics.visit.cancel.wizard", "new"))
        self.assertEqual(visit.state, "planned")
        wizard = Form(self.env[action["res_model"]].with_user(self.am1).with_context(**action["context"]))
        wizard.reason = "Warehouse inventory that week"
        wizard.save().action_cancel()
        self.assertEqual((visit.state, visit.cancel_reason), ("cancelled", "Warehouse inventory that week"))
        with self.assertRaisesRollback(UserError):       # only planned visits
            click(as_manager, "action_cancel")

    def test_state_written_directly_keeps_the_guards(self):
        customer = self.customer("Direct")
        future = self.visit(customer, 2)
        # done in the future: refused as action_done refuses it
        with self.assertRaisesRollback(ValidationError):
            future.write({"state": "done"})
        # cancelled without a reason (a kanban drag): refused as action_cancel refuses it
        with self.assertRaisesRollback(ValidationError):
            future.write({"state": "cancelled"})
        future.invalidate_recordset()
        self.assertEqual(future.state, "planned")
        future.write({"state": "cancelled", "cancel_reason": "Office closed"})
        self.assertEqual(future.state, "cancelled")
        past = self.visit(customer, -2)
        past.write({"state": "done"})
        # no way back from done, and a cancelled visit is planned again before it is done
        manager = customer.account_manager_id  # as its account manager (data files run as superuser)
        with self.assertRaisesRollback(UserError):
            past.with_user(manager).write({"state": "planned"})
        with self.assertRaisesRollback(UserError):
            future.with_user(manager).write({"state": "done"})
        past.invalidate_recordset()
        future.invalidate_recordset()
        self.assertEqual((past.state, future.state), ("done", "cancelled"))
        self.assertEqual(past.state, "done")

    def test_trusted_code_not_a_user_id(self):
        customer = self.customer("Trusted")
        done = self.visit(customer, -2, "done")
        admin = self.env.ref("base.user_admin")
        admin.write({"groups_id": [(4, self.env.ref("logistics_crm.group_service_manager").id)]})
        with self.assertRaisesRollback(UserError):     # the administrator is a user like the others
            done.with_user(admin).write({"state": "planned"})
        # internal code in superuser mode (e.g. a correction script run by a manager)
        done.with_user(self.am1).sudo().write({"state": "planned"})
        self.assertEqual(done.state, "planned")
