from odoo import _, fields, models
from odoo.exceptions import UserError


class LogisticsAccountTeamMember(models.Model):
    _name = "logistics.account.team.member"
    _description = "Member of a key account's team"
    _order = "partner_id, role, id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True,
                                 domain=[("is_company", "=", True)])
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    role = fields.Selection([
        ("sales", "Sales"),
        ("operations", "Operations"),
        ("customer_service", "Customer service"),
        ("finance", "Finance"),
        ("executive", "Executive sponsor"),
    ], required=True, default="customer_service")
    note = fields.Char()

    _sql_constraints = [
        ("user_role_unique", "unique(partner_id, user_id, role)",
         "This user already has this role in the account team."),
    ]

    def write(self, vals):
        # a team row stays on its account: moving it would let an account manager
        # join another manager's account (record rules check the row before the
        # write, not where it goes) and read its plans, visits and complaints
        if "partner_id" in vals and any(member.partner_id.id != vals["partner_id"] for member in self):
            raise UserError(_("A member of an account team stays on that account: "
                              "remove the row and add the user to the other account's team."))
        return super().write(vals)
