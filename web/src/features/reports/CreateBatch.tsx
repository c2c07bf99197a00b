import { Alert, Button, DatePicker, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { downloadHref, post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import type { NationalBatch } from '../../lib/types';
import { reportsMessages } from './messages';

const t = zh(reportsMessages);

interface Period {
  from: string;
  to: string;
}

/**
 * The centre makes a report batch: a period of 备案日期, a confirmation that states it, then
 * POST /reports/national-batches — how many filings it reported and its spreadsheet; 409 when
 * nothing in the period is left to report.
 */
export function CreateBatch() {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ from: Dayjs; to: Dayjs }>();
  const [asking, setAsking] = useState<Period | null>(null);
  const create = useMutation({
    mutationFn: (p: Period) => post<NationalBatch>('/reports/national-batches', p),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['national-batches'] }),
    onSettled: () => setAsking(null),
  });
  const from = Form.useWatch('from', form);
  const batch = create.data;
  return (
    <section className="panel stack report-create" aria-labelledby="report-create">
      <h2 id="report-create" className="panel-title">
        {t('createTitle')}
      </h2>
      <Form
        form={form}
        layout="inline"
        className="report-form"
        onFinish={(v) => {
          create.reset();
          setAsking({ from: v.from.format('YYYY-MM-DD'), to: v.to.format('YYYY-MM-DD') });
        }}
      >
        <Form.Item name="from" label={t('from')} rules={[{ required: true, message: t('fromRequired') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="to"
          label={t('to')}
          dependencies={['from']}
          rules={[
            { required: true, message: t('toRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, v: Dayjs | undefined) => {
                const f = getFieldValue('from') as Dayjs | undefined;
                if (v && f && v.isBefore(f, 'day')) throw new Error(t('toBeforeFrom'));
              },
            }),
          ]}
        >
          <DatePicker disabledDate={(d) => !!from && d.isBefore(from, 'day')} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('create')}
          </Button>
        </Form.Item>
      </Form>
      {create.error ? <ProblemAlert error={create.error} onClose={() => create.reset()} /> : null}
      {batch ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('created', { n: batch.filings.length, from: formatDate(batch.from), to: formatDate(batch.to) })}
          description={
            <div className="stack report-created">
              <span className="report-receipts">{t('createdList', { list: batch.filings.join('、') })}</span>
              <a className="link-btn primary" href={downloadHref(`/reports/national-batches/${batch.id}.xlsx`)}>
                {t('downloadXlsx')}
              </a>
            </div>
          }
        />
      ) : null}
      <Modal
        open={!!asking}
        title={t('confirmTitle')}
        onCancel={() => setAsking(null)}
        onOk={() => asking && create.mutate(asking)}
        okText={t('confirm')}
        cancelText={t('cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        {asking ? (
          <>
            <p>{t('confirmText', { from: formatDate(asking.from), to: formatDate(asking.to) })}</p>
            <p className="muted">{t('confirmNote')}</p>
          </>
        ) : null}
      </Modal>
    </section>
  );
}
