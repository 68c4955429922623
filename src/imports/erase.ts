import { sql } from 'kysely';
import type { Tx } from '../db/tenant.js';

/**
 * Removes what past imports keep of a person whose values (phones, e-mails, names) are `values`:
 *
 * - the rejected cells holding one of them are emptied: an import error row is kept to show what was
 *   wrong, and the value itself is not needed;
 * - the uploaded files of finished imports are deleted. A file is kept only so that an unfinished
 *   import can resume; once done or failed nothing reads it again. No search could prove a file free
 *   of the person: it may be GBK or UTF-16, zipped (XLSX), split across chunks, and write a phone as
 *   `138 1234 5678` where CLM stores `+8613812345678`. So every finished file of the workspace goes,
 *   and the import itself (counts, report of refused rows) stays.
 *
 * Staged rows need nothing: an import deletes them when it finishes. A file still being imported is
 * left to its import, which needs it.
 */
export async function eraseImportCopies(tx: Tx, values: string[]): Promise<void> {
  if (values.length > 0)
    await tx
      .updateTable('import_errors')
      .set({ value: '' })
      .where(sql<boolean>`value = any(${values}::text[])`)
      .execute();
  await tx
    .deleteFrom('import_file_chunks')
    .where((eb) =>
      eb('import_id', 'in', eb.selectFrom('imports').select('id').where('status', 'in', ['done', 'failed'])),
    )
    .execute();
}
