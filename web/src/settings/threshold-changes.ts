/** What the thresholds editor reads of a stage model: each rule's id or test, and its thresholds by name. */
export interface ThresholdModel {
  rules: readonly {
    id?: string;
    test: string;
    thresholds: Readonly<Record<string, number | null | undefined>>;
  }[];
}

/** The thresholds editor's fields: per rule id, per threshold, the text typed. */
export type ThresholdInputs = Record<string, Record<string, string>>;

/** The decline rule's service signals: left empty, a field switches its signal off (sent as null). */
export const SWITCHABLE_THRESHOLDS: readonly string[] = ['complaintOpenDays', 'satisfactionDropAtLeast'];

export const ruleKey = (rule: { id?: string; test: string }) => rule.id ?? rule.test;

/** A model's thresholds as the editor shows them, from the effective model (with the workspace's changes). */
export function thresholdInputs(model: ThresholdModel): ThresholdInputs {
  return Object.fromEntries(
    model.rules.map((rule) => [
      ruleKey(rule),
      Object.fromEntries(
        Object.entries(rule.thresholds).map(([name, value]) => [name, value === null ? '' : String(value)]),
      ),
    ]),
  );
}

/**
 * What the settings API needs: per rule, only the thresholds that differ from the model as shipped
 * (`base`), since the workspace's changes are stored as differences. A service signal left empty is
 * sent as null (off). Any other field that is not a number is reported by its `rule.threshold` path and
 * nothing is sent.
 */
export function thresholdChanges(
  base: ThresholdModel,
  inputs: ThresholdInputs,
): { thresholds: Record<string, Record<string, number | null>>; invalid: string[] } {
  const thresholds: Record<string, Record<string, number | null>> = {};
  const invalid: string[] = [];
  for (const rule of base.rules) {
    const id = ruleKey(rule);
    for (const [name, shipped] of Object.entries(rule.thresholds)) {
      const text = inputs[id]?.[name]?.trim().replace(',', '.') ?? (shipped === null ? '' : String(shipped));
      const value = Number(text);
      if (text === '' && SWITCHABLE_THRESHOLDS.includes(name)) {
        if (shipped !== null) thresholds[id] = { ...thresholds[id], [name]: null };
      } else if (text === '' || !Number.isFinite(value)) invalid.push(`${id}.${name}`);
      else if (value !== shipped) thresholds[id] = { ...thresholds[id], [name]: value };
    }
  }
  return { thresholds, invalid };
}
