from . import test_signals
from . import test_settings
from . import test_episode
from . import test_demo
from . import test_rpc
from . import test_translation
from . import test_uninstall_hook
from . import test_migration
