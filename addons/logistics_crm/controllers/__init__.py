from . import portal_base
from . import portal
