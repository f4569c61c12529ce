from . import logistics_plan_reject_wizard
from . import logistics_visit_cancel_wizard
