"""18.0.1.2.0: the customer's rating of a complaint is stored once, in rating.rating (the
complaint's rating.mixin); the complaint points at the rating of its current resolution
(customer_rating_id) instead of keeping a copy of its value, comment and date. A rated
complaint points at its last consumed rating; the old columns are dropped."""


def migrate(cr, version):
    cr.execute("""
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'logistics_complaint' AND column_name = 'customer_rating'
    """)
    if not cr.fetchone():
        return
    cr.execute("""
        UPDATE logistics_complaint c
           SET customer_rating_id = (SELECT r.id FROM rating_rating r
                                      WHERE r.res_model = 'logistics.complaint' AND r.res_id = c.id
                                        AND r.consumed
                                      ORDER BY r.write_date DESC, r.id DESC LIMIT 1)
         WHERE c.customer_rating IS NOT NULL AND c.customer_rating_id IS NULL
    """)
    cr.execute("""
        ALTER TABLE logistics_complaint DROP COLUMN customer_rating,
                                        DROP COLUMN customer_rating_comment,
                                        DROP COLUMN rated_date
    """)
