import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";
import { DateTimeField, dateField } from "@web/views/fields/datetime/datetime_field";

/**
 * The month of a date that stands for a month (its first day): "2026年11月" in Chinese,
 * "November 2026" in English (CLDR's year-month form of the user's language, as the
 * suite's PDFs and portal print it with Babel), not "2026年11月01日". When editable, the
 * picker chooses a month (its first day).
 */
export function formatMonth(value) {
    return value ? value.toLocaleString({ year: "numeric", month: "long" }) : "";
}

export class MonthField extends DateTimeField {
    getFormattedValue(valueIndex) {
        return formatMonth(this.values[valueIndex]);
    }
}

export const monthField = {
    ...dateField,
    component: MonthField,
    displayName: _t("Month"),
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...dateField.extractProps(fieldInfo, dynamicInfo),
        minPrecision: "months",
    }),
};

registry.category("fields").add("logistics_month", monthField);
