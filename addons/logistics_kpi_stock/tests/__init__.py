from . import test_picking_link
from . import test_translation
