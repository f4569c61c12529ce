from . import logistics_complaint_reason_wizard
