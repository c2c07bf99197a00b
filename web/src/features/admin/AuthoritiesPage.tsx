import { App, Button, Card, Form, Input, Space, Table } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { patch, post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { keys, useAuthorities } from '../../lib/queries';
import type { Authority } from '../../lib/types';
import { adminMessages } from './messages';

const t = zh(adminMessages);

/** Every change to the list: refresh it (the wizard's picker reads the same query). */
function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: keys.authorities });
}

function NewAuthority() {
  const refresh = useRefresh();
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation({
    mutationFn: (v: { name: string }) => post<Authority>('/authorities', { name: v.name.trim() }),
    onSuccess: () => {
      form.resetFields();
      refresh();
    },
    onError: (err) => applyProblemToForm(form, err, { DUPLICATE: ['name'] }),
  });
  return (
    <Card title={<h2 className="card-title">{t('authNew')}</h2>}>
      <Form form={form} name="new-authority" layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="name"
          label={t('authName')}
          extra={t('authNameHint')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('authName') }) }]}
        >
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        {create.error ? (
          <div className="mb-12">
            <ProblemAlert error={create.error} />
          </div>
        ) : null}
        {create.data ? <p role="status">{t('authCreated', { name: create.data.name })}</p> : null}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('authAdd')}
        </Button>
      </Form>
    </Card>
  );
}

/** The row's rename, in place: the new name is carried to accounts, applications and recommendations. */
function Rename({ authority, onDone }: { authority: Authority; onDone: () => void }) {
  const refresh = useRefresh();
  const [name, setName] = useState(authority.name);
  const rename = useMutation({
    mutationFn: () => patch<Authority>(`/authorities/${authority.id}`, { name: name.trim() }),
    onSuccess: () => {
      refresh();
      onDone();
    },
  });
  const id = `rename-${authority.id}`;
  return (
    <form
      className="stack stack-tight"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && name.trim() !== authority.name) rename.mutate();
      }}
    >
      <label htmlFor={id}>{t('authNewName', { name: authority.name })}</label>
      <Input id={id} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      <span className="muted">{t('authRenameNote')}</span>
      {rename.error ? <ProblemAlert error={rename.error} /> : null}
      <Space>
        <Button htmlType="submit" type="primary" size="small" loading={rename.isPending} disabled={!name.trim() || name.trim() === authority.name}>
          {t('authSave')}
        </Button>
        <Button size="small" onClick={onDone}>
          {t('authCancel')}
        </Button>
      </Space>
    </form>
  );
}

export default function AuthoritiesPage() {
  const list = useAuthorities();
  const refresh = useRefresh();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (v: { authority: Authority; active: boolean }) => patch<Authority>(`/authorities/${v.authority.id}`, { active: v.active }),
    onSuccess: () => refresh(),
  });
  const deactivate = (a: Authority) =>
    modal.confirm({
      title: t('authDeactivateConfirm', { name: a.name }),
      content: t('authDeactivateBody'),
      okText: t('authDeactivate'),
      okButtonProps: { danger: true },
      onOk: () => toggle.mutateAsync({ authority: a, active: false }).catch(() => {}),
    });
  return (
    <Page title={t('authTitle')} subtitle={t('authIntro')}>
      <NewAuthority />
      <Card title={<h2 className="card-title">{t('authList')}</h2>}>
        {toggle.error ? (
          <div className="mb-12">
            <ProblemAlert error={toggle.error} onClose={() => toggle.reset()} />
          </div>
        ) : null}
        <QueryState query={list}>
          {(items) => (
            <Table
              rowKey="id"
              size="small"
              dataSource={items}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('authName'),
                  sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
                  render: (_, a) => (editing === a.id ? <Rename authority={a} onDone={() => setEditing(null)} /> : a.name),
                },
                {
                  title: t('status'),
                  filters: [
                    { text: t('authActive'), value: true },
                    { text: t('authInactive'), value: false },
                  ],
                  onFilter: (v, a) => a.active === v,
                  render: (_, a) => (a.active ? <Chip tone="good">{t('authActive')}</Chip> : <Chip>{t('authInactive')}</Chip>),
                },
                { title: t('authAccount'), render: (_, a) => (a.hasAccount ? t('authHasAccount') : <Chip tone="warn">{t('authNoAccount')}</Chip>) },
                {
                  title: t('authActions'),
                  render: (_, a) => (
                    <Space wrap>
                      <Button size="small" onClick={() => setEditing(a.id)} disabled={editing === a.id} aria-label={t('authRenameOf', { name: a.name })}>
                        {t('authRename')}
                      </Button>
                      {a.active ? (
                        <Button size="small" danger onClick={() => deactivate(a)} aria-label={t('authDeactivateOf', { name: a.name })}>
                          {t('authDeactivate')}
                        </Button>
                      ) : (
                        <Button
                          size="small"
                          loading={toggle.isPending && toggle.variables?.authority.id === a.id}
                          onClick={() => toggle.mutate({ authority: a, active: true })}
                          aria-label={t('authActivateOf', { name: a.name })}
                        >
                          {t('authActivate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </Page>
  );
}
