from . import test_complaints_coupling
from . import test_tour_roles_zh
from . import test_rule_agreement
