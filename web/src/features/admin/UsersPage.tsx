import { Alert, App, AutoComplete, Button, Card, Col, Form, Input, Modal, Row, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ROLES, type Role } from '../../../../contract/enums';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { applyProblemToForm } from '../../lib/problem';
import { usePagedQuery } from '../../lib/paged';
import { keys, useAuthorities } from '../../lib/queries';
import type { CreateUserBody, StaffUser, User } from '../../lib/types';
import { DISTRICTS, districtName, roleLabel } from '../../lib/vocab';
import { adminMessages } from './messages';

const t = zh(adminMessages);
const STAFF: Role[] = ROLES.filter((r) => r !== 'applicant');

function NewUser() {
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateUserBody>();
  const role = Form.useWatch('role', form);
  const authorities = useAuthorities();
  const create = useMutation({
    mutationFn: (v: CreateUserBody) => post<{ user: User }>('/users', v),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['users'] });
      // an industry_authority account adds its name to the list, and gives it an account
      void qc.invalidateQueries({ queryKey: keys.authorities });
    },
    onError: (err) => applyProblemToForm(form, err, { DUPLICATE: ['username'] }),
  });
  const req = (f: string) => ({ required: true, whitespace: true, message: t('required', { field: f }) });
  return (
    <Card title={<h2 className="card-title">{t('newUser')}</h2>}>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ role: 'expert' }}>
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
              <Select options={STAFF.map((r) => ({ value: r, label: roleLabel(r) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="username" label={t('username')} rules={[req(t('username'))]}>
              <Input autoComplete="off" maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="displayName" label={t('displayName')} rules={[req(t('displayName'))]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="password" label={t('password')} extra={t('passwordHint')} rules={[req(t('password'))]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          {role === 'district_hr' ? (
            <Col xs={24} md={8}>
              <Form.Item name="district" label={t('district')} rules={[{ required: true, message: t('required', { field: t('district') }) }]}>
                <Select options={DISTRICTS.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))} />
              </Form.Item>
            </Col>
          ) : null}
          {role === 'industry_authority' ? (
            <Col xs={24} md={12}>
              <Form.Item name="authority" label={t('authority')} extra={t('authorityHint')} rules={[req(t('authority'))]}>
                <AutoComplete
                  options={(authorities.data ?? []).filter((a) => a.active).map((a) => ({ value: a.name }))}
                  filterOption={(input, o) => String(o?.value ?? '').includes(input.trim())}
                  maxLength={100}
                />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        {create.error ? (
          <div className="mb-12">
            <ProblemAlert error={create.error} />
          </div>
        ) : null}
        {create.data ? <p role="status">{t('created', { name: create.data.user.username })}</p> : null}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('create')}
        </Button>
      </Form>
    </Card>
  );
}

export default function UsersPage() {
  const qc = useQueryClient();
  const [role, setRole] = useState<Role | ''>('');
  const [q, setQ] = useState('');
  // a page at a time, by username, counted by the server
  const { query: users, pagination } = usePagedQuery<StaffUser>(['users'], '/users', { role, q });
  const unlock = useMutation({ mutationFn: (id: string) => post(`/users/${id}/unlock`), onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }) });
  const { modal } = App.useApp();
  // the temporary password is shown once, in a dialog, and never stored in the page's cache
  const [issued, setIssued] = useState<{ username: string; password: string } | null>(null);
  const reset = useMutation({
    mutationFn: (u: User) => post<{ temporaryPassword: string }>(`/users/${u.id}/password-reset`),
    onSuccess: (r, u) => {
      setIssued({ username: u.username, password: r.temporaryPassword });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const confirmReset = (u: User) =>
    modal.confirm({
      title: t('resetConfirm', { username: u.username }),
      content: t('resetConfirmText'),
      okText: t('resetPassword'),
      okButtonProps: { danger: true },
      onOk: () => reset.mutateAsync(u).catch(() => {}),
    });
  return (
    <Page title={t('usersTitle')} subtitle={t('usersIntro')}>
      <NewUser />
      {unlock.error ? <ProblemAlert error={unlock.error} /> : null}
      {reset.error ? <ProblemAlert error={reset.error} onClose={() => reset.reset()} /> : null}
      {issued ? (
        <Modal
          open
          title={t('resetIssuedTitle', { username: issued.username })}
          onCancel={() => setIssued(null)}
          footer={
            <Button type="primary" onClick={() => setIssued(null)}>
              {t('resetIssuedDone')}
            </Button>
          }
        >
          <Alert type="warning" showIcon title={t('resetIssuedText')} className="mb-12" />
          <Typography.Paragraph copyable={{ text: issued.password }} className="mono fs-18">
            {issued.password}
          </Typography.Paragraph>
        </Modal>
      ) : null}
      <div className="row" role="search" aria-label={t('usersFilter')}>
        <Select
          aria-label={t('roleFilter')}
          className="w-200"
          value={role}
          onChange={setRole}
          options={[{ value: '', label: t('roleAll') }, ...ROLES.map((r) => ({ value: r, label: roleLabel(r) }))]}
        />
        <Input.Search className="w-260" allowClear aria-label={t('usersSearch')} placeholder={t('usersSearch')} onSearch={(v) => setQ(v.trim())} />
      </div>
      <QueryState query={users}>
        {(data) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={data.items}
            loading={users.isFetching}
            locale={{ emptyText: t('usersNone') }}
            pagination={pagination((n) => t('usersTotal', { n }))}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('username'), dataIndex: 'username' },
              { title: t('displayName'), dataIndex: 'displayName' },
              { title: t('role'), render: (_, u) => roleLabel(u.role) },
              { title: t('scope'), render: (_, u) => (u.district ? districtName(u.district) : (u.authority ?? '')) },
              { title: t('mfa'), render: (_, u) => (u.mfaEnrolled ? t('mfaYes') : t('mfaNo')) },
              {
                title: t('status'),
                render: (_, u) =>
                  u.locked ? (
                    <span className="row gap-6">
                      <Chip tone="bad">{t('locked')}</Chip>
                      <Button size="small" onClick={() => unlock.mutate(u.id)} aria-label={`${t('unlock')} ${u.username}`}>
                        {t('unlock')}
                      </Button>
                    </span>
                  ) : (
                    <Chip tone="good">{t('active')}</Chip>
                  ),
              },
              {
                title: t('actions'),
                render: (_, u) =>
                  u.role === 'admin' ? null : (
                    <Button
                      size="small"
                      danger
                      loading={reset.isPending && reset.variables?.id === u.id}
                      onClick={() => confirmReset(u)}
                      aria-label={`${t('resetPassword')} ${u.username}`}
                    >
                      {t('resetPassword')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
