from . import logistics_shipment
from . import stock_picking
