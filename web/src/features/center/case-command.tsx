/** What the centre's case forms share: a command answering the whole application, headings, a group rule. */
import { type Form } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyProblemToForm } from '../../lib/problem';
import { keys } from '../../lib/queries';
import type { Application } from '../../lib/types';

/** A checkbox group's rule (not `required`: antd would put aria-required on the group, which ARIA does not allow there). */
export const atLeastOne = (message: string) => ({
  validator: async (_: unknown, v: unknown[] | undefined) => {
    if (!v?.length) throw new Error(message);
  },
});

/** A command that answers the whole application: put it in the cache, refresh lists. */
export function useCommand<V>(app: Application, run: (v: V) => Promise<Application>, form?: ReturnType<typeof Form.useForm>[0]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (a) => {
      qc.setQueryData(keys.application(app.id), a);
      void qc.invalidateQueries({ queryKey: ['applications'] });
      form?.resetFields();
    },
    onError: (err) => {
      if (form) applyProblemToForm(form, err);
    },
  });
}

export const h2 = (text: string) => <h2 className="card-title-sm">{text}</h2>;
