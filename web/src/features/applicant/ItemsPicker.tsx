import { Button, Checkbox, Input, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../../lib/i18n';
import type { CampaignItem } from '../../lib/types';
import { levelLabel, otherNames } from '../../lib/vocab';
import { applicantMessages } from './messages';

export type PickedItem = { itemId: string; levels: number[] };

function matches(item: CampaignItem, q: string): boolean {
  if (!q) return true;
  const hay = [String(item.seq), item.name, item.officialName, item.occupationCode ?? '', ...item.aliases].join(' ').toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * Occupations and levels from the campaign's catalogue (附件): only the levels the item offers can be
 * ticked (a level not offered is refused by the API as VALIDATION_FAILED).
 */
export function ItemsPicker({
  catalogue,
  value = [],
  onChange,
  disabled,
}: {
  catalogue: CampaignItem[];
  value?: PickedItem[];
  onChange?: (v: PickedItem[]) => void;
  disabled?: boolean;
}) {
  const t = useT(applicantMessages);
  const [q, setQ] = useState('');
  const picked = useMemo(() => new Map(value.map((v) => [v.itemId, v])), [value]);
  const rows = useMemo(() => catalogue.filter((i) => matches(i, q)), [catalogue, q]);
  const set = (next: PickedItem[]) => onChange?.(next);
  const toggle = (item: CampaignItem, on: boolean) =>
    set(on ? [...value, { itemId: item.id, levels: [...item.levels] }] : value.filter((v) => v.itemId !== item.id));
  const setLevels = (item: CampaignItem, levels: number[]) => set(value.map((v) => (v.itemId === item.id ? { ...v, levels } : v)));
  const byId = new Map(catalogue.map((c) => [c.id, c]));

  return (
    <div className="stack">
      <div>
        <strong>{t('selected', { n: value.length })}</strong>
        {value.length === 0 ? (
          <p className="muted m-0">{t('noneSelected')}</p>
        ) : (
          <ul className="mt-4 mb-0 pl-20">
            {value.map((v) => {
              const item = byId.get(v.itemId);
              if (!item) return null;
              const missing = item.levels.length > 0 && v.levels.length === 0;
              return (
                <li key={v.itemId}>
                  {item.seq}. {item.name}：{item.levels.length === 0 ? t('specialAbility') : v.levels.map((l) => levelLabel(l)).join('、') || '—'}
                  {missing ? <span className="text-danger">（{t('levelsMissing', { name: item.name })}）</span> : null}{' '}
                  {!disabled && (
                    <Button size="small" type="link" onClick={() => toggle(item, false)} aria-label={`${t('remove')} ${item.name}`}>
                      {t('remove')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <Input.Search
        allowClear
        placeholder={t('searchItems')}
        aria-label={t('searchItems')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        className="maxw-420"
      />
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('choose'),
            width: 70,
            render: (_, item) => (
              <Checkbox
                checked={picked.has(item.id)}
                disabled={disabled}
                onChange={(e) => toggle(item, e.target.checked)}
                aria-label={`${t('choose')} ${item.seq}. ${item.name}`}
              />
            ),
          },
          { title: t('colSeq'), dataIndex: 'seq', width: 60 },
          {
            title: t('colName'),
            render: (_, item) => {
              const others = otherNames(item);
              return others.length ? (
                <span>
                  {item.name}
                  <div className="muted fs-12">{t('alsoCalled', { names: others.join('、') })}</div>
                </span>
              ) : (
                item.name
              );
            },
          },
          { title: t('colCode'), dataIndex: 'occupationCode', render: (v: string | null) => v ?? '—' },
          {
            title: t('colLevels'),
            render: (_, item) =>
              item.levels.length === 0 ? (
                t('specialAbility')
              ) : (
                <Checkbox.Group
                  aria-label={`${item.name} ${t('pickLevels')}`}
                  disabled={disabled || !picked.has(item.id)}
                  value={picked.get(item.id)?.levels ?? []}
                  onChange={(v) =>
                    setLevels(
                      item,
                      v.sort((a, b) => b - a),
                    )
                  }
                  options={item.levels.map((l) => ({ value: l, label: levelLabel(l) }))}
                />
              ),
          },
        ]}
      />
    </div>
  );
}
