from . import logistics_complaint_report
