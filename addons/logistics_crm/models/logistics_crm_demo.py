import logging
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

_logger = logging.getLogger(__name__)


class LogisticsCrmDemo(models.AbstractModel):
    _name = "logistics.crm.demo"
    _description = "Demo data generator of Logistics Key Accounts"

    @api.model
    def _demo_customers(self):
        return [self.env.ref("logistics_crm.demo_customer_%02d" % i) for i in range(1, 41)]

    @api.model
    def _demo_company_currency(self):
        """Demo data: the demo company (a Shanghai company) keeps its books in CNY.

        Odoo refuses to change the currency of a company with journal items ("You cannot
        change the currency of the company since some journal items already exist"), and
        Odoo's own demo has already posted its demo entries in USD on the generic chart. The
        supported way is Odoo's own switch of the fiscal localization, which a demo database
        allows: loading China's chart (l10n_cn, installed with the demo) replaces the generic
        chart and its demo entries, and sets the fiscal country's currency. Without l10n_cn
        the company keeps its currency unless it has no entry yet."""
        company = self.env.ref("base.main_company")
        cny = self.env.ref("base.CNY")
        if company.currency_id == cny:
            return True
        if not company.root_id._existing_accounting():
            company.currency_id = cny
            return True
        Chart = self.env["account.chart.template"]
        template = Chart._get_chart_template_mapping().get("cn")
        if not template or not template.get("installed"):
            _logger.warning("Demo: l10n_cn is not installed and %s has journal items: its currency stays %s",
                            company.name, company.currency_id.name)
            return False
        Chart.try_loading("cn", company, install_demo=True)
        _logger.info("Demo: %s on China's chart of accounts, in %s", company.name, company.currency_id.name)
        return True

    @api.model
    def _generate(self):
        """Twelve months of posted invoices following a Pareto distribution,
        then tiers, visits and plans in every state (called from demo data;
        private: not callable over RPC). Without a chart of accounts, the
        invoices are skipped, not the visits and plans."""
        customers = self._demo_customers()
        self._generate_invoices(customers)
        self.env["res.partner"].compute_customer_tiers()
        self._generate_visits(customers)
        self._generate_plans(customers)
        return True

    @api.model
    def _demo_sale_journal(self):
        return self.env["account.journal"].search(
            [("type", "=", "sale"), *self.env["account.journal"]._check_company_domain(self.env.company)],
            limit=1)

    @api.model
    def _generate_invoices(self, customers):
        journal = self._demo_sale_journal()
        if not journal or not journal.default_account_id:
            _logger.warning("No sale journal with an income account: demo invoices skipped")
            return self.env["account.move"]
        account = journal.default_account_id
        today = date.today()
        values = []

        def invoice(partner, day, amount, kind="out_invoice"):
            values.append({
                "move_type": kind, "partner_id": partner.id, "journal_id": journal.id,
                "invoice_date": day,
                "invoice_line_ids": [Command.create({
                    "name": "运输及仓储操作服务费", "account_id": account.id,
                    "quantity": 1, "price_unit": round(amount, 2), "tax_ids": [Command.clear()]})],
            })

        for rank, partner in enumerate(customers[:34], 1):
            yearly = 2000000.0 / rank ** 1.3           # Pareto-like contribution
            if rank <= 2:
                months = range(12)                      # monthly billing
            elif rank <= 10:
                months = range(0, 12, 3)                # quarterly
            else:
                months = [rank % 11]                    # occasional shipments
            for m in months:
                invoice(partner, today - relativedelta(months=m, days=3), yearly / len(months))
        # dormant (last invoice 8 months ago) and lost (14 months ago) customers
        for partner, months_ago in zip(customers[34:38], (8, 9, 14, 15), strict=True):
            invoice(partner, today - relativedelta(months=months_ago), 30000.0)
        # refunds: a normal one, and one exceeding the customer's invoices
        invoice(customers[2], today - relativedelta(days=20), 15000.0, "out_refund")
        invoice(customers[33], today - relativedelta(days=10), 50000.0, "out_refund")
        values.sort(key=lambda v: v["invoice_date"])   # numbered in date order
        invoices = self.env["account.move"].create(values)
        invoices.action_post()
        _logger.info("Demo: %d invoices posted", len(invoices))
        return invoices

    @api.model
    def _generate_visits(self, customers):
        Visit = self.env["logistics.visit"]
        now = datetime.now().replace(minute=0, second=0, microsecond=0)
        types = ["routine", "business_review", "festival", "satisfaction_revisit"]
        for i, partner in enumerate(customers[:16]):
            manager = partner.account_manager_id
            contact = partner.child_ids[:1]
            done = Visit.with_user(manager).create({
                "partner_id": partner.id, "user_id": manager.id, "visit_type": types[i % 4],
                "contact_ids": [(6, 0, contact.ids)],
                "date_start": now - timedelta(days=12 + 9 * i),
                "date_end": now - timedelta(days=12 + 9 * i, hours=-1),
                "agenda": "回顾上季度发运情况，沟通下季度货量预测。",
                "minutes": "<p>客户对准时送达表示满意，希望每周收到异常情况报告。</p>",
                "outcome": "每周发送异常报告；提供成都新线路报价。",
                "satisfaction": str(3 + i % 3),
            })
            done.action_done()
            if i % 3 == 0:
                Visit.with_user(manager).create({
                    "partner_id": partner.id, "user_id": manager.id, "visit_type": "routine",
                    "date_start": now + timedelta(days=3 + i),
                    "date_end": now + timedelta(days=3 + i, hours=1),
                    "agenda": "季度业务回顾。",
                })
        cancelled = Visit.with_user(customers[5].account_manager_id).create({
            "partner_id": customers[5].id, "user_id": customers[5].account_manager_id.id,
            "visit_type": "festival", "date_start": now + timedelta(days=6),
            "agenda": "中秋节走访问候。",
        })
        cancelled._cancel("客户办公室当周放假。")

    @api.model
    def _generate_plans(self, customers):
        Plan = self.env["logistics.account.plan"]
        today = date.today()
        half = "h1" if today.month <= 6 else "h2"
        previous = (today.year, "h2") if half == "h1" else (today.year, "h1")
        previous = (today.year - 1, "h2") if half == "h1" else previous
        objectives = [
            (0, 0, {"name": "到货准时率提升至 98%", "progress": 60, "status": "in_progress"}),
            (0, 0, {"name": "拿下华南区域配送线路", "progress": 20, "status": "in_progress"}),
            (0, 0, {"name": "与客户物流总监开展季度业务回顾", "progress": 100,
                    "status": "done"}),
        ]
        plans = {}
        keys = ("approved", "submitted", "draft", "rejected", "old")
        for key, partner in zip(keys, customers[:4] + customers[:1], strict=True):
            year, period = previous if key == "old" else (today.year, half)
            plans[key] = Plan.with_user(partner.account_manager_id).create({
                "partner_id": partner.id, "user_id": partner.account_manager_id.id,
                "year": year, "half": period, "objective_ids": objectives,
                "situation": "<p>大客户，从%s经公路和海运发货。</p>" % partner.city,
                "strategy": "<p>配备专属客服对接人，每月回顾服务指标。</p>",
            })
        for key in ("approved", "submitted", "rejected", "old"):
            plans[key].action_submit()
        # the service manager (the current user) reviews them
        (plans["approved"] | plans["old"]).with_env(self.env).action_approve()
        plans["rejected"].with_env(self.env)._reject("目标无法衡量：请补充具体指标数值。")
