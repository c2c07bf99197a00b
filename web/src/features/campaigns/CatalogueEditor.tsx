import { Alert, App, Button, Checkbox, Drawer, Form, Input, Modal, Radio, Table } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SKILL_LEVELS, SKILL_LEVEL_SHORT, type ItemKind } from '../../../../contract/enums';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { del, patch, post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { keys, useCampaignItems, useClock } from '../../lib/queries';
import type { Campaign, CampaignItem } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { campaignMessages } from './messages';

const t = zh(campaignMessages);

interface ItemForm {
  name: string;
  kind: ItemKind;
  levels: number[];
  occupationCode?: string;
}

/**
 * A call's catalogue as data (附件注: the items follow the 大典). Before the window opens the admin or the
 * centre adds, corrects and removes items; once it has opened, only additions (本批次规则) — the server
 * decides, this page says so beforehand and asks before every step that cannot be undone.
 */
export function CatalogueEditor({ campaign, onClose }: { campaign: Campaign; onClose: () => void }) {
  const items = useCampaignItems(campaign.id);
  const clock = useClock();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<CampaignItem | 'new' | null>(null);
  const now = clock.data ? Date.now() + clock.data.offsetMs : Date.now();
  const opened = now >= Date.parse(campaign.opensAt);
  const refresh = () => qc.invalidateQueries({ queryKey: keys.items(campaign.id) });
  const remove = useMutation({
    mutationFn: (item: CampaignItem) => del<void>(`/campaigns/${campaign.id}/items/${item.id}`),
    onSuccess: (_v, item) => {
      void message.success(t('itemRemoved', { name: item.name }));
      void refresh();
    },
  });

  return (
    <Drawer open size="large" title={t('catalogueTitle', { doc: campaign.docNumber })} onClose={onClose} destroyOnHidden>
      <Alert
        type={opened ? 'warning' : 'info'}
        showIcon
        className="mb-12"
        title={
          opened
            ? t('catalogueOpened', { date: formatDate(shanghaiDate(campaign.opensAt)) })
            : t('catalogueBeforeOpen', { date: formatDate(shanghaiDate(campaign.opensAt)) })
        }
        description={t('catalogueNote')}
      />
      {remove.error ? (
        <div className="mb-12">
          <ProblemAlert error={remove.error} onClose={() => remove.reset()} />
        </div>
      ) : null}
      <Button type="primary" className="mb-12" onClick={() => setEditing('new')}>
        {t('addItem')}
      </Button>
      <QueryState query={items}>
        {(list) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={list}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('seq'), dataIndex: 'seq', width: 60 },
              { title: t('itemName'), dataIndex: 'name' },
              { title: t('occupationCode'), dataIndex: 'occupationCode', render: (c: string | null) => c ?? '—' },
              { title: t('levels'), render: (_, i) => levelsShort(i.levels) },
              {
                title: t('actions'),
                render: (_, i) =>
                  opened ? (
                    <span className="muted">{t('frozen')}</span>
                  ) : (
                    <span className="row gap-8">
                      <Button size="small" onClick={() => setEditing(i)} aria-label={`${t('editItem')} ${i.name}`}>
                        {t('editItem')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        aria-label={`${t('removeItem')} ${i.name}`}
                        loading={remove.isPending && remove.variables?.id === i.id}
                        onClick={() =>
                          modal.confirm({
                            title: t('removeConfirm', { name: i.name }),
                            content: t('removeConfirmText'),
                            okText: t('removeItem'),
                            okButtonProps: { danger: true },
                            onOk: () => remove.mutateAsync(i).catch(() => {}),
                          })
                        }
                      >
                        {t('removeItem')}
                      </Button>
                    </span>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing ? (
        <ItemDialog
          campaign={campaign}
          item={editing === 'new' ? null : editing}
          opened={opened}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function ItemDialog({ campaign, item, opened, onDone }: { campaign: Campaign; item: CampaignItem | null; opened: boolean; onDone: () => void }) {
  const [form] = Form.useForm<ItemForm>();
  const { modal, message } = App.useApp();
  const kind = Form.useWatch('kind', form);
  const save = useMutation({
    mutationFn: (v: ItemForm) => {
      const body = {
        name: v.name,
        kind: v.kind,
        levels: v.kind === 'special_ability' ? [] : (v.levels ?? []),
        occupationCode: v.occupationCode?.trim() || null,
      };
      return item ? patch<CampaignItem>(`/campaigns/${campaign.id}/items/${item.id}`, body) : post<CampaignItem>(`/campaigns/${campaign.id}/items`, body);
    },
    onSuccess: (saved) => {
      void message.success(item ? t('itemSaved', { name: saved.name }) : t('itemAdded', { seq: saved.seq, name: saved.name }));
      onDone();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const submit = (v: ItemForm) => {
    // after the window opened an addition can no longer be corrected or removed: ask first
    if (!item && opened) {
      modal.confirm({
        title: t('addConfirm', { name: v.name }),
        content: t('addConfirmText'),
        okText: t('addItem'),
        onOk: () => save.mutateAsync(v).catch(() => {}),
      });
    } else save.mutate(v);
  };
  const initial: Partial<ItemForm> = item
    ? { name: item.name, kind: item.kind, levels: item.levels, occupationCode: item.occupationCode ?? '' }
    : { kind: 'occupation', levels: [] };
  return (
    <Modal open title={item ? t('editTitle', { seq: item.seq }) : t('addTitle')} onCancel={onDone} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('itemName')}
          extra={t('itemNameHelp')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('itemName') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')}>
          <Radio.Group
            options={[
              { value: 'occupation', label: t('kindOccupation') },
              { value: 'special_ability', label: t('kindAbility') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="levels"
          label={t('levels')}
          extra={kind === 'special_ability' ? t('abilityNoLevels') : undefined}
          // a validator, not `required`: antd would put aria-required on the checkbox group, which that role does not allow
          rules={[
            {
              validator: async (_r, v?: number[]) => {
                if (kind !== 'special_ability' && !v?.length) throw new Error(t('levelsRequired'));
              },
            },
          ]}
        >
          <Checkbox.Group disabled={kind === 'special_ability'} options={SKILL_LEVELS.map((l) => ({ value: l, label: SKILL_LEVEL_SHORT[l] }))} />
        </Form.Item>
        <Form.Item name="occupationCode" label={t('occupationCode')} extra={t('occupationCodeHelp')}>
          <Input maxLength={20} placeholder="4-07-05-04" />
        </Form.Item>
        {save.error ? (
          <div className="mb-12">
            <ProblemAlert error={save.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {item ? t('saveItem') : t('addItem')}
        </Button>
      </Form>
    </Modal>
  );
}
