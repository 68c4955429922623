import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';

interface VersionedSaveOptions {
  method: 'PUT' | 'PATCH';
  path: string;
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
export function useVersionedSave<T, B = T>({
  method,
  path,
  etag,
  firstVersion,
  onSaved,
}: VersionedSaveOptions) {
  const [version, setVersion] = useState(etag);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: (body: B) => api.request<T>(method, path, { body, ifMatch: version ?? firstVersion }),
    onSuccess: async (response) => {
      setVersion(response.etag);
      setDone(true);
      await onSaved?.();
    },
  });
  const stale = save.error instanceof ApiError && save.error.status === 412;
  return { save, stale, done, setDone };
}
