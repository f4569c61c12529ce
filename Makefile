# Logistics CRM suite for Odoo 18.0 - the two commands of the README, and a few more.
.PHONY: run stop test test-platform shell i18n bench bench-crm bench-complaints bench-kpi
SHELL := /bin/bash

run:            ## bootstrap, start PostgreSQL, the SMTP sink and Odoo with demo data on :8069 (WORKERS=2 for prefork)
	@runtime/bin/run

stop:           ## stop what `make run` started
	@runtime/bin/stop

test:           ## throw-away database, install the addons, run every test (ARGS="path -k expr" to narrow)
	@runtime/bin/test $(ARGS)

test-platform:  ## Odoo 18's own tests of mail, portal, survey, rating and web on this platform
	@runtime/bin/test-platform

i18n:           ## regenerate the .pot files and merge them into zh_CN.po (lists what is left to translate)
	@runtime/bin/i18n

shell:          ## odoo shell on the demo database
	@runtime/bin/odoo shell -d $${ODOO_DB:-logistics}

bench:          ## every benchmark, figures written to BENCHMARKS.md
	@runtime/bin/bench-all

bench-crm:      ## benchmark of the tiering engine and the partner list (scratch database)
	@BENCH_ADDONS=logistics_crm runtime/bin/bench bench/bench_crm_tiering.py

bench-complaints: ## benchmark of the escalation cron and the complaints portal (scratch database)
	@BENCH_ADDONS=logistics_complaints runtime/bin/bench bench/bench_complaints.py

bench-kpi:      ## benchmark of the KPI pivot and the survey campaign queue (scratch database)
	@BENCH_ADDONS=logistics_kpi runtime/bin/bench bench/bench_kpi.py

.PHONY: dist
dist:           ## one wheel per addon (whool, as OCA's 18.0 repositories) into dist/
	@runtime/bin/dist

.PHONY: lint test-dist
lint:           ## OCA's quality gates on addons/*: README.rst, pyproject.toml, ruff, pylint-odoo, oca-checks-odoo-module, oca-checks-po (ARGS="ruff" for one)
	@runtime/bin/lint $(ARGS)

test-dist:      ## the wheels in a fresh venv with only Odoo 18: a new database from them, /web/login and a portal /my/home
	@runtime/bin/test-dist

.PHONY: bench-health
bench-health:   ## benchmark of the weekly customer health scoring and its early warning (scratch database)
	@BENCH_ADDONS=logistics_customer_health runtime/bin/bench bench/bench_health.py

.PHONY: test-faults load
test-faults:    ## faults on own servers (18169/18125, flt_* databases): SIGKILLs during the statement and campaign crons, SMTP outage, upgrade/uninstall/reinstall (ARGS="crash --seed 7"; RELIABILITY.md)
	@runtime/bin/test-faults $(ARGS)

load:           ## 20 portal + 5 back-office users for 60 s on a WORKERS=2 Odoo of its own (127.0.0.1:18269, flt_load): requests, errors, p50/p95 per page
	@runtime/bin/load $(ARGS)

.PHONY: cluster cluster-stop cluster-recycle load-cluster
cluster:        ## the suite on Odoo's multi-node deployment: nginx :18600, two prefork HTTP nodes, a cron node, PostgreSQL primary + streaming replica (127.0.0.1; RELIABILITY.md)
	@runtime/bin/cluster start

cluster-stop:   ## stop every process of make cluster (by pid)
	@runtime/bin/cluster stop

cluster-recycle: ## recycle the HTTP workers of make cluster (after a replica outage: Odoo 18 workers stay on the primary until recycled)
	@runtime/bin/cluster recycle

load-cluster:   ## 50 portal + 10 back-office users for 120 s against make cluster: plain, one HTTP node SIGKILLed, the replica stopped 30 s (ARGS="--scenarios plain")
	@runtime/bin/load-cluster $(ARGS)

.PHONY: bench-service-agreement
bench-service-agreement: ## benchmark of the KPIs against agreements, the dashboard, the paused complaint clocks and the review pack (scratch database)
	@BENCH_ADDONS=logistics_service_agreement runtime/bin/bench bench/bench_service_agreement.py
