/**
 * A search text as it can match customers.name_pinyin ("zhangwei zw"): "Zhang Wei", "zhangwei" and
 * "zw" all find 张伟. Only letters (spaces and apostrophes, as in "xi'an", are dropped; ü is typed v);
 * anything else cannot be pinyin and answers undefined.
 */
export function pinyinQuery(q: string): string | undefined {
  const letters = q
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[\s']+/g, '');
  return /^[a-z]{2,}$/.test(letters) ? letters : undefined;
}
