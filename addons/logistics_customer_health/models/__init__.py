from . import logistics_health_engine
from . import logistics_health_score
from . import logistics_health_demo
from . import logistics_team_dashboard
from . import res_config_settings
from . import res_partner
