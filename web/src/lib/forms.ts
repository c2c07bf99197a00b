/** A text field of a submitted native form ('' when absent or a file). */
export function formText(form: HTMLFormElement | FormData, name: string): string {
  const v = (form instanceof FormData ? form : new FormData(form)).get(name);
  return typeof v === 'string' ? v : '';
}
