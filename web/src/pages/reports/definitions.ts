// What each figure means (METRIC_DEFINITIONS, the same text docs/api.md carries), in the language shown.
import { METRIC_DEFINITIONS, type MetricKey } from "../../../../shared/report-definitions";
import { locale } from "../../i18n";

export function metricDefinition(key: MetricKey): string {
  return METRIC_DEFINITIONS[key][locale()];
}
