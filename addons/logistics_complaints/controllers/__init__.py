from . import portal_base
from . import intake
from . import main
