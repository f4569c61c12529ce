from . import logistics_kpi_report
from . import logistics_survey_campaign
from . import logistics_team_dashboard
