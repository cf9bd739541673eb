import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export const usePasswordResetStyles = makeStyles({
  tabs: { marginBottom: `calc(-1 * ${tokens.spacingVerticalS})` },
  user: { display: 'flex', flexDirection: 'column', minWidth: 0, paddingBlock: tokens.spacingVerticalXS },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  upn: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  search: { minWidth: '260px' },
  // Outcomes are a few words; the badge grows instead of wrapping inside its pill.
  badge: { whiteSpace: 'nowrap', flexShrink: 0 },
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'stretch' },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: '140px',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  tileValue: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
  },
  tileLabel: { color: tokens.colorNeutralForeground2 },
  reasons: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  reason: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  reasonCount: { fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold },
});

/** A method kind (a MethodKind, or a kind this version does not know) as text, with the names My account > Security info uses. */
function kindLabel(t: TFunction, kind: string): string {
  return t(`securityInfo.kinds.${kind}`, { defaultValue: kind });
}

export function kindsText(t: TFunction, kinds: readonly string[]): string {
  return kinds.length ? kinds.map((k) => kindLabel(t, k)).join(', ') : '—';
}

/** An attempt's outcome as text: "Completed", "Wrong code or answer"…; an unknown code as itself. */
export function outcomeLabel(t: TFunction, outcome: string | null): string {
  if (outcome === null || outcome === 'open') return t('ssprReports.inProgress');
  if (outcome === 'failed') return t('ssprReports.filterFailed');
  return t(`ssprReports.outcomes.${outcome}`, { defaultValue: outcome });
}

export function ResetOutcomeBadge({ outcome }: { outcome: string | null }) {
  const { t } = useTranslation();
  const styles = usePasswordResetStyles();
  const color: BadgeProps['color'] =
    outcome === null ? 'informative' : outcome === 'completed' ? 'success' : outcome === 'abandoned' || outcome === 'superseded' ? 'subtle' : 'danger';
  return (
    <Badge appearance="tint" color={color} className={styles.badge}>
      {outcomeLabel(t, outcome)}
    </Badge>
  );
}
