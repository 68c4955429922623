import type { DemoRng } from './rng.js';

/** Common surnames, weighted roughly by how often they occur, with pinyin for e-mail addresses. */
const SURNAMES: readonly (readonly [readonly [string, string], number])[] = [
  [['王', 'wang'], 7],
  [['李', 'li'], 7],
  [['张', 'zhang'], 7],
  [['刘', 'liu'], 5],
  [['陈', 'chen'], 5],
  [['杨', 'yang'], 3],
  [['黄', 'huang'], 3],
  [['赵', 'zhao'], 3],
  [['吴', 'wu'], 2],
  [['周', 'zhou'], 2],
  [['徐', 'xu'], 2],
  [['孙', 'sun'], 2],
  [['马', 'ma'], 2],
  [['朱', 'zhu'], 2],
  [['胡', 'hu'], 2],
  [['郭', 'guo'], 2],
  [['何', 'he'], 1],
  [['高', 'gao'], 1],
  [['林', 'lin'], 1],
  [['罗', 'luo'], 1],
  [['郑', 'zheng'], 1],
  [['梁', 'liang'], 1],
  [['谢', 'xie'], 1],
  [['宋', 'song'], 1],
  [['唐', 'tang'], 1],
  [['韩', 'han'], 1],
  [['冯', 'feng'], 1],
  [['邓', 'deng'], 1],
  [['曹', 'cao'], 1],
  [['彭', 'peng'], 1],
];

const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['芳', 'fang'],
  ['娜', 'na'],
  ['伟', 'wei'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['秀英', 'xiuying'],
  ['桂英', 'guiying'],
  ['建华', 'jianhua'],
  ['志强', 'zhiqiang'],
  ['晓明', 'xiaoming'],
  ['婷婷', 'tingting'],
  ['子涵', 'zihan'],
  ['浩然', 'haoran'],
  ['欣怡', 'xinyi'],
  ['宇轩', 'yuxuan'],
  ['梓萱', 'zixuan'],
  ['俊杰', 'junjie'],
  ['思远', 'siyuan'],
  ['雨桐', 'yutong'],
  ['文博', 'wenbo'],
  ['佳琪', 'jiaqi'],
  ['海燕', 'haiyan'],
  ['国庆', 'guoqing'],
  ['春梅', 'chunmei'],
  ['晨曦', 'chenxi'],
  ['一鸣', 'yiming'],
  ['嘉怡', 'jiayi'],
  ['子豪', 'zihao'],
  ['美玲', 'meiling'],
];

const FIRST_NAMES = [
  'Olivia',
  'James',
  'Emma',
  'Noah',
  'Sophia',
  'Liam',
  'Amelia',
  'Ethan',
  'Grace',
  'Lucas',
  'Chloe',
  'Daniel',
  'Hannah',
  'Ryan',
  'Priya',
  'Arjun',
  'Mei',
  'Wei Jie',
  'Siti',
  'Hiroshi',
  'Yuki',
  'Lena',
  'Felix',
  'Zoe',
  'Marcus',
  'Isabel',
  'Oscar',
  'Ava',
  'Samuel',
  'Nora',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Wilson',
  'Davies',
  'Evans',
  'Thompson',
  'Walker',
  'Robinson',
  'Tan',
  'Lim',
  'Ng',
  'Wong',
  'Chan',
  'Lee',
  'Patel',
  'Singh',
  'Nguyen',
  'Kumar',
  'Sato',
  'Tanaka',
  'Müller',
  'Schmidt',
  'Martin',
  'Clarke',
  'Hughes',
  'Murphy',
  'Kelly',
  "O'Brien",
];

export interface PersonName {
  display: string;
  /** ASCII handle for e-mail addresses, e.g. `fang.wang`. */
  handle: string;
}

export function chineseName(rng: DemoRng): PersonName {
  const [surname, surnamePinyin] = rng.weighted(SURNAMES);
  const [given, givenPinyin] = rng.pick(GIVEN_NAMES);
  return { display: surname + given, handle: `${givenPinyin}.${surnamePinyin}` };
}

export function englishName(rng: DemoRng): PersonName {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z ]/g, '')
      .toLowerCase()
      .replaceAll(' ', '');
  return { display: `${first} ${last}`, handle: `${ascii(first)}.${ascii(last)}` };
}
