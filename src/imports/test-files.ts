import { randomBytes } from 'node:crypto';
import type { Session } from '../../test/support.js';

/** A multipart/form-data body of text fields and one file, as a browser or curl -F sends it. */
export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = `----clm${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads a file and waits until the server has run the import; answers its final state. */
export async function uploadAndWait(
  session: Session,
  fields: Record<string, string>,
  file: { name: string; data: Buffer },
) {
  const { payload, headers } = multipart(fields, file);
  const posted = await session.request({ method: 'POST', url: '/api/v1/imports', payload, headers });
  if (posted.status !== 202)
    throw new Error(`upload answered ${posted.status}: ${JSON.stringify(posted.body)}`);
  for (let i = 0; i < 600; i++) {
    const state = await session.request({ method: 'GET', url: `/api/v1/imports/${posted.body.id}` });
    if (state.body.status === 'done' || state.body.status === 'failed') return state.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the import did not finish in a minute');
}
