from . import logistics_kpi_period_wizard
