import { useSyncExternalStore } from 'react';

/** The public pages' phone layout (cards instead of tables) below this width, the same breakpoint as their CSS. */
export const NARROW = '(max-width: 640px)';

/** Whether a media query matches now, following it as the window changes (false where there is no window). */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
