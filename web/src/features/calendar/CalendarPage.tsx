import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useConfirm } from '../../components/ConfirmAction';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { get, put } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { useClock } from '../../lib/queries';
import { useSession } from '../../lib/session';
import type { CalendarDay, CalendarYear, CalendarYears, WorkingDays } from '../../lib/types';
import { calendarMessages } from './messages';

const t = zh(calendarMessages);

const pad = (n: number) => String(n).padStart(2, '0');

function Month({
  year,
  month,
  overrides,
  onPick,
}: {
  year: number;
  month: number;
  overrides: Map<string, { type: string; name: string }>;
  onPick?: (date: string) => void;
}) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const cells: (string | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: days }, (_, i) => `${year}-${pad(month)}-${pad(i + 1)}`),
  ];
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push([...cells.slice(i, i + 7), ...Array.from({ length: Math.max(0, i + 7 - cells.length) }, () => null)]);
  return (
    <Card size="small" title={<h2 className="item-title">{t('month', { m: month })}</h2>}>
      <table className="cal-table">
        <caption className="sr-only">{t('month', { m: month })}</caption>
        <thead>
          <tr>
            {t('weekdays')
              .split(',')
              .map((w) => (
                <th key={w} scope="col">
                  {w}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, wi) => (
            <tr key={wi}>
              {week.map((d, i) => {
                if (!d) return <td key={`e${i}`} />;
                const o = overrides.get(d);
                const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
                const weekend = dow === 0 || dow === 6;
                const cls = o ? o.type : weekend ? 'weekend' : '';
                const kind = o ? (o.type === 'holiday' ? t('holiday') : t('workday')) : weekend ? t('weekend') : t('normal');
                const label = t('dayLabel', { date: formatDate(d), kind, name: o?.name ? ` ${o.name}` : '' });
                return (
                  <td key={d} className={`cal-day ${cls}`} title={label}>
                    {onPick ? (
                      <button type="button" onClick={() => onPick(d)} aria-label={label}>
                        {Number(d.slice(8))}
                      </button>
                    ) : (
                      <>
                        <span aria-hidden="true">{Number(d.slice(8))}</span>
                        <span className="sr-only">{label}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function Calculator() {
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [count, setCount] = useState<number>(5);
  const calc = useMutation({ mutationFn: () => get<WorkingDays>('/calendar/working-days', { from: from!.format('YYYY-MM-DD'), count }) });
  return (
    <Card title={<h2 className="card-title-sm">{t('calcTitle')}</h2>}>
      <div className="row">
        <label>
          {t('calcFrom')} <DatePicker value={from} onChange={setFrom} />
        </label>
        <label>
          {t('calcCount')} <InputNumber min={1} max={366} value={count} onChange={(v) => setCount(v ?? 1)} />
        </label>
        <Button onClick={() => calc.mutate()} disabled={!from} loading={calc.isPending}>
          {t('calcRun')}
        </Button>
      </div>
      {calc.error ? <ProblemAlert error={calc.error} /> : null}
      {calc.data ? (
        <div role="status" className="mt-12">
          <p className="m-0">{t('calcResult', { first: formatDate(calc.data.days[0]), n: calc.data.count, end: formatDate(calc.data.endsOn) })}</p>
          {calc.data.skipped.length ? (
            <p className="muted m-0">{t('calcSkipped', { days: calc.data.skipped.map((s) => `${formatDate(s.date)}（${s.reason}）`).join('、') })}</p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function LoadYear({ year }: { year: number }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [text, setText] = useState('');
  const parse = () =>
    text
      .split(/\n+/)
      .map((l) => l.split(/[,，]/).map((s) => s.trim()))
      .filter((p) => p[0])
      .map(([date, type, name]) => ({
        date: date!,
        type: type === 'workday' ? ('workday' as const) : ('holiday' as const),
        name: name || (type === 'workday' ? t('workday') : t('holiday')),
      }));
  const load = useMutation({
    mutationFn: () => put<{ year: number; days: number }>(`/calendar/years/${year}`, { days: parse() }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['calendar-days'] }),
  });
  return (
    <Card title={<h2 className="card-title-sm">{t('loadTitle', { year })}</h2>}>
      <label htmlFor="year-days">{t('loadHint')}</label>
      <Input.TextArea id="year-days" rows={5} value={text} onChange={(e) => setText(e.target.value)} />
      {load.error ? <ProblemAlert error={load.error} /> : null}
      {load.data ? <Alert type="success" showIcon title={t('loaded', { n: load.data.days })} /> : null}
      <Button
        className="mt-8"
        onClick={() => {
          const days = parse();
          confirm({
            title: t('loadConfirm', { year, n: days.length }),
            what: t('loadWhat', { year }),
            items: days.map((d) => `${formatDate(d.date)} ${d.type === 'workday' ? t('workday') : t('holiday')} ${d.name}`),
            consequence: t('editConsequence'),
            okText: t('load'),
            run: () => load.mutateAsync(),
          });
        }}
        loading={load.isPending}
      >
        {t('load')}
      </Button>
    </Card>
  );
}

export default function CalendarPage() {
  const role = useSession().data?.user.role;
  const admin = role === 'admin';
  const clock = useClock();
  const thisYear = Number(shanghaiDate(new Date(Date.now() + (clock.data?.offsetMs ?? 0))).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const years = useQuery({ queryKey: ['calendar-years'], queryFn: () => get<CalendarYears>('/calendar/years') });
  const cal = useQuery({ queryKey: ['calendar-days', year], queryFn: () => get<CalendarYear>('/calendar/days', { year }) });
  const qc = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [form] = Form.useForm<{ type: CalendarDay['type']; name: string }>();
  const confirm = useConfirm();
  const save = useMutation({
    mutationFn: (v: { type: CalendarDay['type']; name: string }) => put(`/calendar/days/${editing}`, { type: v.type, name: v.name ?? '' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['calendar-days'] });
      setEditing(null);
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const overrides = new Map((cal.data?.days ?? []).map((d) => [d.date, { type: d.type, name: d.name }]));
  const yearOptions = [...new Set([...(years.data?.years ?? []), thisYear, thisYear + 1, year])].sort();
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <div className="row">
        <Select aria-label={t('year')} value={year} onChange={setYear} options={yearOptions.map((y) => ({ value: y, label: String(y) }))} className="w-120" />
        {cal.data ? <span role="status">{cal.data.known ? t('known', { year }) : t('unknown', { year })}</span> : null}
        <span className="row gap-6" role="group" aria-label={t('legend')}>
          <span className="cal-day holiday cal-key">{t('holiday')}</span>
          <span className="cal-day workday cal-key">{t('workday')}</span>
          <span className="cal-day weekend cal-key">{t('weekend')}</span>
        </span>
      </div>
      {cal.error ? <ProblemAlert error={cal.error} /> : null}
      <div className="grid-cards cal-months">
        {Array.from({ length: 12 }, (_, i) => (
          <Month
            key={i}
            year={year}
            month={i + 1}
            overrides={overrides}
            onPick={
              admin
                ? (d) => {
                    setEditing(d);
                    form.setFieldsValue({ type: overrides.get(d)?.type ?? 'holiday', name: overrides.get(d)?.name ?? '' });
                  }
                : undefined
            }
          />
        ))}
      </div>
      <Calculator />
      {admin && cal.data && !cal.data.known ? <LoadYear year={year} /> : null}
      {editing ? (
        <Modal open title={t('editTitle', { date: formatDate(editing) })} onCancel={() => setEditing(null)} footer={null} destroyOnHidden>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => {
              const was = overrides.get(editing);
              const type = v.type === 'workday' ? t('workday') : t('holiday');
              confirm({
                title: t('editConfirm', { date: formatDate(editing), type }),
                what: t('editWhat', {
                  date: formatDate(editing),
                  was: was ? (was.type === 'workday' ? t('workday') : t('holiday')) : t('ordinary'),
                  type,
                  name: v.name?.trim() || '—',
                }),
                consequence: t('editConsequence'),
                okText: t('editOk'),
                run: () => save.mutateAsync(v),
              });
            }}
          >
            <Form.Item name="type" label={t('type')}>
              <Radio.Group
                options={[
                  { value: 'holiday', label: t('holiday') },
                  { value: 'workday', label: t('workday') },
                ]}
              />
            </Form.Item>
            <Form.Item name="name" label={t('name')}>
              <Input maxLength={50} />
            </Form.Item>
            {save.error ? (
              <div className="mb-12">
                <ProblemAlert error={save.error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </Form>
        </Modal>
      ) : null}
    </Page>
  );
}
