from odoo import api, models
from odoo.exceptions import AccessError

from ..tools import check_domain_fields


class LogisticsCustomerGuard(models.AbstractModel):
    """The model guard behind the record rules of every model a customer can reach
    (complaints, statements, review packs, the customer companies themselves), against
    what Odoo's generic machinery would allow:

    - a domain reaches only fields, and paths of fields, its user may read
      (``check_domain_fields``: no ``message_ids.body`` oracle on internal notes);
    - a customer never rewrites or deletes a message of these records (RPC ``write`` or
      ``unlink`` of ``mail.message``, see ``mail_message.py``).
    """

    _name = "logistics.customer.guard"
    _description = "Customer guard of the suite's records"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            check_domain_fields(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)


class LogisticsCustomerThreadGuard(models.AbstractModel):
    """The customer guard of a record with a chatter (``mail.thread``):

    - the portal chatter's edit of a sent message is refused to customers;
    - ratings come only from the suite's own rating flow (which applies them as the
      superuser, once): ``rating_value`` posted through ``/mail/message/post`` or RPC
      ``message_post``, or a foreign ``rating_id``, is refused.
    """

    _name = "logistics.customer.thread.guard"
    _inherit = "logistics.customer.guard"
    _description = "Customer guard of the suite's conversations"

    def _message_update_content(self, message, *args, **kwargs):
        if not self.env.su and self.env.user.share:
            raise AccessError(self.env._("Messages of this conversation cannot be changed once sent."))
        return super()._message_update_content(message, *args, **kwargs)

    def message_post(self, **kwargs):
        if kwargs.get("rating_value") or (kwargs.get("rating_id") and not self.env.su):
            raise AccessError(self.env._("A rating is given once, from the rating page of the document."))
        return super().message_post(**kwargs)
