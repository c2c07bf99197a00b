import { Button, Card, Checkbox, Form, Input, Radio } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { BatchProgress, CLAUSE, useBatch, useConfirm } from '../../components/ConfirmAction';
import { zh } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { projectEvaluation } from './api';
import { atLeastOne } from './case-command';
import { centerMessages } from './messages';

const t = zh(centerMessages);

export interface ProjectCandidate {
  /** the application item's id */
  key: string;
  label: string;
}
type Result = 'pass' | 'fail';
interface Values {
  itemIds?: string[];
  result: Result;
  summary?: string;
}

/**
 * 项目评估 for several items at once (issue 13, point 7), within one case or across cases: the ones
 * ticked get the same result, one confirmation lists them, then one request each (there is no batch
 * endpoint), with progress and each item's outcome. `selected` comes from a table's selection when
 * the caller shows one; otherwise the candidates are ticked here.
 */
export function ProjectBatch({ candidates, selected, onDone }: { candidates: ProjectCandidate[]; selected?: string[]; onDone?: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const own = selected === undefined;
  const watched = Form.useWatch<string[] | undefined>('itemIds', form) ?? [];
  const picked = own ? watched : selected;
  const result = Form.useWatch('result', form) as Result | undefined;
  // each item carries what it is sent with (the confirmation runs later)
  const batch = useBatch(async (i: ProjectCandidate & { result: Result; summary: string }) => {
    const a = await projectEvaluation(i.key, { result: i.result, summary: i.summary });
    qc.setQueryData(keys.application(a.id), a);
  });
  const ask = (v: Values) => {
    const chosen = candidates.filter((c) => picked.includes(c.key)).map((c) => ({ ...c, result: v.result, summary: v.summary?.trim() ?? '' }));
    if (chosen.length === 0) {
      form.setFields([{ name: 'result', errors: [t('projectBatchPickRequired')] }]);
      return;
    }
    const r = v.result === 'pass' ? t('pass') : t('fail');
    confirm({
      title: t('projectBatchConfirm', { n: chosen.length, result: r }),
      what: t('projectBatchWhat', { result: r }),
      items: chosen.map((c) => c.label),
      consequence: v.result === 'pass' ? t('projectPassConsequence') : t('projectFailConsequence'),
      clause: CLAUSE.project,
      okText: t('projectBatchSubmit', { n: chosen.length }),
      danger: v.result === 'fail',
      run: async () => {
        await batch.run(chosen);
        form.resetFields();
        onDone?.();
        void qc.invalidateQueries({ queryKey: ['application'] });
        void qc.invalidateQueries({ queryKey: ['applications'] });
      },
    });
  };
  if (candidates.length < 2 && !batch.state) return null;
  return (
    <Card size="small" title={<h3 className="item-title">{t('projectBatchTitle')}</h3>}>
      <p className="muted mt-0">{own ? t('projectBatchIntro') : t('projectBatchIntroTable')}</p>
      {candidates.length >= 2 ? (
        <Form form={form} name="project-batch" layout="vertical" onFinish={ask}>
          {own ? (
            <>
              <Form.Item label={t('projectBatchPick')} required className="mb-0">
                <Checkbox
                  checked={picked.length === candidates.length}
                  indeterminate={picked.length > 0 && picked.length < candidates.length}
                  onChange={(e) => form.setFieldValue('itemIds', e.target.checked ? candidates.map((c) => c.key) : [])}
                >
                  {t('projectBatchAll')}
                </Checkbox>
              </Form.Item>
              <Form.Item name="itemIds" rules={[atLeastOne(t('projectBatchPickRequired'))]}>
                <Checkbox.Group
                  aria-label={t('projectBatchPick')}
                  className="check-column"
                  options={candidates.map((c) => ({ value: c.key, label: c.label }))}
                />
              </Form.Item>
            </>
          ) : (
            <p role="status" className="mt-0">
              {t('projectBatchSelected', { n: picked.length })}
            </p>
          )}
          <Form.Item name="result" label={t('result')} rules={[{ required: true, message: t('resultRequired') }]}>
            <Radio.Group
              options={[
                { value: 'pass', label: t('pass') },
                { value: 'fail', label: t('fail') },
              ]}
            />
          </Form.Item>
          <Form.Item name="summary" label={t('summary')}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={batch.state?.running} danger={result === 'fail'}>
            {t('projectBatchSubmit', { n: picked.length })}
          </Button>
        </Form>
      ) : null}
      <BatchProgress state={batch.state} label={t('projectBatchProgress')} />
    </Card>
  );
}
