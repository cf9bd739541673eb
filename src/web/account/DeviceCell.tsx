import { TableCell, TableCellLayout } from '@fluentui/react-components';
import { DesktopRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { deviceLabel } from '../../shared/user-agent.js';

/** The device of a session or sign-in, with the full user agent as its tooltip. */
export function DeviceCell({ userAgent, children }: { userAgent: string | null; children: ReactNode }) {
  return (
    <TableCell title={userAgent ?? undefined}>
      <TableCellLayout media={<DesktopRegular aria-hidden />}>{children}</TableCellLayout>
    </TableCell>
  );
}

/** The device's short name ("Chrome · Windows"), or "Unknown device". */
export function deviceName(userAgent: string | null, t: (key: string) => string): string {
  return deviceLabel(userAgent) ?? t('security.unknownDevice');
}
