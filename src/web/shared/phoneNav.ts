import { useSyncExternalStore } from 'react';

/**
 * Phone layout (docs/web.md, "Phone layout"): at this width and below the left navigation is a
 * drawer over the page, opened from the top bar's menu button, instead of a column beside it.
 */
export const PHONE_QUERY = '(max-width: 640px)';

/** Whether a media query matches now (follows resizes and rotation). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Whether the window is phone-sized now. */
export function useIsPhone(): boolean {
  return useMediaQuery(PHONE_QUERY);
}

/**
 * The phone's navigation drawer, shared by the frame (which has the navigation) and the top bar
 * (which has the button that opens it; it is rendered outside the frame).
 */
export interface PhoneNavState {
  /** A frame with navigation is on screen (the sign-in pages have none). */
  present: boolean;
  open: boolean;
}

let state: PhoneNavState = { present: false, open: false };
const listeners = new Set<() => void>();

function update(next: Partial<PhoneNavState>): void {
  if (Object.entries(next).every(([k, v]) => state[k as keyof PhoneNavState] === v)) return;
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export const phoneNav = {
  setPresent: (present: boolean) => update(present ? { present } : { present, open: false }),
  setOpen: (open: boolean) => update({ open }),
};

export function usePhoneNav(): PhoneNavState {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => state,
  );
}
