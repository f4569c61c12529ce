from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError

# the context value of a workflow write: a Python object, which no RPC client can send
_WORKFLOW_TOKEN = object()


def button_text(value):
    """The optional text argument of an action method (``action_reject(reason)``).

    A button of Odoo 11's web client calls the method with its context as the
    next positional argument, so there the argument is a dict, not a text."""
    return value.strip() if isinstance(value, str) else ""


def selection_labels(records, field_name):
    """``{value: label}`` of a selection field, in the language of ``records``' environment."""
    return dict(records._fields[field_name]._description_selection(records.env))


class LogisticsWorkflowMixin(models.AbstractModel):
    """Fields that only the workflow steps (the action methods) set.

    A model lists them in ``_workflow_fields`` (with the values a new record may
    have in ``_workflow_initial``); a plain ``create``/``write`` that would set or
    change one is refused with a clear message, so neither a form, a kanban drag
    nor an RPC call skips the checks of the buttons (who approves, what is
    required before). The action methods write through :meth:`_workflow_write`;
    the superuser (internal code, data files) is not checked.
    """

    _name = "logistics.workflow.mixin"
    _description = "Fields set by the workflow steps only"

    _workflow_fields = ()
    _workflow_initial = {}

    def _workflow_write(self, vals):
        """``write`` of the action methods, which checked the step themselves."""
        return self.with_context(logistics_workflow=_WORKFLOW_TOKEN).write(vals)

    def _workflow_checked(self):
        return self.env.uid != SUPERUSER_ID and self.env.context.get("logistics_workflow") is not _WORKFLOW_TOKEN

    def _workflow_changes(self, vals):
        """The workflow fields ``vals`` would change on ``self`` (rewriting a value is harmless)."""
        changed = set()
        for name in set(self._workflow_fields).intersection(vals):
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

    @api.model
    def create(self, vals):
        if self._workflow_checked():
            names = {name for name in self._workflow_fields
                     if vals.get(name) and vals[name] != self._workflow_initial.get(name)}
            if names:
                self._workflow_refuse(names)
        return super(LogisticsWorkflowMixin, self).create(vals)

    @api.multi
    def write(self, vals):
        if self._workflow_checked():
            names = self._workflow_changes(vals)
            if names:
                self._workflow_refuse(names)
        return super(LogisticsWorkflowMixin, self).write(vals)
