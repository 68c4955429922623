import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error';

interface VersionedSaveOptions<B> {
  /** Sends the body with this If-Match; answers the saved record's ETag (see withEtag). */
  send: (body: B, ifMatch: string) => Promise<{ etag: string | null }>;
  /** The ETag the form's record was read with. */
  etag: string | null;
  /** The If-Match sent when the read carried no ETag: the record's first version. */
  firstVersion: string;
  /** After each save, e.g. the queries that show the saved record elsewhere. */
  onSaved?: () => Promise<unknown>;
}

/**
 * The save of a settings form against the version it read (If-Match), then against the version each
 * save answers, so that a change someone made meanwhile is refused (412, `stale`) rather than
 * overwritten. `done` says the last save went through; a form clears it when it submits again.
 */
export function useVersionedSave<B>({ send, etag, firstVersion, onSaved }: VersionedSaveOptions<B>) {
  const [version, setVersion] = useState(etag);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: (body: B) => send(body, version ?? firstVersion),
    onSuccess: async (response) => {
      setVersion(response.etag);
      setDone(true);
      await onSaved?.();
    },
  });
  const stale = save.error instanceof ApiError && save.error.status === 412;
  return { save, stale, done, setDone };
}
