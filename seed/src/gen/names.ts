import type { Prng } from './prng.js';

/** The most common surnames, most frequent first (pickSkewed favours the front). */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];

/** Characters of given names; one or two are drawn. */
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏辉建国峰飞波宇浩凯俊斌健亮梅琳雪晶莉燕玲丹颖慧婷云秀珍凤海龙志宏春雨欣怡子涵博文佳琪思远嘉瑞晨阳立新永福德成金山淑贞玉珍凤英淑华桂兰秀梅',
];

export function personName(rng: Prng): string {
  const surname = rng.pickSkewed(SURNAMES);
  const first = rng.pick(GIVEN);
  if (!rng.chance(0.7)) return surname + first;
  const second = rng.pick(GIVEN);
  return surname + first + (second === first ? rng.pick(GIVEN) : second);
}

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail = rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest);
    return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
  }
  const rest = n % 1000;
  const tail = rest === 0 ? '' : rest < 100 ? `零${chineseNumber(rest).replace(/^十/, '一十')}` : chineseNumber(rest);
  return `${DIGITS[Math.floor(n / 1000)]}千${tail}`;
}

const HEAT_SOURCES = [
  '长青',
  '东郊',
  '南湖',
  '北郊',
  '西城',
  '高新',
  '经开',
  '绿园',
  '汽开',
  '净月',
  '双阳',
  '九台',
  '兴隆',
  '龙华',
  '城东',
  '城西',
  '滨江',
  '东山',
];
const HEAT_SOURCE_KINDS = ['热源厂', '热电厂', '供热站'];

/** The i-th heat source of a subsidiary (0-based): 长青热源厂, 东郊热电厂 …, then numbered. */
export function heatSourceName(i: number): string {
  const base = HEAT_SOURCES[i % HEAT_SOURCES.length];
  const round = Math.floor(i / HEAT_SOURCES.length);
  return `${base}${round ? `${chineseNumber(round + 1)}期` : ''}${HEAT_SOURCE_KINDS[i % HEAT_SOURCE_KINDS.length]}`;
}

export const substationName = (n: number) => `${chineseNumber(n)}号换热站`;
export const buildingName = (n: number) => `${n}号楼`;
export const unitName = (n: number) => `${n}单元`;

const COMMUNITY_PREFIXES = [
  ...['阳光', '幸福', '和平', '锦绣', '翰林', '紫荆', '金色', '碧水', '万科', '恒大', '保利', '中海', '华润', '富力', '绿地', '龙湖'],
  ...['亚泰', '长影', '天富', '南湖', '明珠', '春城', '御景', '东方', '盛世', '银河', '新城', '朝阳', '兴华', '松江', '鸿城', '国信'],
];
const COMMUNITY_SUFFIXES = ['小区', '花园', '家园', '佳苑', '雅居', '嘉园', '名苑', '公馆', '华府', '丽景', '尚品', '学府'];
const PHASES = ['', '一期', '二期', '三期'];

/**
 * Community names of one subsidiary, each used once, in a shuffled order: 阳光小区, 万科城 二期 …
 * (32 × 12 × 4 = 1,536 distinct names, then numbered).
 */
export class CommunityNames {
  private readonly order: string[];
  private used = 0;

  constructor(rng: Prng) {
    const all: string[] = [];
    for (const phase of PHASES) for (const p of COMMUNITY_PREFIXES) for (const s of COMMUNITY_SUFFIXES) all.push(`${p}${s}${phase}`);
    for (let i = all.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rng.next() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    // Unphased names first: a small data set gets 阳光小区 rather than 阳光小区三期.
    this.order = [...all.filter((n) => !/期$/.test(n)), ...all.filter((n) => /期$/.test(n))];
  }

  /** Skip names already used (a later run continues where the last stopped). */
  skip(count: number): void {
    this.used += count;
  }

  next(): string {
    const i = this.used++;
    const base = this.order[i % this.order.length];
    const round = Math.floor(i / this.order.length);
    return round ? `${base}（${round + 1}）` : base;
  }
}

export const CUSTOMER_REMARKS = [
  '独居老人，上门请提前电话联系',
  '家中常年无人，联系子女',
  '低保户',
  '租户居住，联系人为房东',
  '行动不便',
  '二次供暖改造户',
];
export const EXTRA_PHONE_LABELS = ['配偶', '子女', '亲属', '单位'];
