import { defineMessages } from '../../lib/i18n';

export const inboxMessages = defineMessages(
  {
    title: '消息',
    intro: '办理进度、推荐请求、评审指派、到期提醒等系统消息。',
    unavailable: '本系统尚未启用站内消息。',
    unreadOnly: '只看未读',
    all: '全部',
    unread: '未读',
    markRead: '标为已读',
    markAll: '全部标为已读',
    open: '查看',
    none: '没有消息。',
    count: '共 {n} 条，未读 {u} 条',
  },
  {
    title: 'Messages',
    intro: 'Progress, recommendation requests, expert assignments, deadline reminders and other messages from the system.',
    unavailable: 'Messages are not enabled in this system yet.',
    unreadOnly: 'Unread only',
    all: 'All',
    unread: 'Unread',
    markRead: 'Mark as read',
    markAll: 'Mark all as read',
    open: 'Open',
    none: 'No messages.',
    count: '{n} messages, {u} unread',
  },
);
