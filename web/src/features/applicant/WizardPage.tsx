import { Alert, Button, Card, Col, Descriptions, Form, Row, Select, Skeleton, Steps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ChecklistPanel } from '../../components/ChecklistPanel';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag } from '../../components/StatusTag';
import { useT, useLang } from '../../lib/i18n';
import { formatDate, formatTime } from '../../lib/format';
import { currentCampaign, useApplication, useAuthorities, useCampaignItems, useCampaigns, useChecklist, useClock } from '../../lib/queries';
import { useSession } from '../../lib/session';
import type { Application, Authority } from '../../lib/types';
import { applicationStatusLabel, districtName, legalFormLabel } from '../../lib/vocab';
import { DECLARATION_CLAUSES } from '../../../../contract/applications';
import { loadBackup, loadLegacyDeclarations, type WizardValues } from './draft-store';
import { ItemsPicker } from './ItemsPicker';
import { MaterialsStep } from './MaterialsStep';
import { applicantMessages } from './messages';
import { Declarations, RecommendStep, SubmitStep } from './ProgressSteps';
import { SitesEditor } from './SitesEditor';
import { useAutosave, type SaveState } from './useAutosave';
import { landingStep, STEP_SUBMIT, stepsDone } from './wizard-steps';
import './wizard.css';

const EDITABLE = ['draft', 'recommendation_declined', 'returned'];

function SaveStatus({ state }: { state: SaveState }) {
  const t = useT(applicantMessages);
  // the time on the business clock (simulated in the demo), in Shanghai — not this browser's own
  const clock = useClock();
  const text =
    state.kind === 'saving'
      ? t('saving')
      : state.kind === 'saved'
        ? t('saved', { time: formatTime(new Date(state.at.getTime() + (clock.data?.offsetMs ?? 0))) })
        : state.kind === 'dirty'
          ? t('unsaved')
          : state.kind === 'local'
            ? t('savedLocal')
            : state.kind === 'stale'
              ? t('stale')
              : '';
  return (
    <span role="status" className="muted">
      {text}
    </span>
  );
}

const NO_DECLARATIONS = DECLARATION_CLAUSES.map(() => false);

/**
 * 一(一)–(六) as the server holds them; for an application it holds none for, what earlier versions
 * kept on this device (sent with the next save while the application is editable).
 */
function declarationsOf(app: Application | undefined, orgScope: string): boolean[] {
  if (app?.declarations) return DECLARATION_CLAUSES.map((k) => app.declarations!.clauses[k]);
  return (app ? loadLegacyDeclarations(orgScope) : null) ?? NO_DECLARATIONS;
}

function toValues(app: Application, orgScope: string): WizardValues {
  return {
    industryAuthority: app.industryAuthority,
    items: app.items.map((i) => ({ itemId: i.itemId, levels: i.levels })),
    sites: app.sites.map((s) => ({ name: s.name, address: s.address, district: s.district })),
    declarations: declarationsOf(app, orgScope),
  };
}

/**
 * 行业主管部门: chosen from the maintained list (GET /authorities) — only an active entry can be
 * picked, as the server takes only those; an application that already names a since-deactivated one
 * keeps showing it. When the chosen one has no account, it cannot recommend online: say so here (the
 * checklist says it too).
 */
