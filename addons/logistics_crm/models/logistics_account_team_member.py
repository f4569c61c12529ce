from odoo import fields, models


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
