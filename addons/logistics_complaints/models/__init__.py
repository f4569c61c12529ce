from . import logistics_complaint_subcategory
from . import logistics_complaint_sla_policy
from . import logistics_sla_mixin
from . import logistics_complaint
from . import logistics_complaint_mail
from . import res_partner
from . import res_config_settings
