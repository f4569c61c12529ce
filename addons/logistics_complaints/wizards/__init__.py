from . import logistics_complaint_reason_mixin
from . import logistics_complaint_reason_wizard
