import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, makeStyles, tokens } from '@fluentui/react-components';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useSpaClick } from '../../shared/links';

const useStyles = makeStyles({
  root: { marginInlineStart: `calc(-1 * ${tokens.spacingHorizontalS})` },
  // A level with no page of its own (Settings), sized like the breadcrumb's buttons.
  text: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    paddingInline: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
});

/** Settings > … as in the Microsoft 365 admin centre; the last item is the current page. */
export function SettingsBreadcrumb({ items }: { items: { label: string; to?: string }[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const spaClick = useSpaClick();
  return (
    <Breadcrumb aria-label={t('settings.breadcrumb')} size="small" className={styles.root}>
      {items.map((item, index) => (
        <Fragment key={item.label}>
          {index ? <BreadcrumbDivider /> : null}
          <BreadcrumbItem>
            {item.to ? (
              <BreadcrumbButton href={item.to} onClick={(e) => spaClick(e, item.to!)}>
                {item.label}
              </BreadcrumbButton>
            ) : index === items.length - 1 ? (
              <BreadcrumbButton current>{item.label}</BreadcrumbButton>
            ) : (
              <span className={styles.text}>{item.label}</span>
            )}
          </BreadcrumbItem>
        </Fragment>
      ))}
    </Breadcrumb>
  );
}
