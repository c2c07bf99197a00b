import { useT } from '../lib/i18n';
import { commonMessages } from './messages';

/**
 * An empty list, said the same way everywhere (issue 13, point 10): one short muted sentence, no
 * picture — antd's own 暂无数据 illustration never appears beside a page's "还没有申请。". A list
 * with words of its own (`locale.emptyText`) says those, in the same place and style.
 */
export function EmptyNote({ component }: { component?: string }) {
  const t = useT(commonMessages);
  return <div className="muted empty-note">{component === 'Select' || component === 'Cascader' ? t('noMatch') : t('emptyList')}</div>;
}
