import { defineMessages } from '../lib/i18n';

/** An official's case page (CaseLayout): staff pages are Chinese-only. */
export const caseLayoutMessages = defineMessages({
  actions: '办理',
  history: '办理记录',
});
