import type { ThemeConfig } from 'antd';

/**
 * antd's defaults with contrast raised to WCAG 2.1 AA (4.5:1 for text): the default blue (#1677ff)
 * and the 45%-black secondary text fall short on white. Hover colours too: a pointer left resting on a
 * button is a state people read (antd derives a lighter #2e7ae6 hover, 4.16:1), so hover goes darker.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorPrimaryHover: '#0a4cbd',
    colorPrimaryTextHover: '#0a4cbd',
    colorPrimaryActive: '#003eb3',
    colorLink: '#0958d9',
    colorLinkHover: '#0a4cbd',
    colorLinkActive: '#003eb3',
    colorError: '#c4161c',
    colorSuccess: '#2e7d32',
    colorWarning: '#ad6800',
    colorInfo: '#0958d9',
    // light backgrounds of alerts set by hand: derived from the darker colours above they turn muddy
    colorSuccessBg: '#edf7ed',
    colorSuccessBorder: '#9fd19f',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#f5c26b',
    colorErrorBg: '#fdeeee',
    colorErrorBorder: '#eea3a3',
    colorInfoBg: '#e8f1ff',
    colorInfoBorder: '#9dbff5',
    colorTextDescription: 'rgba(0,0,0,0.65)',
    colorTextTertiary: 'rgba(0,0,0,0.62)',
    colorTextPlaceholder: 'rgba(0,0,0,0.55)',
    colorTextQuaternary: 'rgba(0,0,0,0.55)',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
  },
};
