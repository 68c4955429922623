/**
 * The donations data set of Fader, Hardie & Shang (2010), from the repository's fixtures
 * (test/fixtures/donations, with its source and licence), for tests that reproduce the published BG/BB fit.
 */
import { readFileSync } from 'node:fs';
import type { OccasionSummary } from './bgbb.js';

const FILE = new URL('../../test/fixtures/donations/donations.csv', import.meta.url);

/** Path of the donations CSV: `frequency,recency,periods,weights`. */
export const donationsPath = FILE.pathname;

export function loadDonations(): Required<OccasionSummary> {
  const [header, ...rows] = readFileSync(FILE, 'utf8').trim().split('\n');
  const names = header.trim().split(',');
  const column = (name: string) => {
    const j = names.indexOf(name);
    return Float64Array.from(rows, (line) => Number(line.split(',')[j]));
  };
  return {
    frequency: column('frequency'),
    recency: column('recency'),
    periods: column('periods'),
    weights: column('weights'),
  };
}
