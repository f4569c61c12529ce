from markupsafe import Markup

from odoo import api, fields, models

from ..tools import TIERS

# chatter notes of the tiering engine (through the ORM, about 2 ms each): posted
# at once up to NOTE_SYNC_LIMIT changes (a day's work, an interactive recompute);
# beyond (a whole customer base classified, a busy night), right after by the
# cron "post the chatter notes of tier changes", NOTE_BATCH per run, committed
# as it goes, in the name of the user who asked for the recompute
NOTE_SYNC_LIMIT = 500
NOTE_BATCH = 2000


class LogisticsTierHistory(models.Model):
    _name = "logistics.tier.history"
    _description = "Customer tier change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_tier = fields.Selection(TIERS)
    new_tier = fields.Selection(TIERS)
    contribution = fields.Float(digits=(16, 2))
    source = fields.Selection([
        ("engine", "Automatic tiering"),
        ("manual", "Manual override"),
    ], required=True, default="engine")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user,
                              help="Who changed the tier, or asked for the recompute.")
    note_pending = fields.Boolean(
        readonly=True, copy=False,  # partial index in init()
        help="A change of the automatic tiering whose note is not yet in the partner's chatter.")

    def init(self):
        # the engine and the cron look for the few pending rows among many
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS logistics_tier_history_note_pending_idx
                ON logistics_tier_history (id) WHERE note_pending
        """)

    @api.model
    def _post_pending_notes(self, limit=None):
        """Post the chatter notes of pending engine changes, ``limit`` at most,
        through the ORM (one ``_message_log_batch`` per author: the user who asked
        for the recompute). More pending than that: the cron takes over, in
        batches. Returns the number of notes posted."""
        limit = NOTE_SYNC_LIMIT if limit is None else limit
        History = self.sudo()
        pending = History.search([("note_pending", "=", True)], order="id", limit=limit + 1)
        if len(pending) > limit:
            self.env.ref("logistics_crm.ir_cron_post_tier_notes")._trigger()
            return 0
        return pending._post_notes()

    def _post_notes(self):
        labels = dict(TIERS)
        by_author = {}
        for row in self.sorted("id"):
            by_author.setdefault(row.user_id, []).append(row)
        for user, rows in by_author.items():
            env = self.with_context(lang=user.lang or self.env.lang).env
            bodies = {}
            for row in rows:
                line = env._("Tier changed by the automatic tiering: %(old)s → %(new)s",
                             old=labels.get(row.old_tier, "-"), new=labels.get(row.new_tier, "-"))
                bodies[row.partner_id.id] = bodies.get(row.partner_id.id, Markup()) + Markup("<p>%s</p>") % line
            self.env["res.partner"].browse(list(bodies))._message_log_batch(
                bodies, author_id=user.partner_id.id or None)
        self.write({"note_pending": False})
        return len(self)

    @api.model
    def _cron_post_tier_notes(self):
        """The notes of a large recompute, a batch per run, committed as it goes."""
        History = self.sudo()
        batch = History.search([("note_pending", "=", True)], order="id", limit=NOTE_BATCH)
        done = batch._post_notes()
        remaining = History.search_count([("note_pending", "=", True)])
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done
