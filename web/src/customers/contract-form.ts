import type { Contract, ContractInput } from '../api/types';

/** A contract's fields as the inputs hold them: days as YYYY-MM-DD, '' for none. */
export interface ContractFormValues {
  title: string;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  amount: string;
  businessLineId: string;
  note: string;
}

/** A new contract, signed and starting today unless changed. */
export const emptyContract = (today: string): ContractFormValues => ({
  title: '',
  signedOn: today,
  startsOn: today,
  endsOn: '',
  amount: '',
  businessLineId: '',
  note: '',
});

export const contractValues = (contract: Contract): ContractFormValues => ({
  title: contract.title,
  signedOn: contract.signedOn,
  startsOn: contract.startsOn,
  endsOn: contract.endsOn ?? '',
  amount: contract.amount ?? '',
  businessLineId: contract.businessLineId ?? '',
  note: contract.note ?? '',
});

/**
 * The body of a create or an update: every field, empty ones as none. Digit grouping typed with the
 * amount (commas of either width, spaces) is left out; the server checks the rest.
 */
export const contractBody = (values: ContractFormValues): ContractInput => ({
  title: values.title.trim(),
  signedOn: values.signedOn,
  startsOn: values.startsOn,
  endsOn: values.endsOn || null,
  amount: values.amount.replace(/[,，\s]/g, '') || null,
  businessLineId: values.businessLineId || null,
  note: values.note.trim() || null,
});

export type ContractState = 'upcoming' | 'running' | 'ended';

/** Where a contract stands on `today` (YYYY-MM-DD in the workspace's time zone). */
export function contractState(contract: Pick<Contract, 'startsOn' | 'endsOn'>, today: string): ContractState {
  if (contract.startsOn > today) return 'upcoming';
  if (contract.endsOn !== null && contract.endsOn < today) return 'ended';
  return 'running';
}
