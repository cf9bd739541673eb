import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of the user panel (Active users): header, toolbar, account details, Edit and Roles. */
export const useUserPanelStyles = makeStyles({
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  headerText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  upn: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightRegular, overflowWrap: 'anywhere' },
  // The body scrolls: its parts keep their height (a two-line notice no longer spills over the tabs).
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXL, '> *': { flexShrink: 0 } },
  toolbar: { paddingInline: 0, flexWrap: 'wrap', borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, '> *': { whiteSpace: 'nowrap' } },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', '> *': { flexGrow: 1, flexBasis: '180px' } },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  sectionTitle: { fontWeight: tokens.fontWeightSemibold },
  roleList: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  roleItem: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalXXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  assign: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  combobox: { minWidth: '260px' },
  muted: { color: tokens.colorNeutralForeground2 },
});
