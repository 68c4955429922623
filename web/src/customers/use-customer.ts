import { useQuery } from '@tanstack/react-query';
import { withEtag } from '../api/api-client';
import { api } from '../api/client';

export const customerKey = (id: string) => ['customer', id] as const;

/** The customer with the ETag it was read with, which an edit must send back as If-Match. */
export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: ({ signal }) => withEtag(api.GET('/customers/{id}', { params: { path: { id } }, signal })),
  });
}
