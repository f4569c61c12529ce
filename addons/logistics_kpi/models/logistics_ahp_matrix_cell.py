from odoo import api, fields, models


class LogisticsAhpMatrixCell(models.Model):
    """One judgment a_ij of a pairwise comparison matrix: how much more
    important the row criterion is than the column criterion (Saaty 1-9)."""

    _name = "logistics.ahp.matrix.cell"
    _description = "AHP pairwise comparison"
    _order = "row_sequence, row_id, col_sequence, col_id"

    matrix_id = fields.Many2one("logistics.ahp.matrix", required=True, ondelete="cascade", index=True)
    row_id = fields.Many2one("logistics.satisfaction.criterion", string="Criterion", required=True,
                             ondelete="cascade")
    col_id = fields.Many2one("logistics.satisfaction.criterion", string="Compared with", required=True,
                             ondelete="cascade")
    row_sequence = fields.Integer("Row sequence", related="row_id.sequence", store=True, readonly=True)
    col_sequence = fields.Integer("Column sequence", related="col_id.sequence", store=True, readonly=True)
    value = fields.Float("Judgment", digits=(8, 4), required=True, default=1.0)

    _sql_constraints = [
        ("pair_uniq", "unique(matrix_id, row_id, col_id)", "Each pair of criteria is compared once."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        cells = super().create(vals_list)
        cells.matrix_id._check_edited_cells()
        return cells

    def write(self, vals):
        """Editing a_ij also sets its mirror a_ji = 1 / a_ij (reciprocity); a cell
        edited on its own (not through its matrix) is checked like the matrix is."""
        result = super().write(vals)
        if "value" in vals and not self.env.context.get("ahp_no_mirror"):
            for cell in self.filtered(lambda c: c.row_id != c.col_id and c.value > 0):
                mirror = self.search([("matrix_id", "=", cell.matrix_id.id),
                                      ("row_id", "=", cell.col_id.id), ("col_id", "=", cell.row_id.id)])
                mirror.with_context(ahp_no_mirror=True).write({"value": 1.0 / cell.value})
            self.mapped("matrix_id")._check_edited_cells()
        return result

    def unlink(self):
        matrices = self.mapped("matrix_id")
        result = super().unlink()
        matrices.exists()._check_edited_cells()
        return result
