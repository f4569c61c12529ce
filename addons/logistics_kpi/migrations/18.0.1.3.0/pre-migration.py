"""18.0.1.3.0: the shipment summary of the KPI report is the ORM model
logistics.kpi.shipment.month (table logistics_kpi_shipment_month).

Until now the table was made by raw SQL, with bigint counts; the model's counts are
Integer fields (int4), which the ORM would convert column by column under the views
that read the table. Its content is derived (rebuilt from the shipments at every
update by the model's init()), so the old table goes, with its trigger function and
triggers, and the views over it (the KPI report's, logistics_service_agreement's):
the ORM then creates the model's table, init() its unique index, triggers and rows,
and each addon recreates its view as it is updated with this one.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP FUNCTION IF EXISTS logistics_kpi_shipment_month_delta() CASCADE")  # and its triggers
    cr.execute("DROP TABLE IF EXISTS logistics_kpi_shipment_month CASCADE")  # and the views over it
