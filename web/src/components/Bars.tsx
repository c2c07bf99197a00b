/** A light bar chart in plain HTML/CSS (no chart library): label, bar, value; readable by screen readers as a list. */
export function Bars({ data, label }: { data: { label: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <ul className="bars" aria-label={label}>
      {data.map((d) => (
        <li key={d.label} className="bar-row">
          <span title={d.label} className="bar-label">
            {d.label}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(d.value / max) * 100}%` }} />
          </span>
          <span className="bar-value">{d.value}</span>
        </li>
      ))}
    </ul>
  );
}
