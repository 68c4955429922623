import {
  type DuplicateProfile,
  type DuplicateReason,
  type PreparedProfile,
  prepareProfile,
  REASON_ORDER,
  scorePair,
} from './duplicates-score.js';

export interface DuplicateGroup {
  /** The best pair score inside the group. */
  score: number;
  /** Every reason that joined two of its customers, strongest first. */
  reasons: DuplicateReason[];
  /** In the order the profiles were given. */
  ids: string[];
}

/** Blocks up to this size compare every pair; larger ones (300 customers called 张伟, 2,000 at one company) only neighbours. */
const SMALL_BLOCK = 10;
/** Sorted-neighbourhood window: how many following names a name is compared with. */
export const WINDOW = 4;

/**
 * Candidate groups of customers that may be one, with at least `minScore`. Pairs are only scored
 * when a blocking key brings them together — the same phone, e-mail, name or pinyin, company or (for
 * organisations) company domain — or when their names sort next to each other, forwards or backwards
 * (which finds typos at either end); a large block compares only neighbours by name. So the work
 * grows with n·log n, not n². Pairs at or above `minScore` join their customers into one group
 * (transitively).
 */
export function findDuplicateGroups(profiles: DuplicateProfile[], minScore: number): DuplicateGroup[] {
  const prepared = profiles.map(prepareProfile);
  const parent = prepared.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const pairScores: { a: number; b: number; score: number; reasons: DuplicateReason[] }[] = [];
  // A pair met twice (same name and same phone) is scored twice: cheaper than remembering every pair.
  const compare = (a: number, b: number) => {
    if (a === b) return;
    const { score, reasons } = scorePair(prepared[a]!, prepared[b]!);
    if (score < minScore) return;
    pairScores.push({ a, b, score, reasons });
    parent[find(a)] = find(b);
  };

  const bySpokenName = (x: number, y: number) => {
    const a = prepared[x]!.spokenKey;
    const b = prepared[y]!.spokenKey;
    return a < b ? -1 : a > b ? 1 : x - y;
  };
  for (const members of blocks(prepared).values()) {
    if (members.length < 2) continue;
    if (members.length <= SMALL_BLOCK) {
      for (let i = 0; i < members.length; i++)
        for (let j = i + 1; j < members.length; j++) compare(members[i]!, members[j]!);
      continue;
    }
    // Sorted by name, each meets the next few: a block of one name still chains into one group, and
    // colleagues at one company meet those whose names are alike.
    members.sort(bySpokenName);
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j <= i + WINDOW && j < members.length; j++) compare(members[i]!, members[j]!);
  }
  neighbourPairs(prepared, compare);

  const groups = new Map<number, DuplicateGroup & { members: Set<number> }>();
  for (const { a, score, reasons } of pairScores) {
    const root = find(a);
    let group = groups.get(root);
    if (!group) {
      group = { score: 0, reasons: [], ids: [], members: new Set() };
      groups.set(root, group);
    }
    group.score = Math.max(group.score, score);
    for (const reason of reasons) if (!group.reasons.includes(reason)) group.reasons.push(reason);
  }
  for (let i = 0; i < prepared.length; i++) groups.get(find(i))?.members.add(i);
  return [...groups.values()].map(({ score, reasons, members }) => ({
    score,
    reasons: REASON_ORDER.filter((r) => reasons.includes(r)),
    ids: [...members].sort((x, y) => x - y).map((i) => prepared[i]!.profile.id),
  }));
}

/** Customers sharing a key; a key is prefixed with what it is, so a name never meets a phone. */
function blocks(prepared: PreparedProfile[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const members = byKey.get(key);
    if (!members) byKey.set(key, [i]);
    else if (members.at(-1) !== i) members.push(i);
  };
  prepared.forEach((p, i) => {
    for (const phone of p.profile.phones) add(`p:${phone}`, i);
    for (const email of p.profile.emails) add(`e:${email}`, i);
    // One name block per sound: 张伟, 章伟 and Zhang Wei meet in "zhangwei"; 张伟 and 张伟 too.
    if (p.spokenKey) add(`n:${p.spokenKey}`, i);
    if (p.companyKey) add(`c:${p.companyKey}`, i);
    if (p.profile.kind === 'organisation') for (const domain of p.domains) add(`d:${domain}`, i);
  });
  return byKey;
}

/**
 * Pairs of customers whose spoken names sort close together, forwards and reversed. Names are
 * deduplicated first, so that 300 identical names do not fill the window; two neighbouring names
 * compare their customers (all pairs while few, else the first of each).
 */
function neighbourPairs(prepared: PreparedProfile[], compare: (a: number, b: number) => void) {
  for (const orient of [(s: string) => s, (s: string) => [...s].reverse().join('')]) {
    const byName = new Map<string, number[]>();
    prepared.forEach((p, i) => {
      if (!p.spokenKey) return;
      const key = orient(p.spokenKey);
      const members = byName.get(key);
      if (members) members.push(i);
      else byName.set(key, [i]);
    });
    const names = [...byName.keys()].sort();
    for (let i = 0; i < names.length; i++) {
      const left = byName.get(names[i]!)!;
      for (let j = i + 1; j <= i + WINDOW && j < names.length; j++) {
        const right = byName.get(names[j]!)!;
        if (left.length * right.length <= SMALL_BLOCK) {
          for (const a of left) for (const b of right) compare(a, b);
        } else compare(left[0]!, right[0]!);
      }
    }
  }
}
