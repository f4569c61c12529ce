"""What the settings tests of every addon check (imported as
``odoo.addons.logistics_crm.tests.settings_case``): a setting is saved through the settings
form (res.config.settings, ``config_parameter=``), a bad value is refused there with a
message naming the setting, and a bad value stored by hand in the technical parameters is
read as its default with one warning (logistics_crm.tools.Settings)."""
from odoo.exceptions import ValidationError
from odoo.tests import Form

TOOLS_LOGGER = "odoo.addons.logistics_crm.tools"


class SettingsCase:
    """Mixin of a TransactionCase."""

    def settings_form(self, **values):
        form = Form(self.env["res.config.settings"])
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def save_settings(self, **values):
        """Save ``values`` as the settings form does (create, then execute)."""
        settings = self.settings_form(**values).save()
        settings.execute()
        return settings

    def assertRefused(self, values, label, problem):
        """Saving ``values`` through the settings form is refused with a message naming the
        setting (``label``, its label on the form) and the ``problem``."""
        form = self.settings_form(**values)
        with self.assertRaises(ValidationError, msg=values) as caught, self.env.cr.savepoint():
            form.save()
        message = caught.exception.args[0]
        self.assertIn(label, message, values)
        self.assertIn(problem, message, values)

    def assertReadAsDefault(self, param, bad, read, default):
        """With ``bad`` stored in the parameter ``param``, ``read()`` gives ``default`` and
        logs one warning naming the parameter; read again, it logs nothing more."""
        self.env["ir.config_parameter"].sudo().set_param(param, bad)
        with self.assertLogs(TOOLS_LOGGER, "WARNING") as logs:
            self.assertEqual(read(), default, bad)
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertIn(param, logs.output[0])
        self.assertIn(repr(bad), logs.output[0])
        with self.assertNoLogs(TOOLS_LOGGER, "WARNING"):
            self.assertEqual(read(), default, bad)

    def stored(self, param):
        return self.env["ir.config_parameter"].sudo().get_param(param)
