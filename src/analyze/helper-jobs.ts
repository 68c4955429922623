/**
 * The work a reader thread takes on once its share of the file is read: copying a share of its rows
 * over, the summaries of a share of the customers, a sort, churn scores, and the CSV lines of a
 * share of the output rows.
 */
import type { ChurnInput } from '../analytics/churn.js';
import {
  type CustomerSummary,
  customerSummaries,
  type SummaryOptions,
  type TransactionColumns,
} from '../analytics/summaries.js';
import {
  type BlockPlan,
  countRowsByBlock,
  orderBlocks,
  type StagingArea,
  stageRows,
} from '../analytics/transaction-order.js';
import { ByteWriter } from './byte-writer.js';
import { type ChurnScores, churnScores } from './churn-scores.js';
import {
  type Column,
  rowLayout,
  type SummaryColumns,
  summaryColumns,
  writeCsvRows,
} from './customer-table.js';
import { type ExportedIds, IdInterner } from './id-interner.js';
import { type SharedChunks, takeBack } from './shared-chunks.js';
import { copyPartRows, type Rows } from './transaction-sink.js';

export type HelperJob =
  | { kind: 'sort'; values: Float64Array<ArrayBuffer> }
  | { kind: 'copy-rows'; part: Rows; ids: Int32Array; target: Rows; at: number; from: number; to: number }
  | { kind: 'count-rows'; tx: TransactionColumns; plan: BlockPlan; from: number; to: number }
  | {
      kind: 'stage-rows';
      tx: TransactionColumns;
      plan: BlockPlan;
      from: number;
      to: number;
      fill: Int32Array;
      staged: StagingArea;
    }
  | {
      kind: 'summaries';
      tx: TransactionColumns;
      options: SummaryOptions;
      /** Staged rows whose blocks first…end−1 hold the customers to summarise (see orderBlocks). */
      staged?: { area: StagingArea; blockStart: Int32Array; plan: BlockPlan; blocks: [number, number] };
    }
  | { kind: 'churn'; input: ChurnInput }
  | { kind: 'summary-columns'; summary: CustomerSummary; daysSinceLast: Float64Array }
  | {
      kind: 'rows';
      columns: Column[];
      /** Chunks of `chunkRows` rows, taken from the back (see writeCustomerTable). */
      chunks: SharedChunks;
      chunkRows: number;
      rows: number;
      ids: ExportedIds;
    };

export interface HelperReply {
  reply: CustomerSummary | Float64Array | Int32Array | ChurnScores | SummaryColumns | Uint8Array[] | null;
  /** Buffers to transfer with the reply rather than copy. */
  transfer: ArrayBuffer[];
}

export function runJob(job: HelperJob): HelperReply {
  if (job.kind === 'copy-rows') {
    copyPartRows(job.part, job.ids, job.target, job.at, job.from, job.to);
    return { reply: null, transfer: [] };
  }
  if (job.kind === 'count-rows') {
    const counts = countRowsByBlock(job.tx, job.plan, job.from, job.to);
    return { reply: counts, transfer: [counts.buffer as ArrayBuffer] };
  }
  if (job.kind === 'stage-rows') {
    stageRows(job.tx, job.plan, job.from, job.to, job.fill, job.staged);
    return { reply: null, transfer: [] };
  }
  if (job.kind === 'summaries') {
    const staged = job.staged;
    const order =
      staged && orderBlocks(staged.area, staged.blockStart, staged.plan, staged.blocks[0], staged.blocks[1]);
    const summary = customerSummaries(job.tx, { ...job.options, order });
    return { reply: summary, transfer: summaryBuffers(summary) };
  }
  if (job.kind === 'sort') return { reply: job.values.sort(), transfer: [job.values.buffer] };
  // Its arrays are in shared memory: the reply hands them over without a copy.
  if (job.kind === 'summary-columns')
    return { reply: summaryColumns(job.summary, job.daysSinceLast), transfer: [] };
  if (job.kind === 'churn') {
    const scores = churnScores(job.input);
    return {
      reply: scores,
      transfer: [scores.risk.buffer, scores.level.buffer, scores.reasons.buffer] as ArrayBuffer[],
    };
  }
  const ids = IdInterner.fromExport(job.ids);
  // Taken from the back: each chunk's bytes go before those of the chunks taken earlier.
  const written: Uint8Array[][] = [];
  const layout = rowLayout(job.columns);
  for (let c = takeBack(job.chunks); c >= 0; c = takeBack(job.chunks)) {
    const chunk: Uint8Array[] = [];
    const out = new ByteWriter((bytes) => chunk.push(bytes));
    writeCsvRows(out, layout, ids, c * job.chunkRows, Math.min(job.rows, (c + 1) * job.chunkRows));
    out.flush();
    written.unshift(chunk);
  }
  const bytes = written.flat();
  return { reply: bytes, transfer: bytes.map((b) => b.buffer as ArrayBuffer) };
}

function summaryBuffers(summary: CustomerSummary): ArrayBuffer[] {
  return Object.values(summary)
    .filter((v): v is Float64Array | Int32Array => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}
