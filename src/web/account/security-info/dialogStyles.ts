import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of the Add sign-in method dialog's steps. */
export const useDialogStyles = makeStyles({
  surface: { maxWidth: '560px' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  radioLabel: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  radioText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  radioHint: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  radioIcon: { fontSize: '20px', color: tokens.colorBrandForeground1, flexShrink: 0, marginTop: '1px' },
  qr: {
    alignSelf: 'flex-start',
    width: '200px',
    height: '200px',
    padding: tokens.spacingHorizontalS,
    backgroundColor: '#ffffff',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  secretRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  secret: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    overflowWrap: 'anywhere',
    userSelect: 'all',
  },
  code: { maxWidth: '200px', fontVariantNumeric: 'tabular-nums', letterSpacing: '0.1em' },
});
