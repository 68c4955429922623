import { CHURN_SIGNALS, type ChurnInput, type ChurnRisk, churnRisk } from '../analytics/churn.js';

/** The churn columns of `clm analyze`: risk, level, and each customer's reasons as a code into texts. */
export interface ChurnScores {
  risk: Float64Array;
  /** Index into CHURN_LEVELS. */
  level: Uint8Array;
  /** Each customer's combination of reasons, as an index into `reasonTexts`. */
  reasons: Int32Array;
  /** The reason codes of each combination, largest first, separated by `;` (UTF-8). */
  reasonTexts: Uint8Array[];
}

/** A signal counts as a reason from this many points of risk on (as in churnReasons). */
const REASON_POINTS = 5;

export function churnScores(input: ChurnInput): ChurnScores {
  const churn = churnRisk(input);
  return { risk: churn.risk, level: churn.level, ...reasonCodes(churn) };
}

/**
 * Codes of the signals behind each risk, largest first: each combination that occurs is encoded
 * once, and every customer gets the number of its combination.
 */
function reasonCodes(churn: ChurnRisk): { reasons: Int32Array; reasonTexts: Uint8Array[] } {
  const signals = CHURN_SIGNALS.map((code, k) => ({ k, code, points: churn.points[code] })).filter(
    (s): s is { k: number; code: (typeof CHURN_SIGNALS)[number]; points: Float64Array } =>
      s.points !== undefined,
  );
  const rows = churn.risk.length;
  const reasons = new Int32Array(rows);
  const numberOf = new Map<number, number>();
  const reasonTexts: Uint8Array[] = [];
  for (let row = 0; row < rows; row++) {
    // The key lists the signal indexes in order of points, one base-8 digit each (0 = none).
    let key = 0;
    let taken = 0;
    for (let round = 0; round < signals.length; round++) {
      let best = -1;
      for (let s = 0; s < signals.length; s++) {
        if (taken & (1 << s) || signals[s].points[row] < REASON_POINTS) continue;
        if (best < 0 || signals[s].points[row] > signals[best].points[row]) best = s;
      }
      if (best < 0) break;
      taken |= 1 << best;
      key = key * 8 + signals[best].k + 1;
    }
    let n = numberOf.get(key);
    if (n === undefined) {
      n = reasonTexts.push(Buffer.from(reasonText(key))) - 1;
      numberOf.set(key, n);
    }
    reasons[row] = n;
  }
  return { reasons, reasonTexts };
}

function reasonText(key: number): string {
  const names: string[] = [];
  for (; key > 0; key = Math.floor(key / 8)) names.unshift(CHURN_SIGNALS[(key % 8) - 1]);
  return names.join(';');
}