function AuthorityField({ authorities, loading }: { authorities: Authority[] | undefined; loading: boolean }) {
  const t = useT(applicantMessages);
  const form = Form.useFormInstance<WizardValues>();
  const chosen = Form.useWatch('industryAuthority', form);
  const options: { value: string; label: string; disabled?: boolean }[] = (authorities ?? [])
    .filter((a) => a.active)
    .map((a) => ({ value: a.name, label: a.name }));
  const current = chosen ? authorities?.find((a) => a.name === chosen) : undefined;
  if (chosen && !options.some((o) => o.value === chosen))
    options.unshift({
      value: chosen,
      label: current && !current.active ? t('authorityInactive', { name: chosen }) : chosen,
      disabled: !!current && !current.active,
    });
  return (
    <>
      <Form.Item name="industryAuthority" label={t('authority')} extra={t('authorityHint')} rules={[{ required: true, message: t('authorityRequired') }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          loading={loading}
          placeholder={t('authorityPlaceholder')}
          notFoundContent={t('authorityNotListed')}
        />
      </Form.Item>
      {current && !current.hasAccount ? <Alert type="warning" showIcon title={t('authorityNoAccount', { name: current.name })} className="mb-16" /> : null}
    </>
  );
}

function Wizard({ app, campaignId }: { app: Application | undefined; campaignId: string }) {
  const { lang } = useLang();
  const t = useT(applicantMessages);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asked = params.get('step');
  const goto = (s: number) => setParams({ step: String(s) }, { replace: false });
  const session = useSession();
  const authorities = useAuthorities();
  const orgScope = session.data?.user.organizationId ?? 'me';
  const [form] = Form.useForm<WizardValues>();
  // the ticks live in the form: saved with the draft (POST, then PATCH), restored from the server
  const ticks = Form.useWatch('declarations', form);
  const declared = !!ticks && ticks.length === DECLARATION_CLAUSES.length && ticks.every(Boolean);
  const catalogueQ = useCampaignItems(campaignId);
  const catalogue = useMemo(() => new Map((catalogueQ.data ?? []).map((c) => [c.id, c])), [catalogueQ.data]);
  const editable = app ? EDITABLE.includes(app.status) : true;
  const checklist = useChecklist(app?.id, !!app);
  const levelsOf = (itemId: string) => catalogue.get(itemId)?.levels;
  // no step asked for: open at the first step that needs work (once the checklist says what is missing)
  const landing =
    asked !== null
      ? null
      : !app
        ? 0
        : checklist.data || checklist.error
          ? landingStep({ values: toValues(app, orgScope), levelsOf, app, checklist: checklist.data })
          : null;
  const step = asked !== null ? Math.min(STEP_SUBMIT, Math.max(0, Number(asked) || 0)) : (landing ?? 0);
  const deciding = asked === null && landing === null;
  // the landing step goes into the address (replacing it), so a reload or 上一步 keeps the place
  useEffect(() => {
    if (asked === null && app && landing !== null) setParams({ step: String(landing) }, { replace: true });
  }, [asked, app, landing, setParams]);
  const [restored, setRestored] = useState(false);
  const autosave = useAutosave({
    form,
    appId: app?.id,
    campaignId,
    editable,
    catalogue,
    onCreated: (created) => void navigate(`/app/my/applications/${created.id}/edit?step=${step}`, { replace: true }),
  });

  // first load: the server's copy, unless this device holds newer unsaved typing (a closed tab)
  const markChanged = autosave.onChange;
  const initialised = useRef<string | null>(null);
  useEffect(() => {
    const scope = app?.id ?? `new-${campaignId}`;
    if (initialised.current === (app?.id ?? 'new') || (app?.id && initialised.current === 'new')) {
      initialised.current = app?.id ?? 'new';
      return;
    }
    initialised.current = app?.id ?? 'new';
    const backup = loadBackup(scope);
    if (backup?.dirty && editable) {
      // a backup from before the declarations were part of the draft has none: keep the server's
      form.setFieldsValue({ declarations: declarationsOf(app, orgScope), ...backup.values });
      setRestored(true);
      markChanged();
    } else if (app) {
      form.setFieldsValue(toValues(app, orgScope));
    }
  }, [app, campaignId, editable, form, markChanged, orgScope]);

  const flushSafe = async () => {
    await autosave.flush();
  };

  // a step is ticked when its part is complete, not because 下一步 was pressed
  const live = Form.useWatch([], form) as WizardValues | undefined;
  const done = stepsDone({ values: { ...(app ? toValues(app, orgScope) : {}), ...(live ?? {}) }, levelsOf, app, checklist: checklist.data });
  const stepItems = [t('stepOrg'), t('stepItems'), t('stepSites'), t('stepMaterials'), t('stepRecommend'), t('stepSubmit')].map((title, i) => ({
    title,
    status: i === step ? ('process' as const) : done[i] ? ('finish' as const) : ('wait' as const),
    description: i === step ? undefined : done[i] ? t('stepDone') : t('stepTodo'),
  }));
  const needsApp = step >= 3 && !app;

  return (
    <div className="stack">
      <nav aria-label={t('stepsNav')}>
        <Steps className="wizard-steps" current={step} onChange={(s) => goto(s)} items={stepItems} size="small" responsive />
      </nav>
      <div className="row between">
        {app ? <ApplicationStatusTag status={app.status} /> : <span />}
        <SaveStatus state={autosave.state} />
      </div>
      {restored ? <Alert type="info" showIcon closable title={t('restored')} /> : null}
      {app && !editable ? <Alert type="info" showIcon title={t('readOnly', { status: applicationStatusLabel(app.status) })} /> : null}
      {app?.status === 'returned' && app.correctionDueOn ? (
        <Alert type="warning" showIcon title={t('correctionDue', { date: formatDate(app.correctionDueOn, lang) })} />
      ) : null}
      {autosave.state.kind === 'error' ? <ProblemAlert error={autosave.state.error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          {deciding ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
          <Card hidden={deciding}>
            <Form
              form={form}
              layout="vertical"
              onValuesChange={() => autosave.onChange()}
              disabled={!editable}
              initialValues={{ items: [], sites: [], declarations: NO_DECLARATIONS }}
            >
              <div hidden={step !== 0}>
                <h2 className="section-title">{t('orgTitle')}</h2>
                {app ? (
                  <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                    <Descriptions.Item label={t('orgName')}>{app.organization.name}</Descriptions.Item>
                    <Descriptions.Item label={t('uscc')}>{app.organization.uscc}</Descriptions.Item>
                    <Descriptions.Item label={t('legalForm')}>{legalFormLabel(app.organization.legalForm, lang)}</Descriptions.Item>
                    <Descriptions.Item label={t('orgDistrict')}>{districtName(app.organization.district, lang)}</Descriptions.Item>
                    <Descriptions.Item label={t('legalRep')}>{app.organization.legalRepresentative}</Descriptions.Item>
                    <Descriptions.Item label={t('contact')}>{`${app.organization.contactName} ${app.organization.contactPhone}`}</Descriptions.Item>
                  </Descriptions>
                ) : (
                  <p>{session.data?.user.displayName}</p>
                )}
                <p className="muted">{t('orgNote')}</p>
                <AuthorityField authorities={authorities.data} loading={authorities.isPending} />
                <Form.Item name="declarations" noStyle>
                  <Declarations disabled={!editable} declaredAt={app?.declarations?.declaredAt} />
                </Form.Item>
              </div>
              <div hidden={step !== 1}>
                <h2 className="section-title">{t('stepItems')}</h2>
                <QueryState query={catalogueQ}>
                  {(items) => (
                    <Form.Item name="items" noStyle>
                      <ItemsPicker catalogue={items} disabled={!editable} />
                    </Form.Item>
                  )}
                </QueryState>
              </div>
              <div hidden={step !== 2}>
                <h2 className="section-title">{t('stepSites')}</h2>
                <SitesEditor disabled={!editable} />
              </div>
            </Form>
            {needsApp ? <Alert type="warning" showIcon title={t('needItemsSites')} /> : null}
            {app && step === 3 ? (
              <>
                <h2 className="section-title">{t('stepMaterials')}</h2>
                <MaterialsStep
                  app={app}
                  editable={['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'].includes(app.status)}
                />
              </>
            ) : null}
            {app && step === 4 ? (
              <>
                <h2 className="section-title">{t('stepRecommend')}</h2>
                <RecommendStep app={app} declared={declared} beforeRequest={flushSafe} />
              </>
            ) : null}
            {app && step === 5 ? (
              <>
                <h2 className="section-title">{t('stepSubmit')}</h2>
                <SubmitStep app={app} checklist={checklist.data} declared={declared} beforeSubmit={flushSafe} onFix={goto} />
              </>
            ) : null}
            <div className="row mt-16 between">
              <Button disabled={step === 0} onClick={() => goto(step - 1)}>
                {t('prev')}
              </Button>
              {step < 5 ? (
                <Button
                  type="primary"
                  onClick={async () => {
                    await autosave.flush().catch(() => {});
                    goto(step + 1);
                  }}
                >
                  {t('next')}
                </Button>
              ) : null}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <div className="stack sticky-top">
            {/* on the submit step the checklist stands beside the button; said once, not here again */}
            {app ? step === STEP_SUBMIT ? null : <ChecklistPanel checklist={checklist.data} /> : <Alert type="info" showIcon title={t('needItemsSites')} />}
            {app && !EDITABLE.includes(app.status) ? <Link to={`/app/my/applications/${app.id}`}>{t('view')}</Link> : null}
          </div>
        </Col>
      </Row>
    </div>
  );
}

export default function WizardPage() {
  const t = useT(applicantMessages);
  const { id } = useParams();
  const isNew = id === 'new';
  const [params] = useSearchParams();
  const app = useApplication(isNew ? undefined : id);
  const campaigns = useCampaigns();
  const clock = useClock();
  const campaignId = app.data?.campaignId ?? params.get('campaign') ?? currentCampaign(campaigns.data, Date.now() + (clock.data?.offsetMs ?? 0))?.id;
  // one element for "new" and for the created application, so the form is not remounted when the
  // first autosave creates the draft and the address changes from /new to its id
  const ready = isNew ? !!campaignId : !!app.data;
  return (
    <Page title={t('wizardTitle')}>
      {ready ? (
        <Wizard key={campaignId} app={app.data} campaignId={campaignId!} />
      ) : isNew ? (
        <QueryState query={campaigns}>{() => null}</QueryState>
      ) : (
        <QueryState query={app}>{() => null}</QueryState>
      )}
    </Page>
  );
}
