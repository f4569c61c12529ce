from . import logistics_complaint_pause_wizard
