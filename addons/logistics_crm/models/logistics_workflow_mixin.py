from odoo import _, api, models
from odoo.exceptions import UserError

# kept importable from here (public names of the suite since Odoo 11)
from ..tools import button_text, selection_labels  # noqa: F401

# the context value of a workflow write: a Python object, which no RPC client can send
_WORKFLOW_TOKEN = object()


class LogisticsWorkflowMixin(models.AbstractModel):
    """Fields that only the workflow steps (the action methods) set.

    A model lists them in ``_workflow_fields`` (with the values a new record may
    have in ``_workflow_initial``), and in ``_workflow_fixed`` those a record gets when
    it is made and keeps (whose customer a statement is, its portal token); a plain
    ``create``/``write`` that would set or change one is refused with a clear message, so neither a form, a kanban drag
    nor an RPC call skips the checks of the buttons (who approves, what is
    required before). The action methods write through :meth:`_workflow_write`.
    Trusted code only is not checked: an environment in superuser mode
    (``env.su``: data files, crons' sudo(), upgrades) — never a user id, since
    any user, the administrator included, works through the same buttons.
    """

    _name = "logistics.workflow.mixin"
    _description = "Fields set by the workflow steps only"

    _workflow_fields = ()
    _workflow_initial = {}
    _workflow_fixed = ()

    def _workflow_write(self, vals):
        """``write`` of the action methods, which checked the step themselves."""
        return self.with_context(logistics_workflow=_WORKFLOW_TOKEN).write(vals)

    def _workflow_checked(self):
        return not self.env.su and self.env.context.get("logistics_workflow") is not _WORKFLOW_TOKEN

    def _workflow_changes(self, vals):
        """The workflow fields ``vals`` would change on ``self`` (rewriting a value is harmless)."""
        changed = set()
        for name in set(self._workflow_fields + self._workflow_fixed).intersection(vals):
            field = self._fields[name]
            new = field.convert_to_cache(vals[name], self.browse(), validate=False) or False
            if any((field.convert_to_cache(record[name], record, validate=False) or False) != new
                   for record in self):
                changed.add(name)
        return changed

    def _workflow_refusal(self):
        """The message of a refused write, with ``%s`` for the fields (per model)."""
        return _("These fields are set by the workflow buttons only: %s.")

    def _workflow_refuse(self, names):
        labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
        raise UserError(self._workflow_refusal() % labels)

    @api.model_create_multi
    def create(self, vals_list):
        if self._workflow_checked():
            for vals in vals_list:
                names = {name for name in self._workflow_fields
                         if vals.get(name) and vals[name] != self._workflow_initial.get(name)}
                if names:
                    self._workflow_refuse(names)
        return super().create(vals_list)

    def write(self, vals):
        if self._workflow_checked():
            names = self._workflow_changes(vals)
            if names:
                self._workflow_refuse(names)
        return super().write(vals)
