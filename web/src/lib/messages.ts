import { defineMessages } from './i18n';

/** Strings of the lib layer (API failures that never reached the server, clause citations). */
export const libMessages = defineMessages(
  {
    networkTitle: '网络连接失败',
    networkDetail: '无法连接到服务器，请检查网络后重试；您已填写的内容仍保留在页面上。',
    failedTitle: '操作未成功',
    serverDetail: '系统暂时出现问题，请稍后重试；您已填写的内容仍保留在页面上。',
    statusDetail: '请求未成功（{status}），请稍后重试。',
    abortedTitle: '已取消',
    abortedDetail: '上传已取消。',
    clause: '依据《通知》{clause}',
    callRule: '依据本批次规则',
  },
  {
    networkTitle: 'Network error',
    networkDetail: 'The server could not be reached. Check the connection and try again; what you typed is still on the page.',
    failedTitle: 'Not done',
    serverDetail: 'The system has a problem; please try again later. What you typed is still on the page.',
    statusDetail: 'The request failed ({status}); please try again.',
    abortedTitle: 'Cancelled',
    abortedDetail: 'The upload was cancelled.',
    clause: 'Notice, section {clause}',
    callRule: 'Rule of this call',
  },
);
