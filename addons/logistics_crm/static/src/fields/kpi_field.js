import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat, formatInteger } from "@web/views/fields/formatters";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * A KPI or ratio of the suite (on-time rate, NPS, satisfaction index, ...): its value, or
 * "–" when it has no data (no shipment due, no survey answer...), as in the suite's PDFs.
 * A Float reads 0.0 when the database holds no value, so the view names what tells:
 *  - options="{'data_field': 'satisfaction_count'}": no data when that field is empty/0;
 *  - options="{'missing_field': 'kpi_missing'}": no data when this field's name is among
 *    the space-separated names of that (Char) field.
 * The field named must be in the view too (e.g. column_invisible="1").
 */
export class KpiField extends Component {
    static template = "logistics_crm.KpiField";
    static props = {
        ...standardFieldProps,
        dataField: { type: String, optional: true },
        missingField: { type: String, optional: true },
        digits: { type: Array, optional: true },
    };

    get hasData() {
        const data = this.props.record.data;
        if (this.props.dataField && !data[this.props.dataField]) {
            return false;
        }
        if (this.props.missingField) {
            const missing = (data[this.props.missingField] || "").split(/\s+/);
            if (missing.includes(this.props.name)) {
                return false;
            }
        }
        return true;
    }

    get formattedValue() {
        const value = this.props.record.data[this.props.name];
        const field = this.props.record.fields[this.props.name];
        if (field.type === "integer") {
            return formatInteger(value);
        }
        return formatFloat(value, { digits: this.props.digits || field.digits });
    }
}

export const kpiField = {
    component: KpiField,
    displayName: _t("KPI (– without data)"),
    supportedTypes: ["float", "integer"],
    extractProps: ({ attrs, options }) => ({
        dataField: options.data_field,
        missingField: options.missing_field,
        digits: attrs.digits ? JSON.parse(attrs.digits) : options.digits,
    }),
};

registry.category("fields").add("logistics_kpi", kpiField);
