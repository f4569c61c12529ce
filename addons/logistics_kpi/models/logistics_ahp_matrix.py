"""AHP (层次分析法) weights by the principal eigenvector (power iteration)."""
from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

# Saaty's random consistency index RI by matrix order n (Saaty 1980).
SAATY_RI = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32,
            8: 1.41, 9: 1.45, 10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}
CR_LIMIT = 0.1
RECIPROCAL_TOLERANCE = 0.01


def ahp_weights(matrix, labels=None):
    """Check a pairwise comparison matrix and return (weights, lambda_max, ci, cr).

    Weights: principal right eigenvector by power iteration, normalised to sum 1.
    lambda_max = mean of (A w)_i / w_i; CI = (lambda_max - n) / (n - 1); CR = CI / RI.
    Raises ValidationError on a non-square, non-positive or non-reciprocal matrix
    and when CR > 0.1.
    """
    n = len(matrix)
    labels = labels or [str(i + 1) for i in range(n)]
    if n == 0:
        raise ValidationError(_("The comparison matrix is empty."))
    if any(len(row) != n for row in matrix):
        raise ValidationError(_("The comparison matrix must be square (%d criteria).") % n)
    if n > max(SAATY_RI):
        raise ValidationError(_("At most %d criteria can be compared.") % max(SAATY_RI))
    for i in range(n):
        for j in range(n):
            value = matrix[i][j]
            if not value or value <= 0:
                raise ValidationError(
                    _("Every judgment must be positive: '%(first)s' compared with '%(second)s' is %(value)s.",
                      first=labels[i], second=labels[j], value=value))
            if i == j and abs(value - 1.0) > 1e-9:
                raise ValidationError(_("A criterion compared with itself must be 1 ('%s').") % labels[i])
            if abs(value * matrix[j][i] - 1.0) > RECIPROCAL_TOLERANCE:
                raise ValidationError(
                    _("The matrix is not reciprocal: '%(first)s' vs '%(second)s' is %(value)s, so '%(second)s' "
                      "vs '%(first)s' must be 1/%(value)s, not %(reverse)s.",
                      first=labels[i], second=labels[j], value=round(value, 4), reverse=round(matrix[j][i], 4)))
    weights = [1.0 / n] * n
    for _iteration in range(1000):
        product = [sum(matrix[i][j] * weights[j] for j in range(n)) for i in range(n)]
        total = sum(product)
        new = [p / total for p in product]
        converged = max(abs(a - b) for a, b in zip(new, weights, strict=True)) < 1e-12
        weights = new
        if converged:
            break
    product = [sum(matrix[i][j] * weights[j] for j in range(n)) for i in range(n)]
    lambda_max = sum(product[i] / weights[i] for i in range(n)) / n
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = SAATY_RI[n]
    cr = ci / ri if ri else 0.0
    if cr > CR_LIMIT:
        raise ValidationError(
            _("The judgments are inconsistent: consistency ratio CR = %(cr).3f exceeds 0.1 "
              "(λmax = %(lambda_max).3f, CI = %(ci).3f, RI = %(ri).2f). Revise the comparisons.",
              cr=cr, lambda_max=lambda_max, ci=ci, ri=ri))
    return weights, lambda_max, ci, cr


