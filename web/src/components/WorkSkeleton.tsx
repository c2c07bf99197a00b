import { useT } from '../lib/i18n';
import { commonMessages } from './messages';

const bar = (width: string | number, height = 14, extra: React.CSSProperties = {}): React.CSSProperties => ({
  width,
  height,
  borderRadius: 4,
  background: '#e9ecef',
  ...extra,
});

/**
 * The back office's shape, drawn at once — before its code (antd, the layout, the page) has arrived
 * and while the session is checked — so a slow link shows a page taking form, not a blank grey one
 * (issue 13, point 10). Plain elements only: it is part of the entry chunk.
 */
export function WorkSkeleton() {
  const t = useT(commonMessages);
  // the menu folds away on a narrow screen (WorkLayout's breakpoint), so does its outline
  const narrow = typeof window !== 'undefined' && window.innerWidth < 992;
  return (
    <div style={{ display: 'flex', minHeight: '100vh', background: '#f5f5f5' }} aria-busy="true">
      {narrow ? null : (
        <div style={{ width: 210, flex: 'none', background: '#fff', borderRight: '1px solid #eee', padding: '14px 16px' }} aria-hidden="true">
          <div style={bar(150, 18, { background: '#f3d6d6' })} />
          <div style={bar(90, 10, { marginTop: 8 })} />
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} style={bar(120 - i * 8, 14, { marginTop: 22 })} />
          ))}
        </div>
      )}
      <div style={{ flex: 1, minWidth: 0 }}>
        <div
          style={{ height: 48, background: '#fff', borderBottom: '1px solid #eee', display: 'flex', alignItems: 'center', padding: '0 16px' }}
          aria-hidden="true"
        >
          <div style={bar(160, 16)} />
        </div>
        <main style={{ padding: 16, maxWidth: 1280 }}>
          <p role="status" style={{ margin: '0 0 12px', color: '#595959' }}>
            {t('loadingPage')}
          </p>
          <div aria-hidden="true">
            <div style={bar('40%', 24)} />
            <div style={{ background: '#fff', borderRadius: 8, padding: 16, marginTop: 16 }}>
              {[90, 75, 82, 60].map((w, i) => (
                <div key={i} style={bar(`${w}%`, 14, { marginTop: i ? 14 : 0 })} />
              ))}
            </div>
            <div style={{ background: '#fff', borderRadius: 8, padding: 16, marginTop: 16 }}>
              {[70, 85, 50].map((w, i) => (
                <div key={i} style={bar(`${w}%`, 14, { marginTop: i ? 14 : 0 })} />
              ))}
            </div>
          </div>
        </main>
      </div>
    </div>
  );
}
