from odoo import models


class LogisticsApprovalMixin(models.AbstractModel):
    """The approvers' to-do of a record submitted for approval (a plan, a complaint's
    measures): on submit each approver gets the model's approval activity
    (``_approval_activity``, an activity type's xmlid), once; the decision closes them, the
    deciding approver's as done, the others' withdrawn. Submitters may not write activities
    for others: sudo, still in the submitter's name. With ``mail.activity.mixin``."""

    _name = "logistics.approval.mixin"
    _description = "Approval activities of the suite's records"
    _approval_activity = None

    def _approvers(self):
        """The users who may approve this record: the active Service Managers of its company."""
        self.ensure_one()
        return self.env["res.users"].sudo().search([
            ("groups_id", "in", self.env.ref("logistics_crm.group_service_manager").id),
            ("share", "=", False), ("company_ids", "in", self.company_id.ids)])

    def _schedule_approval_activities(self):
        activity_type = self.env.ref(self._approval_activity)
        for record in self.sudo():
            pending = record.activity_search([self._approval_activity]).user_id
            for user in record._approvers() - pending:
                record.activity_schedule(self._approval_activity, user_id=user.id,
                                         date_deadline=activity_type._get_date_deadline())

    def _close_approval_activities(self, done=True):
        records = self.sudo()
        if done:
            records.activity_feedback([self._approval_activity], user_id=self.env.uid)
        records.activity_unlink([self._approval_activity])
