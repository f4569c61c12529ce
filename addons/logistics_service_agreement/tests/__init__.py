from . import test_agreement
from . import test_kpi_target
from . import test_pause
from . import test_review
from . import test_review_portal
from . import test_tour
from . import test_uninstall_hook
from . import test_review_documents
