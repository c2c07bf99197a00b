import { defineMessages } from '../../lib/i18n';

export const auditorMessages = defineMessages({
  title: '安全审计',
  intro:
    '安全审计员（三员之一）查阅全部审计记录并校验其 SM3 哈希链，包括系统管理员建立账号、解锁账号、调整配置等操作；本岗位只能查阅，不能变更任何数据，也不办理申报业务。',
});