class LogisticsAhpMatrix(models.Model):
    """The pairwise comparison (judgment) matrix of the satisfaction criteria."""

    _name = "logistics.ahp.matrix"
    _description = "AHP pairwise comparison matrix"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    cell_ids = fields.One2many("logistics.ahp.matrix.cell", "matrix_id", string="Judgments", copy=True)
    lambda_max = fields.Float("λmax", digits=(8, 4), readonly=True)
    consistency_index = fields.Float("CI", digits=(8, 4), readonly=True)
    consistency_ratio = fields.Float("CR", digits=(8, 4), readonly=True,
                                     help="Consistent enough when CR ≤ 0.1.")

    def _matrix(self):
        self.ensure_one()
        criteria = (self.cell_ids.mapped("row_id") | self.cell_ids.mapped("col_id")).sorted(
            key=lambda c: (c.sequence, c.id))
        index = {c.id: i for i, c in enumerate(criteria)}
        n = len(criteria)
        matrix = [[None] * n for _i in range(n)]
        for cell in self.cell_ids:
            matrix[index[cell.row_id.id]][index[cell.col_id.id]] = cell.value
        for i in range(n):
            for j in range(n):
                if matrix[i][j] is None:
                    raise ValidationError(_("Judgment missing: '%(first)s' compared with '%(second)s'.",
                                            first=criteria[i].name, second=criteria[j].name))
        return criteria, matrix

    @api.constrains("cell_ids", "active")
    def _check_matrix(self):
        for matrix in self.filtered("cell_ids"):
            criteria, values = matrix._matrix()
            ahp_weights(values, criteria.mapped("name"))
        for matrix in self.filtered("active"):
            if self.search_count([("active", "=", True), ("id", "!=", matrix.id)]):
                raise ValidationError(_("Only one comparison matrix can be active; archive the other first."))

    @api.model_create_multi
    def create(self, vals_list):
        matrices = super(LogisticsAhpMatrix, self.with_context(ahp_matrix_write=True)).create(vals_list)
        matrices = matrices.with_context(ahp_matrix_write=False)
        matrices._apply_weights()
        return matrices

    def write(self, vals):
        # the judgments edited in the matrix form are checked once, as a whole
        result = super(LogisticsAhpMatrix, self.with_context(ahp_matrix_write=True)).write(vals)
        self._apply_weights()
        return result

    def _check_edited_cells(self):
        """After a judgment was created, edited or deleted on its own (e.g. over RPC):
        the same checks and weights as an edit of the whole matrix."""
        if self.env.context.get("ahp_matrix_write"):
            return
        self._check_matrix()
        self._apply_weights()

    def _apply_weights(self):  # pylint: disable=missing-return  # its super() call is write's
        """Store λmax, CI, CR and, for the active matrix, the criteria weights."""
        for matrix in self.filtered("cell_ids"):
            criteria, values = matrix._matrix()
            weights, lambda_max, ci, cr = ahp_weights(values, criteria.mapped("name"))
            super(LogisticsAhpMatrix, matrix).write({
                "lambda_max": lambda_max, "consistency_index": ci, "consistency_ratio": cr})
            if matrix.active:
                for criterion, weight in zip(criteria, weights, strict=True):
                    criterion.sudo().write({"weight": weight})

    def action_fill_matrix(self):
        """Add the missing judgments (1 = equally important) for all active criteria."""
        criteria = self.env["logistics.satisfaction.criterion"].search([])
        for matrix in self:
            existing = {(c.row_id.id, c.col_id.id) for c in matrix.cell_ids}
            commands = [Command.create({"row_id": r.id, "col_id": c.id, "value": 1.0})
                        for r in criteria for c in criteria if (r.id, c.id) not in existing]
            if commands:
                matrix.write({"cell_ids": commands})
        return True

    @api.model
    def _install_default_matrix(self):
        """Data: a consistent default matrix over the six default criteria (only once)."""
        if self.with_context(active_test=False).search_count([]):
            return False
        codes = ["timeliness", "accuracy", "safety", "communication", "complaints", "price"]
        judgments = [
            [1, 2, 1, 3, 3, 5],
            [1 / 2., 1, 1 / 2., 2, 2, 4],
            [1, 2, 1, 3, 2, 5],
            [1 / 3., 1 / 2., 1 / 3., 1, 1 / 2., 2],
            [1 / 3., 1 / 2., 1 / 2., 2, 1, 3],
            [1 / 5., 1 / 4., 1 / 5., 1 / 2., 1 / 3., 1],
        ]
        Criterion = self.env["logistics.satisfaction.criterion"]
        criteria = [Criterion.search([("code", "=", code)], limit=1) for code in codes]
        if not all(criteria):
            return False
        return self.create({
            "name": _("Satisfaction criteria"),
            "cell_ids": [Command.create({"row_id": criteria[i].id, "col_id": criteria[j].id, "value": judgments[i][j]})
                         for i in range(len(codes)) for j in range(len(codes))],
        })
