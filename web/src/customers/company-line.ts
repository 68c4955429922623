import type { Customer } from '../api/types';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * The company to show under or beside a customer's name, or null. An organisation's company is usually
 * itself (imports fill both): shown only where it says something more than the name.
 */
export const companyLine = (customer: Pick<Customer, 'name' | 'company'>): string | null =>
  customer.company && !same(customer.company, customer.name) ? customer.company : null;
