import { defineMessages } from '../lib/i18n';

/** Strings of the shared confirmation (ConfirmAction.tsx): the frame; each feature says what happens. */
export const confirmMessages = defineMessages({
  what: '将要办理',
  items: '涉及以下 {n} 项',
  consequence: '办理后',
  basis: '依据',
  cancel: '取消，不办理',
  batchProgress: '已办理 {done}/{total}',
  batchOk: '已办理',
  batchFailed: '未办理',
  batchSummary: '共 {total} 项：{ok} 项已办理，{failed} 项未办理。',
  batchResults: '逐项结果',
});

/** The notice's clause for each official step (沪人社职〔2024〕270号), named once. */
export const CLAUSE = {
  eligibility: '一',
  recommendation: '三(一)',
  acceptance: '三(二)',
  institution: '三(三)',
  project: '三(四)',
  approval: '三(五)',
  publicity: '三(五)',
} as const;
