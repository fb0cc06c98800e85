/**
 * Deterministic 5,000-character government notices (通知) for the API benchmark: a title, a salutation, numbered
 * sections of sentences drawn from pools, dates and figures drawn at random, a closing and a sender. Every
 * notice differs, and none is blocked by the checker (the benchmark checks a sample).
 */
import { seededRandom } from '../corpus.js';

export interface Notice {
  title: string;
  body: string;
}

const TOPICS = [
  '生活垃圾分类',
  '全民健身活动',
  '公共图书馆延时开放',
  '老旧小区改造',
  '义务植树',
  '社区养老服务',
  '夏季消夏文化活动',
  '农村人居环境整治',
  '校园周边交通秩序',
  '便民服务窗口建设',
];
const UNITS = ['各区人民政府', '市各委办局', '各街道办事处', '各镇人民政府', '市各直属单位', '各社区居委会'];
const DEPARTMENTS = ['市城市管理局', '市体育局', '市文化广电和旅游局', '市住房和城乡建设局', '市民政局'];
const PLACES = ['崇川区', '通州区', '海门区', '如皋市', '启东市', '海安市', '如东县', '开发区'];
/** Two ideographic spaces (U+3000) open a paragraph, as in printed notices. */
const INDENT = '\u3000\u3000';
const SECTIONS = ['总体要求', '工作目标', '主要任务', '实施步骤', '保障措施', '工作要求'];

/** Sentence templates; {topic}, {place}, {dept}, {n}, {month}, {day} are filled per use. */
const SENTENCES = [
  '各地各部门要把{topic}工作摆上重要位置，明确责任分工，细化工作措施，确保各项任务按时完成。',
  '{place}要结合本地实际，制定具体实施方案，于{month}月{day}日前报送{dept}备案。',
  '要坚持以人民为中心，广泛听取群众意见，把{topic}工作做到群众心坎上。',
  '到年底，全市计划完成{n}个点位的建设任务，群众满意度明显提升。',
  '各街道、社区要发挥基层组织作用，组织志愿者开展宣传引导，营造人人参与的良好氛围。',
  '{dept}负责统筹协调，定期召开工作推进会，及时研究解决工作中遇到的问题。',
  '要加强日常巡查，建立问题台账，做到发现一处、整改一处、销号一处。',
  '要充分利用政务新媒体、社区公告栏等渠道，及时发布{topic}相关信息，方便群众知晓。',
  '对工作推进有力、成效明显的单位，将在年度考核中予以通报表扬。',
  '{place}已先行开展试点，累计服务群众{n}人次，形成了一批可复制、可推广的经验做法。',
  '要统筹安排资金，规范使用管理，提高资金使用效益，严禁挤占挪用。',
  '各单位要确定一名联络员，负责日常联系和信息报送工作，每月{day}日前报送工作进展情况。',
  '要注重安全管理，落实安全措施，确保活动组织有序、安全顺利。',
  '要做好与周边群众的沟通解释工作，合理安排施工时间，尽量减少对居民生活的影响。',
  '要健全长效机制，把行之有效的做法固定下来，推动{topic}工作常态化、制度化。',
  '{month}月起，{dept}将会同有关部门开展专项督查，督查情况纳入年度综合考核。',
  '要加强业务培训，组织工作人员学习相关规定，提升服务能力和工作水平。',
  '要鼓励社会力量参与，引导企业、社会组织和志愿者积极投身{topic}工作。',
];

/** The notice for `seed`: about `length` characters of body (cut at a sentence end, at most `length`). */
export function notice(seed: number, length = 5000): Notice {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const topic = pick(TOPICS);
  const dept = pick(DEPARTMENTS);
  const fill = (template: string): string =>
    template
      .replaceAll('{topic}', topic)
      .replaceAll('{dept}', dept)
      .replaceAll('{place}', pick(PLACES))
      .replaceAll('{n}', String(10 + Math.floor(random() * 990)))
      .replaceAll('{month}', String(1 + Math.floor(random() * 12)))
      .replaceAll('{day}', String(1 + Math.floor(random() * 28)));

  const year = 2024 + Math.floor(random() * 3);
  const title = `关于做好${year}年${topic}工作的通知`;
  const first = Math.floor(random() * UNITS.length);
  const second = (first + 1 + Math.floor(random() * (UNITS.length - 1))) % UNITS.length;
  const opening = `${UNITS[first]}、${UNITS[second]}：\n${INDENT}为进一步做好${topic}工作，现将有关事项通知如下。\n`;
  const closing = `\n${INDENT}特此通知。\n${dept}\n${year}年${1 + Math.floor(random() * 12)}月${1 + Math.floor(random() * 28)}日`;
  let body = opening;
  let section = 0;
  while (body.length + closing.length < length) {
    const heading = `${'一二三四五六七八九十'[section % 10]}、${SECTIONS[section % SECTIONS.length]}\n`;
    section++;
    let paragraph = INDENT;
    for (let i = 0; i < 6; i++) paragraph += fill(pick(SENTENCES));
    const next = `${heading}${paragraph}\n`;
    if (body.length + next.length + closing.length > length) {
      body += cutAtSentence(next, length - body.length - closing.length);
      break;
    }
    body += next;
  }
  return { title, body: body + closing };
}

/** The longest prefix of `text` that ends with a full stop and a line break, at most `max` characters. */
function cutAtSentence(text: string, max: number): string {
  const end = text.lastIndexOf('。', max - 2);
  return end < 0 ? '' : `${text.slice(0, end + 1)}\n`;
}

/** The request body `POST /api/drafts` gets for a notice: plain text, an original, for `targets` when given. */
export function submissionBody({ title, body }: Notice, targets?: readonly string[]): string {
  return JSON.stringify({ title, body, format: 'text', kind: 'original', ...(targets ? { targets } : {}) });
}
