/**
 * Saves the wizard as the applicant types: a local backup on every change (survives a closed tab),
 * then — 800 ms after the last change — POST (the first time) or PATCH with the version read, so an
 * edit never silently overwrites a newer one. Only complete rows are sent; incomplete ones wait in
 * the form and the backup. A refusal lands on the field it concerns; nothing typed is reset.
 */
import type { FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DECLARATION_CLAUSES } from '../../../../contract/applications';
import { ApiError, get } from '../../lib/api';
import { applyProblemToForm } from '../../lib/problem';
import { keys } from '../../lib/queries';
import type { Application, ApplicationInput, CampaignItem } from '../../lib/types';
import { createApplication, patchApplication } from './api';
import { clearBackup, saveBackup, type WizardValues } from './draft-store';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'local' }
  | { kind: 'error'; error: unknown }
  | { kind: 'stale' };

export function cleanValues(v: WizardValues, catalogue: Map<string, CampaignItem>) {
  const items = (v.items ?? []).filter((i) => {
    const c = catalogue.get(i.itemId);
    return c && (c.levels.length === 0 || i.levels.length > 0);
  });
  const sites = (v.sites ?? [])
    .filter((s) => s && s.name?.trim() && s.address?.trim() && s.district)
    .map((s) => ({ name: s.name!.trim(), address: s.address!.trim(), district: s.district! }));
  return { industryAuthority: v.industryAuthority?.trim() ?? '', items, sites };
}

type DeclarationsBody = NonNullable<ApplicationInput['declarations']>;
/** The six ticks as the API takes them, clause by clause (一(一)–(六)). */
export function declarationsBody(v: boolean[] | undefined): DeclarationsBody {
  return { clauses: Object.fromEntries(DECLARATION_CLAUSES.map((k, i) => [k, v?.[i] === true])) as DeclarationsBody['clauses'] };
}
/**
 * The declaration goes with every save once there is one to send: something ticked, or one the
 * server already holds (so unticking reaches it too). Nothing ticked and nothing stored: left out,
 * so merely editing a draft never records "not affirmed" for an applicant who has not got there yet.
 */
function declarationsPart(v: WizardValues, stored: Application | undefined): { declarations?: DeclarationsBody } {
  return v.declarations?.some(Boolean) || stored?.declarations ? { declarations: declarationsBody(v.declarations) } : {};
}

export function useAutosave(opts: {
  form: FormInstance<WizardValues>;
  appId: string | undefined;
  campaignId: string | undefined;
  editable: boolean;
  catalogue: Map<string, CampaignItem>;
  onCreated: (app: Application) => void;
}) {
  const qc = useQueryClient();
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const latest = useRef(opts);
  latest.current = opts;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const scope = () => latest.current.appId ?? `new-${latest.current.campaignId ?? ''}`;

  const saveOnce = useCallback(async () => {
    const { form, appId, campaignId, editable, catalogue, onCreated } = latest.current;
    const values = form.getFieldsValue(true) as WizardValues;
    const body = cleanValues(values, catalogue);
    if (!appId) {
      if (!body.industryAuthority || !campaignId) return;
      setState({ kind: 'saving' });
      const created = await createApplication({ campaignId, ...body, ...declarationsPart(values, undefined) });
      qc.setQueryData(keys.application(created.id), created);
      clearBackup(`new-${campaignId}`);
      saveBackup(created.id, values, false);
      latest.current = { ...latest.current, appId: created.id };
      onCreated(created);
      setState({ kind: 'saved', at: new Date() });
      return;
    }
    if (!editable) return;
    setState({ kind: 'saving' });
    const patchBody = { ...(body.industryAuthority ? { industryAuthority: body.industryAuthority } : {}), items: body.items, sites: body.sites };
    for (let attempt = 0; ; attempt++) {
      const current = qc.getQueryData<Application>(keys.application(appId));
      try {
        const saved = await patchApplication(appId, { ...patchBody, ...declarationsPart(values, current), ...(current ? { version: current.version } : {}) });
        qc.setQueryData(keys.application(appId), saved);
        void qc.invalidateQueries({ queryKey: keys.checklist(appId) });
        saveBackup(appId, values, false);
        setState({ kind: 'saved', at: new Date() });
        return;
      } catch (err) {
        // edited elsewhere (another tab, an upload): read the newest version and send this page's values once more
        if (err instanceof ApiError && err.code === 'CONFLICT' && attempt === 0) {
          const fresh = await qc.fetchQuery({ queryKey: keys.application(appId), queryFn: () => get<Application>(`/applications/${appId}`), staleTime: 0 });
          if (['draft', 'recommendation_declined', 'returned'].includes(fresh.status)) continue;
          setState({ kind: 'stale' });
          return;
        }
        throw err;
      }
    }
  }, [qc]);

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (inflight.current) {
      again.current = true;
      return inflight.current;
    }
    const run = (async () => {
      do {
        again.current = false;
        try {
          await saveOnce();
        } catch (err) {
          if (err instanceof ApiError && err.code === 'NETWORK') setState({ kind: 'local' });
          else {
            applyProblemToForm(latest.current.form, err);
            setState({ kind: 'error', error: err });
          }
          throw err;
        }
      } while (again.current);
    })();
    inflight.current = run.finally(() => {
      inflight.current = null;
    });
    return inflight.current;
  }, [saveOnce]);

  const onChange = useCallback(() => {
    const values = latest.current.form.getFieldsValue(true) as WizardValues;
    saveBackup(scope(), values, true);
    setState({ kind: 'dirty' });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush().catch(() => {}), 800);
  }, [flush]);

  // leaving the page with changes not yet on the server: send them now (the backup keeps them anyway)
  useEffect(
    () => () => {
      if (timer.current !== undefined) void flush().catch(() => {});
    },
    [flush],
  );

  return { state, onChange, flush };
}
