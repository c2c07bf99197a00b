import { defineMessages } from '../../lib/i18n';

export const bureauMessages = defineMessages({
  queueTitle: '审批（市人社局同意）',
  queueIntro: '通过机构评估、项目评估的申报单位，经市人力资源社会保障局同意后，由市职鉴中心向社会公示（通知 三(五)）。',
  org: '申报单位',
  item: '职业（工种）',
  levels: '等级',
  status: '状态',
  open: '审批',
  none: '暂无待审批项目。',
  pageTitle: '审批：{name}',
  itemsTitle: '待审批项目',
  decision: '决定',
  approve: '同意',
  reject: '不同意',
  comment: '意见',
  commentRequired: '不同意时须写明理由',
  confirm: '提交',
  back: '返回审批列表',
  noItems: '该申请没有待审批的项目。',
  history: '办理记录',
});
