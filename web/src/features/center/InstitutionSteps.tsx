import { Button, Card, DatePicker, Form, Input, Radio, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { FileDrop } from '../../components/FileDrop';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Chip } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { keys, useClock } from '../../lib/queries';
import type { Application } from '../../lib/types';
import { districtName } from '../../lib/vocab';
import { assignExperts, recordInspection, uploadSitePhoto, useExperts } from './api';
import { h2, useCommand } from './case-command';
import { centerMessages } from './messages';

const t = zh(centerMessages);

/** 指派评估专家 (三(三)): the experts added are listed in a confirmation; one already assigned stays. */
export function Experts({ app, min }: { app: Application; min: number }) {
  const [form] = Form.useForm();
  const experts = useExperts();
  const confirm = useConfirm();
  const cmd = useCommand(app, (v: { expertUserIds: string[] }) => assignExperts(app.id, v.expertUserIds));
  // every enabled expert (name and account, to tell namesakes apart), and those already assigned
  const options = (experts.data ?? []).map((e) => ({
    value: e.id,
    label: t('expertOption', { name: e.displayName, username: e.username }),
    title: e.username,
  }));
  for (const e of app.experts) if (!options.some((o) => o.value === e.id)) options.push({ value: e.id, label: e.displayName, title: e.displayName });
  return (
    <Card title={h2(t('expertsTitle'))}>
      <p className="muted mt-0">{t('expertsIntro', { n: min })}</p>
      <Form
        form={form}
        name="experts"
        layout="vertical"
        onFinish={(v: { expertUserIds: string[] }) => {
          const added = v.expertUserIds.filter((id) => !app.experts.some((e) => e.id === id));
          if (added.length === 0) {
            form.setFields([{ name: 'expertUserIds', errors: [t('expertsNoneAdded')] }]);
            return;
          }
          confirm({
            title: t('expertsConfirm', { n: added.length, org: app.organization.name }),
            what: t('expertsWhat'),
            items: added.map((id) => options.find((o) => o.value === id)?.label ?? id),
            consequence: t('expertsConsequence'),
            clause: CLAUSE.institution,
            okText: t('expertsOk', { n: added.length }),
            run: () => cmd.mutateAsync(v),
          });
        }}
        initialValues={{ expertUserIds: app.experts.map((e) => e.id) }}
      >
        <Form.Item name="expertUserIds" label={t('expertsPick')} extra={t('expertsNote')} rules={[{ required: true, message: t('expertsPick') }]}>
          <Select mode="multiple" loading={experts.isPending} showSearch={{ optionFilterProp: 'label' }} options={options} />
        </Form.Item>
        {cmd.error ? (
          <div className="mb-12">
            <ProblemAlert error={cmd.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>
          {t('assign')}
        </Button>
      </Form>
    </Card>
  );
}

/** 现场考察 of one site (三(三)): the record restated in a confirmation before it is kept. */
export function Inspection({ app, siteId }: { app: Application; siteId: string }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const clock = useClock();
  const site = app.sites.find((s) => s.id === siteId)!;
  const done = app.siteInspections.filter((i) => i.siteId === siteId);
  const photos = app.materials.filter((m) => m.kind === 'site_photo' && m.siteId === siteId);
  const cmd = useCommand(
    app,
    (v: { inspectedOn: dayjs.Dayjs; inspectors: string; findings: string; result: 'pass' | 'fail' }) =>
      recordInspection(app.id, {
        siteId,
        inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
        inspectors: v.inspectors.split(/[、,，;；\s]+/).filter(Boolean),
        findings: v.findings,
        result: v.result,
      }),
    form,
  );
  const today = shanghaiDate(new Date(Date.now() + (clock.data?.offsetMs ?? 0)));
  const confirm = useConfirm();
  type InspectionRecord = { inspectedOn: dayjs.Dayjs; inspectors: string; findings: string; result: 'pass' | 'fail' };
  const ask = (v: InspectionRecord) => {
    const result = v.result === 'pass' ? t('pass') : t('fail');
    confirm({
      title: t('inspectionConfirm', { site: site.name, result }),
      what: t('inspectionWhat', {
        site: `${site.name}（${districtName(site.district)}）`,
        date: formatDate(v.inspectedOn.format('YYYY-MM-DD')),
        inspectors: v.inspectors.trim(),
        result,
      }),
      consequence: t('inspectionConsequence'),
      clause: CLAUSE.institution,
      okText: t('inspectionOk', { result }),
      danger: v.result === 'fail',
      run: () => cmd.mutateAsync(v),
    });
  };
  return (
    <Card
      size="small"
      title={<h3 className="item-title">{`${site.name}（${districtName(site.district)}）`}</h3>}
      extra={done.length ? <Chip tone={done.at(-1)!.result === 'pass' ? 'good' : 'bad'}>{done.at(-1)!.result === 'pass' ? t('pass') : t('fail')}</Chip> : null}
    >
      <Form form={form} name={`inspection-${siteId}`} layout="vertical" onFinish={ask} initialValues={{ inspectedOn: dayjs(today) }}>
        <Form.Item name="inspectedOn" label={t('inspectedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="inspectors" label={t('inspectors')} rules={[{ required: true, whitespace: true, message: t('inspectors') }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="findings" label={t('findings')} rules={[{ required: true, whitespace: true, message: t('findings') }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="result" label={t('result')} rules={[{ required: true, message: t('inspectionResultRequired') }]}>
          <Radio.Group
            options={[
              { value: 'pass', label: t('pass') },
              { value: 'fail', label: t('fail') },
            ]}
          />
        </Form.Item>
        {cmd.error ? (
          <div className="mb-12">
            <ProblemAlert error={cmd.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={cmd.isPending}>
          {t('record')}
        </Button>
      </Form>
      <div className="mt-12">
        <div>{t('photos')}</div>
        {photos.length ? (
          <ul>
            {photos.map((p) => (
              <li key={p.id}>
                <a href={downloadHref(`/applications/${app.id}/materials/${p.id}`)}>{p.fileName}</a>
              </li>
            ))}
          </ul>
        ) : null}
        <FileDrop
          label={t('photosOf', { site: site.name })}
          image
          accept="image/jpeg,image/png,.jpg,.jpeg,.png"
          start={(file, onProgress) => uploadSitePhoto(app.id, siteId, file, onProgress)}
          onUploaded={() => void qc.invalidateQueries({ queryKey: keys.application(app.id) })}
        />
      </div>
    </Card>
  );
}
