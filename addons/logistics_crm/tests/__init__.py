from . import test_tiering
from . import test_visits
from . import test_account_plans
from . import test_crons
from . import test_security
from . import test_translation
from . import test_rpc
from . import test_demo
