import type { ItemStatus } from '../../../contract/enums.js';
import { APPLICATION_STATUS_LABELS, ITEM_STATUS_LABELS } from '../../../contract/enums.js';
import type { ApplicationCase } from './case.js';
import type { Command, DecideContext, Decision } from './commands.js';
import { itemOf, outcome } from './decide-support.js';
import { refuse } from './refusal.js';
import { endOfShanghaiDay } from './time.js';

export type ItemCommand = Extract<Command, { type: 'project_submission' | 'project_evaluation' | 'approval' }>;

/** After the institution evaluation, item by item (三(四), 三(五)): project evaluation and the bureau's approval. */
export function decideItem(c: ApplicationCase, cmd: ItemCommand, ctx: DecideContext): Decision {
  const { now } = ctx;
  const same = outcome(c);
  switch (cmd.type) {
    case 'project_submission': {
      // 三(四): completing the project evaluation within 3 months is the applicant's duty; submitting stops the clock
      const item = itemOf(c, cmd.itemId);
      if (item.status === 'project_submitted') refuse('CONFLICT', `“${item.name}”的项目评估材料已提交，不能重复提交。`, '三(四)');
      if (
        item.status === 'abandoned' ||
        (item.status === 'project_evaluation' && item.projectEvaluationDueOn && now >= endOfShanghaiDay(item.projectEvaluationDueOn))
      ) {
        refuse(
          'DEADLINE_PASSED',
          `“${item.name}”未在 ${item.projectEvaluationDueOn ?? ''} 24时前完成项目评估，已视作放弃申报，不能再提交项目评估材料。`,
          '三(四)',
        );
      }
      if (item.status !== 'project_evaluation')
        refuse('CONFLICT', `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”，只有项目评估中的项目可以提交项目评估材料。`, '三(四)');
      return same([{ action: '提交项目评估材料', itemId: item.id, from: item.status, to: 'project_submitted', note: cmd.note || undefined }], c.status, {}, [
        { id: item.id, status: 'project_submitted' },
      ]);
    }
    case 'project_evaluation': {
      const item = itemOf(c, cmd.itemId);
      if (
        item.status === 'abandoned' ||
        (item.status === 'project_evaluation' && item.projectEvaluationDueOn && now >= endOfShanghaiDay(item.projectEvaluationDueOn))
      ) {
        refuse('DEADLINE_PASSED', `“${item.name}”未在 ${item.projectEvaluationDueOn ?? ''} 前完成项目评估，已视作放弃申报。`, '三(四)');
      }
      if (item.status !== 'project_evaluation' && item.status !== 'project_submitted')
        refuse('CONFLICT', `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”，不能进行项目评估。`);
      const to: ItemStatus = cmd.result === 'pass' ? 'project_passed' : 'project_failed';
      return same([{ action: '项目评估', itemId: item.id, from: item.status, to, note: cmd.summary }], c.status, {}, [{ id: item.id, status: to }]);
    }
    case 'approval': {
      const item = itemOf(c, cmd.itemId);
      if (item.status !== 'project_passed')
        refuse('CONFLICT', `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”，须通过机构评估和项目评估后方可审批。`, '三(五)');
      const to: ItemStatus = cmd.decision === 'approve' ? 'approved' : 'not_approved';
      return same(
        [{ action: cmd.decision === 'approve' ? '市人社局同意' : '市人社局不同意', itemId: item.id, from: item.status, to, note: cmd.comment }],
        c.status,
        {},
        [{ id: item.id, status: to }],
      );
    }
  }
}

/** 项目评估材料 (三(四)): the only upload after the institution evaluation, for an item in project evaluation or submitted. */
export function projectMaterialUpload(c: ApplicationCase, cmd: Extract<Command, { type: 'upload_material' }>): void {
  if (c.status !== 'institution_passed') {
    refuse('CONFLICT', `申报当前为“${APPLICATION_STATUS_LABELS[c.status]}”，项目评估材料须在通过机构评估后、项目评估期间上传。`, '三(四)');
  }
  if (cmd.kind !== undefined && cmd.kind !== 'project_material') {
    refuse('CONFLICT', `申报已通过机构评估，申报材料不能再修改；此时只能上传项目评估材料。`, '三(四)');
  }
  const open = (s: ItemStatus) => s === 'project_evaluation' || s === 'project_submitted';
  const item = cmd.itemId === undefined ? undefined : itemOf(c, cmd.itemId);
  if (item ? !open(item.status) : !c.items.some((i) => open(i.status))) {
    refuse('CONFLICT', `${item ? `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”` : '本申报没有项目评估中的项目'}，不能上传项目评估材料。`, '三(四)');
  }
}
