import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Customer } from '../api/types';

export const customerKey = (id: string) => ['customer', id] as const;

/** The customer with the ETag it was read with, which an edit must send back as If-Match. */
export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: ({ signal }) => api.request<Customer>('GET', `/customers/${id}`, { signal }),
  });
}
