import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

/**
 * The reading of every CJK Unified Ideograph (U+4E00–U+9FFF) as pinyin-pro gives it, without tones and
 * with ü written v (as pinyin input methods type it), plus the surname reading where a character reads
 * differently as a family name (曾 zeng, 单 shan). The migration 0007_customer_merge.sql holds its output,
 * from which the database computes customers.name_pinyin on every write. Run this file to print it again.
 */
export function pinyinReadings() {
  const bySyllable = new Map<string, string>();
  const surnames: [string, string][] = [];
  for (let code = 0x4e00; code <= 0x9fff; code++) {
    const ch = String.fromCodePoint(code);
    const reading = pinyin(ch, { toneType: 'none', v: true });
    if (reading === ch || !/^[a-z]+$/.test(reading)) continue;
    bySyllable.set(reading, (bySyllable.get(reading) ?? '') + ch);
    const asSurname = pinyin(ch, { toneType: 'none', v: true, surname: 'head' });
    if (asSurname !== reading) surnames.push([ch, asSurname]);
  }
  return { bySyllable, surnames };
}

export function pinyinTableSql(): string {
  const { bySyllable, surnames } = pinyinReadings();
  const syllables = [...bySyllable].sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    'insert into pinyin_chars (ch, syllable)',
    'select ch, v.syllable from (values',
    syllables.map(([s, chars]) => `  ('${s}', '${chars}')`).join(',\n'),
    ') v (syllable, chars), unnest(string_to_array(v.chars, null)) ch;',
    '',
    'update pinyin_chars p set surname = v.surname from (values',
    surnames.map(([ch, s]) => `  ('${ch}', '${s}')`).join(',\n'),
    ') v (ch, surname) where p.ch = v.ch;',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(pinyinTableSql());
