/**
 * Decision 0021: the server writes Chinese; the applicant's pages in English write their own sentence
 * from what is stable. These checks keep the two sides together: every history action the server can
 * write, every message kind, every checklist key and every error code has its English in the web.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../../contract/notifications.js';
import { BLOCKER_KEYS, ERROR_STATUS } from '../../../contract/errors.js';
import { pathToFileURL } from 'node:url';

const HAN = /\p{Script=Han}/u;
const root = path.resolve(import.meta.dirname, '..');

// the web's modules, loaded by path: the server's typecheck does not compile the web (its own tsconfig does)
type Lang = 'zh' | 'en';
type Params = Record<string, string | number>;
const webLib = (name: string) => import(pathToFileURL(path.resolve(root, '../../web/src/lib', name)).href);
const { problemMessages } = (await webLib('messages.ts')) as { problemMessages: { en: Record<string, string> } };
const { blockerSentence, historyAction, historyNote, inboxText, sectionNumber } = (await webLib('server-messages.ts')) as {
  historyNote: (note: string, lang: Lang) => string | undefined;
  blockerSentence: (b: { key?: string; params?: Params }, lang: Lang) => string | undefined;
  historyAction: (action: string, lang: Lang) => string | undefined;
  inboxText: (m: { kind: string; title: string; body: string }, lang: Lang) => { title: string; body?: string };
  sectionNumber: (clause: string) => string;
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('test-fixtures.ts') ? [p] : [];
  });
}

/** The Chinese literals on the lines that name a history entry's action (`action: …`, a filing change's `history: …`). */
function historyActions(): string[] {
  const found = new Set<string>();
  for (const file of [...sources(path.join(root, 'workflow')), ...sources(path.join(root, 'modules'))]) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!/\b(action|history): /.test(line)) continue;
      // what follows `note:` is the entry's note, not its action
      for (const m of line.split(/\bnote: /)[0]!.matchAll(/'([^']*)'/g)) if (HAN.test(m[1]!)) found.add(m[1]!);
    }
  }
  return [...found].sort();
}

describe('English for what the server writes (decision 0021)', () => {
  it('every history action the server writes has its English', () => {
    const actions = historyActions();
    expect(actions.length).toBeGreaterThan(25);
    expect(actions.filter((a) => !historyAction(a, 'en'))).toEqual([]);
    expect(historyAction('现场考察：浦东考核点', 'en')).toBe('Site inspection: 浦东考核点');
    expect(historyAction('受理', 'zh')).toBeUndefined();
  });

  it('the notes the rules write with fixed wording read in English; a typed note is kept', () => {
    const en = (n: string) => historyNote(n, 'en');
    expect(en('提交时间 2024-08-27T10:00:00+08:00')).toBe('Submitted at 27 Aug 2024, 10:00');
    expect(en('材料不全（请于 2024-09-10 24时前补正并重新提交）')).toBe('材料不全 (correct and resubmit by midnight on 2024-09-10)');
    expect(en('3 名专家')).toBe('3 expert(s)');
    expect(en('未通过')).toBe('Not passed');
    expect(en('未声明符合：一(二)、一(五)')).toBe('Not declared met: 1(2), 1(5)');
    expect(en('考核点面积不足')).toBeUndefined();
    expect(historyNote('3 名专家', 'zh')).toBeUndefined();
  });

  it('every message kind has an English title; a status change is written from its two statuses', () => {
    for (const kind of NOTIFICATION_KINDS) expect(inboxText({ kind, title: '标题：上海某公司', body: '正文' }, 'en').title, kind).not.toMatch(/^标题/);
    const m = {
      kind: 'status_changed',
      title: '申报状态：退回补正',
      body: '贵单位在“沪人社职〔2024〕270号”征集遴选中的申报由“已提交（待受理）”变为“退回补正”。说明：请补充材料',
    };
    expect(inboxText(m, 'en')).toEqual({
      title: 'Application status: Returned for correction',
      body: 'Your application changed from “Submitted” to “Returned for correction”. Note: 请补充材料',
    });
    expect(inboxText(m, 'zh')).toEqual({ title: m.title });
  });

  it('every checklist key has its English sentence, without the server’s Chinese', () => {
    for (const key of BLOCKER_KEYS) {
      const s = blockerSentence({ key, params: { who: 'district_hr', district: '310115', kind: 'work_plan', item: 'X', missing: 1, perItem: 2 } }, 'en');
      expect(s, key).toBeTruthy();
      expect(s, key).not.toMatch(HAN);
    }
    expect(blockerSentence({ key: 'material_missing', params: { kind: 'work_plan' } }, 'zh')).toBeUndefined();
  });

  it('every error code has an English title; the notice’s sections in figures', () => {
    const missing = Object.keys(ERROR_STATUS).filter((c) => !problemMessages.en[`t_${c}`]);
    expect(missing).toEqual([]);
    expect(sectionNumber('三(一)')).toBe('3(1)');
    expect(sectionNumber('四(二)')).toBe('4(2)');
    expect(sectionNumber('一(四)')).toBe('1(4)');
  });
});
